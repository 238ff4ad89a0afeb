from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """An exact amount for ledger pages: 6,238,000,000 元 (the review uses the house style)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"{text} 元"
