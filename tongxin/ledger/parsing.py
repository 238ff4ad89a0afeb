"""Reading the cells of an imported spreadsheet: dates, whole numbers, amounts of money.

Framework-free: each parser takes what openpyxl hands over (str, int, float, datetime,
None) and returns a Python value or raises `CellError` with a Chinese message the
import preview shows beside the row and column.
"""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

DATE_INVALID = _("无法识别的日期“{value}”，请写成 2022-03-05 的形式。")
DATE_NOT_EXIST = _("日期“{value}”不存在。")
DATE_OUT_OF_RANGE = _("日期“{value}”超出合理范围（1949—2100 年）。")
INTEGER_INVALID = _("“{value}”不是整数。")
INTEGER_NEGATIVE = _("“{value}”不能为负数。")
INTEGER_TOO_LARGE = _("“{value}”过大。")
AMOUNT_INVALID = _("无法识别的金额“{value}”，请写成 1234.5、1,234 或 12.5万元 的形式。")
AMOUNT_NEGATIVE = _("金额“{value}”不能为负数。")
AMOUNT_TOO_PRECISE = _("金额“{value}”精确到分即可（最多两位小数，以元计）。")
AMOUNT_TOO_LARGE = _("金额“{value}”过大。")

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_INTEGER = 2_147_483_647  # PositiveIntegerField on every database
MAX_AMOUNT = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2
_CENT = Decimal("0.01")
# Excel counts days from 1899-12-30 (the 1900 leap-year bug makes that the right epoch
# for every date after February 1900).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN = (dt.date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days


class CellError(ValueError):
    """A cell that cannot be read; `str(error)` is the Chinese reason."""


def normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms, spaces removed
    (NFKC also turns the ideographic space and "，" into " " and ",")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def clean_text(value) -> str:
    """A text cell as a stripped string; numbers as typed (2022, not 2022.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return str(value).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- dates -----------------------------------------------------------------------

# i18n: data (Chinese numerals and date words the parser reads)
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
# i18n: data
_YMD = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# i18n: data
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?")
_SERIAL = re.compile(r"\d{5}(\.\d+)?")
# A time after the date ("2022-03-05 00:00:00", "2022/3/5 9:30") is ignored.
_TIME_TAIL = re.compile(r"[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _cn_number(text: str) -> str:
    """二〇二二 -> 2022, 十 -> 10, 十二 -> 12, 二十 -> 20, 三十一 -> 31."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return str(int(_CN_DIGITS.get(tens, "1")) * 10 + int(_CN_DIGITS.get(ones, "0")))
    return "".join(_CN_DIGITS.get(c, c) for c in text)


def _chinese_numerals_to_digits(text: str) -> str:
    if not any(c in _CN_DIGITS or c == "十" for c in text):
        return text
    return re.sub(r"[〇○零一二三四五六七八九十]+", lambda m: _cn_number(m.group()), text)


def _checked(year: int, month: int, day: int, raw) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(DATE_OUT_OF_RANGE.format(value=raw))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(DATE_NOT_EXIST.format(value=raw)) from None


def _from_serial(serial: float, raw) -> dt.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise CellError(DATE_OUT_OF_RANGE.format(value=raw))
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value, *, year: int | None = None) -> dt.date:
    """2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日, 二〇二二年三月五日, 20220305,
    an Excel serial (44625) or a date/datetime cell; with `year`, also 3月5日 and
    三月五日 (the year the sheet is about)."""
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day, value.date())
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise CellError(DATE_INVALID.format(value=value))
    if isinstance(value, int | float):
        if isinstance(value, int) and 10_000_000 <= value <= 99_999_999:
            text = str(value)
            return _checked(int(text[:4]), int(text[4:6]), int(text[6:]), value)
        return _from_serial(value, clean_text(value))
    raw = clean_text(value)
    text = _TIME_TAIL.sub("", unicodedata.normalize("NFKC", raw))
    text = _chinese_numerals_to_digits(normalize(text))
    for pattern in (_YMD, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _checked(*(int(g) for g in match.groups()), raw)
    match = _MONTH_DAY.fullmatch(text)
    if match and year is not None:
        return _checked(year, int(match.group(1)), int(match.group(2)), raw)
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), raw)
    raise CellError(DATE_INVALID.format(value=raw))


# --- numbers ---------------------------------------------------------------------

# 1234, 1,234, 1,234,567.5 (groups of three only: "12,34" is a typo, not a number)
_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
_AMOUNT_UNITS = {  # i18n: data (units the parser reads)
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "元": Decimal(1),
}


def _decimal(text: str) -> Decimal | None:
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


def _numeric_cell(value) -> Decimal | None:
    """A number cell as a Decimal (floats through their shortest repr: 0.1, not
    0.1000000000000000055...)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, Decimal):
        return value
    return None


def parse_integer(value, *, suffixes: tuple[str, ...] = ()) -> int:
    """A whole number >= 0: 35, "35", "３５", "1,200", "1，200"; a trailing measure word
    from `suffixes` is allowed ("35人", "3场")."""
    number = _numeric_cell(value)
    raw = clean_text(value)
    if number is None:
        text = normalize(raw)
        for suffix in sorted(suffixes, key=len, reverse=True):
            if suffix and text.endswith(suffix):
                text = text[: -len(suffix)]
                break
        number = _decimal(text)
    if number is None or number != number.to_integral_value():
        raise CellError(INTEGER_INVALID.format(value=raw))
    if number < 0:
        raise CellError(INTEGER_NEGATIVE.format(value=raw))
    if number > MAX_INTEGER:
        raise CellError(INTEGER_TOO_LARGE.format(value=raw))
    return int(number)


def parse_amount(value, *, unit: str = "元") -> Decimal:
    """An amount of money in yuan: 1234.5, "1,234.50", "￥1,234", "12.5万元", "1.2亿",
    "３，０００万". A bare number is in `unit` (a column headed 金额（万元） passes "万元")."""
    raw = clean_text(value)
    number = _numeric_cell(value)
    multiplier = _AMOUNT_UNITS[unit]
    if number is None:
        text = normalize(raw).lstrip("¥￥")
        for suffix, factor in _AMOUNT_UNITS.items():
            if text.endswith(suffix):
                text, multiplier = text[: -len(suffix)], factor
                break
        text = text.lstrip("¥￥")
        number = _decimal(text)
        if number is None:
            raise CellError(AMOUNT_INVALID.format(value=raw))
    try:
        yuan = number * multiplier
    except InvalidOperation:
        raise CellError(AMOUNT_INVALID.format(value=raw)) from None
    if yuan < 0:
        raise CellError(AMOUNT_NEGATIVE.format(value=raw))
    if yuan > MAX_AMOUNT:
        raise CellError(AMOUNT_TOO_LARGE.format(value=raw))
    if yuan != yuan.quantize(_CENT, rounding=ROUND_DOWN):
        raise CellError(AMOUNT_TOO_PRECISE.format(value=raw))
    return yuan.quantize(_CENT)
