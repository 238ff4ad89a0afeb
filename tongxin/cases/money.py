"""Amounts entered in 元, 万元 or 亿元, stored in 元 (framework-free but for gettext)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

# i18n: data (the units an amount is entered in)
UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
# The values are data; the labels say the same unit in the reader's language.
# i18n: data
UNIT_CHOICES = [("元", _("元")), ("万元", _("万元")), ("亿元", _("亿元"))]
MAX_YUAN = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2

UNKNOWN_UNIT = _("金额单位应为元、万元或亿元。")
NEGATIVE = _("金额不能为负数。")
TOO_PRECISE = _("金额换算为元后最多保留到分。")
TOO_LARGE = _("金额过大。")
UNREADABLE = _("无法识别的金额“{value}”。")


class AmountError(ValueError):
    """An amount that cannot be stored; the message is the Chinese reason."""


def to_yuan(value, unit: str) -> Decimal:
    """`value` `unit` in 元, exact to the cent (62.38 亿元 → 6238000000.00 元)."""
    if unit not in UNITS:
        raise AmountError(UNKNOWN_UNIT)
    try:
        amount = Decimal(str(value)) * UNITS[unit]
    except InvalidOperation:
        raise AmountError(UNREADABLE.format(value=value)) from None
    if amount < 0:
        raise AmountError(NEGATIVE)
    if amount != amount.quantize(Decimal("0.01")):
        raise AmountError(TOO_PRECISE)
    if amount > MAX_YUAN:
        raise AmountError(TOO_LARGE)
    return amount.quantize(Decimal("0.01"))
