"""Amounts entered in 元, 万元 or 亿元, stored in 元 (framework-free)."""

from decimal import Decimal, InvalidOperation

UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
UNIT_CHOICES = [(name, name) for name in UNITS]
MAX_YUAN = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2

UNKNOWN_UNIT = "金额单位应为元、万元或亿元。"
NEGATIVE = "金额不能为负数。"
TOO_PRECISE = "金额换算为元后最多保留到分。"
TOO_LARGE = "金额过大。"


class AmountError(ValueError):
    """An amount that cannot be stored; the message is the Chinese reason."""


def to_yuan(value, unit: str) -> Decimal:
    """`value` `unit` in 元, exact to the cent (62.38 亿元 → 6238000000.00 元)."""
    if unit not in UNITS:
        raise AmountError(UNKNOWN_UNIT)
    try:
        amount = Decimal(str(value)) * UNITS[unit]
    except InvalidOperation:
        raise AmountError(f"无法识别的金额“{value}”。") from None
    if amount < 0:
        raise AmountError(NEGATIVE)
    if amount != amount.quantize(Decimal("0.01")):
        raise AmountError(TOO_PRECISE)
    if amount > MAX_YUAN:
        raise AmountError(TOO_LARGE)
    return amount.quantize(Decimal("0.01"))
