from decimal import Decimal

from django import template
from django.utils.translation import gettext

from tongxin.text.numbers import format_money

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
    return gettext("{amount} 元").format(amount=text)


@register.filter
def plain_number(value) -> str:
    """A figure without needless decimals: 46, 62.38, 6,238,000,000."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


# The measure words that mean money: their figures print in the house style.
YUAN_WORDS = frozenset({"元"})  # i18n: data (a measure word stored with indicators)


@register.filter
def money(value) -> str:
    """An amount in the house style, as the review prints it: 62.38亿元, 1500万元, 860元.
    For lists, totals, dashboards and drill-downs; detail pages and export cells keep
    the exact `yuan`."""
    if value is None or value == "":
        return ""
    return format_money(Decimal(value))


@register.filter
def figure(value, unit_word: str = "") -> str:
    """A figure printed before its measure word: an amount of money in the house style
    without the final 元 the page prints after it (62.38亿|元), any other figure plain."""
    if value is None or value == "":
        return ""
    if unit_word in YUAN_WORDS:
        return format_money(Decimal(value)).removesuffix("元")
    return plain_number(value)


@register.filter
def figure_with_unit(value, unit_word: str = "") -> str:
    """A figure in a table cell without its measure word beside it: money whole in the
    house style (62.38亿元), any other figure plain."""
    if value is None or value == "":
        return ""
    if unit_word in YUAN_WORDS:
        return format_money(Decimal(value))
    return plain_number(value)
