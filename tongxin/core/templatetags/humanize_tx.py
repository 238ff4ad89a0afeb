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


@register.filter
def plain_number(value) -> str:
    """A figure without needless decimals: 46, 62.38, 6,238,000,000."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")
