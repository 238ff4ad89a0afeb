"""Parse Arabic, full-width and Chinese numerals into exact Decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = {**SMALL_UNITS, **BIG_UNITS}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_arabic(digits: str, magnitudes: str = "") -> Decimal | None:
    """``"62.38", "亿"`` -> 6238000000; full-width digits and 1,234 separators accepted."""
    try:
        value = Decimal(digits.translate(_FULLWIDTH).replace(",", ""))
    except InvalidOperation:
        return None
    for ch in magnitudes:
        if ch not in MAGNITUDES:
            return None
        value *= MAGNITUDES[ch]
    return value


def parse_chinese(text: str) -> int | None:
    """``"一千二百"`` -> 1200, ``"十五"`` -> 15, ``"两万五"`` -> 25000; None when malformed."""
    if not text:
        return None
    total = 0  # completed 亿/万 sections
    section = 0  # below 万 in the current section
    digit: int | None = None
    last_unit = 0  # the last unit applied (for 一千二 = 1200)
    after_zero = False
    prev_digit = False
    for ch in text:
        if ch in DIGITS:
            d = DIGITS[ch]
            if prev_digit and not after_zero:
                return None  # 三八, 二〇二二: a string of digits, not a numeral
            if d == 0:
                after_zero = True
                digit = None
            else:
                digit = d
            prev_digit = True
        elif ch in SMALL_UNITS:
            u = SMALL_UNITS[ch]
            if digit is None:
                if section and not after_zero:
                    return None
                digit = 1  # 十五, 百余: the leading one may be left out
            if section and section % (u * 10) and not after_zero:
                return None  # units must fall: 十百 is malformed
            section += digit * u
            digit, last_unit, after_zero, prev_digit = None, u, False, False
        elif ch in BIG_UNITS:
            u = BIG_UNITS[ch]
            part = section + (digit or 0)
            if u == 100_000_000:
                total = (total + part) * u if (total or part) else u
            elif total % 100_000_000:
                return None  # 三万五千万: a second 万 in one 亿 section
            else:
                total += (part or (0 if total else 1)) * u
            section, digit, last_unit, after_zero, prev_digit = 0, None, u, False, False
        else:
            return None
    if digit is not None:
        if after_zero or last_unit in (0, 10):
            section += digit
        else:
            section += digit * last_unit // 10  # 一千二 = 1200, 两万五 = 25000
    return total + section
