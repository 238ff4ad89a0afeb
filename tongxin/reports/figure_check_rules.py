"""When a printed figure agrees with the ledger, and the one sentence that says why.

Exactness (issue 21): a figure with no qualifier and no 万/亿 is exact, trailing zeros
and all (50个 means fifty, not "about fifty"); one written with 万 or 亿 agrees when the
ledger, in that multiplier, rounds to the printed figure at two decimals, the precision of
our own number style (tongxin.text.numbers); decimals are a precision (95.5%). The
qualifiers keep their meaning: 余/多 is strictly between the number and the number plus
its last significant place (70余: 71–79); 超/逾 is above, 以上 at least; 近/将近 is 90%
to below; 约/左右 is within 10%.

Growth and change are checked against the indicator's value for the year and for the
base year; a rate agrees when the true change, rounded to the printed decimals, equals
the printed figure. A range agrees when the ledger is within it; a rank is exact.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from tongxin.text.numbers import format_money
from tongxin.text.numerals import parse_arabic, parse_chinese

MATCH, MISMATCH, UNBOUND, NO_DATA = "match", "mismatch", "unbound", "no_data"
VERDICTS = (MATCH, MISMATCH, UNBOUND, NO_DATA)

# i18n: data
_NUMBER = re.compile(r"([0-9０-９]+(?:,[0-9]{3})*(?:[.．]([0-9０-９]+))?)([百千万亿]*)")
_BIG = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}  # i18n: data
_AT_LEAST = {"以上", "不少于", "不低于"}  # i18n: data
_ABOVE = {"超", "超过", "逾", "上"}  # i18n: data
_BAND = {"余", "多"}  # i18n: data
_NEAR = {"近", "将近", "接近"}  # i18n: data
_BELOW = {"不足", "不到"}  # i18n: data
_AT_MOST = {"以下", "以内", "不超过"}  # i18n: data
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def printed_number(surface: str) -> tuple[Decimal, Decimal] | None:
    """(printed number with its multipliers, its last significant place) of a surface in
    simplified text: 62.38亿元 → (6238000000, 1000000); 70余件 → (70, 10). The place is
    what a qualifier (余, 多) reaches; an unqualified figure uses `exact_place`."""
    m = _NUMBER.search(surface)
    if m:
        digits, decimals, multipliers = m.groups()
        value = parse_arabic(digits.replace(",", ""), multipliers)
        if value is None:
            return None
        scale = _scale(multipliers)
        if decimals:
            place = scale / Decimal(10) ** len(decimals)
        else:
            mantissa = digits.replace(",", "")
            zeros = len(mantissa) - len(mantissa.rstrip("0")) if mantissa.strip("0") else 0
            place = scale * Decimal(10) ** zeros
        return value, place
    chinese = re.search(r"[零〇一二两三四五六七八九十百千万亿]+", surface)
    if not chinese:
        return None
    text = chinese.group()
    number = parse_chinese(text)
    if number is None:
        return None
    place = Decimal(1)
    # 七十 → 10, 四百 → 100, 一千二 → 100: the place of the last digit written.
    if text[-1] in _BIG:
        place = Decimal(_BIG[text[-1]])
    elif len(text) >= 2 and text[-2] in "百千万亿" and text[-1] not in "零〇":
        place = Decimal(_BIG[text[-2]]) / 10
    return Decimal(number), place


def _scale(multipliers: str) -> Decimal:
    scale = Decimal(1)
    for ch in multipliers:
        scale *= _BIG[ch]
    return scale


def multiplier_of(surface: str) -> str:
    """万, 亿 (or 万亿) as written after the number; "" when none."""
    m = _NUMBER.search(surface)
    if m:
        return "".join(ch for ch in m.group(3) if ch in "万亿")
    chinese = re.search(r"[零〇一二两三四五六七八九十百千万亿]+", surface)
    return chinese.group()[-1] if chinese and chinese.group()[-1] in "万亿" else ""


def exact_place(surface: str) -> Decimal:
    """The precision of an unqualified figure: 0.01 of its 万/亿 (62.38亿元, 3亿元 → 10^6),
    else its decimals (95.5% → 0.1), else one: 50个 means fifty."""
    multiplier = multiplier_of(surface)
    if multiplier:
        return _scale(multiplier) * _CENT
    m = _NUMBER.search(surface)
    if m and m.group(2):
        return Decimal(1).scaleb(-len(m.group(2)))
    return Decimal(1)


def _round(value: Decimal, place: Decimal) -> Decimal:
    return (value / place).quantize(Decimal(1), ROUND_HALF_UP) * place


def band(value: Decimal, marker: str, place: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The (low, high) a qualified figure allows; None for an open end."""
    if marker in _BAND:
        return value, value + place
    if marker in _AT_LEAST or marker in _ABOVE:
        return value, None
    if marker in _NEAR:
        return value * Decimal("0.9"), value
    if marker in _BELOW or marker in _AT_MOST:
        return None, value
    return value * Decimal("0.9"), value * Decimal("1.1")


def agrees(ledger: Decimal, value: Decimal, marker: str | None, place: Decimal) -> bool:
    """Does the ledger's figure agree with a printed `value` qualified by `marker`?"""
    if marker is None:
        return _round(ledger, place) == value if place != 1 else ledger == value
    if marker in _BAND:
        return value < ledger < value + place
    if marker in _AT_LEAST:
        return ledger >= value
    if marker in _ABOVE:
        return ledger > value
    if marker in _NEAR:
        return value * Decimal("0.9") <= ledger < value
    if marker in _BELOW:
        return ledger < value
    if marker in _AT_MOST:
        return ledger <= value
    # 约 大约 左右 上下 来: within 10%.
    return abs(ledger - value) <= value * Decimal("0.1")


def figure_agrees(ledger: Decimal, surface: str, marker: str | None) -> bool:
    """The rule for a plain figure as printed (simplified surface): what the check applies."""
    printed = printed_number(surface)
    if printed is None:
        return False
    value, place = printed
    return agrees(ledger, value, marker, exact_place(surface) if marker is None else place)


# ---- numbers in sentences -----------------------------------------------------------


def plain(value: Decimal) -> str:
    """At most two decimals, trailing zeros dropped: 46, 37.93, 1.5."""
    q = Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: Decimal, unit: str) -> str:
    """A ledger value with its unit, as a sentence prints it: 46个, 62.38亿元, 95%."""
    if unit == "元":
        return format_money(value)
    return f"{plain(value)}{unit}"


def when(year: int | None) -> str:
    return f"{year}年" if year else ""


# ---- verdicts -----------------------------------------------------------------------


def check_figure(*, ledger: Decimal, surface: str, draft: str, marker, unit, year):
    """(verdict, explanation) of a count, amount or percentage."""
    ok = figure_agrees(ledger, surface, marker)
    args = {"draft": draft, "when": when(year), "ledger": amount(ledger, unit)}
    if marker is not None:
        value, place = printed_number(surface)
        low, high = band(value, marker, place)
        args["marker"] = marker
        args["band"] = _band_text(marker, low, high, unit)
        if ok:
            text = _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，符合“%(marker)s”（%(band)s）")
            return MATCH, text % args
        text = _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，不符合“%(marker)s”（%(band)s）")
        return MISMATCH, text % args
    if ok:
        return MATCH, _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，一致") % args
    value, _place = printed_number(surface)
    multiplier = multiplier_of(surface)
    if multiplier:
        scale = _scale(multiplier)
        args["rounded"] = f"{plain(_round(ledger, scale * _CENT) / scale)}{multiplier}{unit}"
        args["multiplier"] = multiplier
        return MISMATCH, _(
            "稿件写“%(draft)s”，台账%(when)s为%(ledger)s，以“%(multiplier)s”为单位保留两位小数应写%(rounded)s"
        ) % args
    place = exact_place(surface)
    if place < 1:
        args["rounded"] = amount(_round(ledger, place), unit)
        text = _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，按稿件的小数位应写%(rounded)s")
        return MISMATCH, text % args
    diff = {"diff": amount(abs(ledger - value), unit)}
    args["gap"] = (_("少%(diff)s") if ledger < value else _("多%(diff)s")) % diff
    return MISMATCH, _(
        "稿件写“%(draft)s”，台账%(when)s为%(ledger)s（%(gap)s），未加“余”“约”等限定词，按准确数核对"
    ) % args


def _band_text(marker: str, low, high, unit: str) -> str:
    args = {"low": amount(low, unit) if low is not None else "", "high": ""}
    if high is not None:
        args["high"] = amount(high, unit)
    if marker in _BAND:
        return _("应多于%(low)s、少于%(high)s") % args
    if marker in _AT_LEAST:
        return _("应不少于%(low)s") % args
    if marker in _ABOVE:
        return _("应多于%(low)s") % args
    if marker in _NEAR:
        return _("应不少于%(low)s、少于%(high)s") % args
    if marker in _BELOW:
        return _("应少于%(high)s") % args
    if marker in _AT_MOST:
        return _("应不多于%(high)s") % args
    return _("应在%(low)s至%(high)s之间") % args


def check_change(*, kind, current, base, value, surface, multiple, marker, direction, draft,
                 unit, year, base_year):  # fmt: skip
    """(verdict, explanation, actual) of a growth rate or a change against two years.

    `value` is the printed figure (a rate in %, 增长一倍 being 100), `surface` the figure
    as printed in simplified text (39.4%, 一倍, 108个)."""
    args = {
        "draft": draft,
        "base_year": base_year,
        "year": year,
        "base": amount(base, unit),
        "ledger": amount(current, unit),
    }
    printed = printed_number(surface)
    loose = printed[1] if printed else Decimal(1)  # the place a qualifier reaches
    place = exact_place(surface) if marker is None else loose
    if kind == "growth":
        if base == 0:
            text = _("稿件写%(draft)s，台账%(base_year)s年为0，无法计算增长率")
            return MISMATCH, text % args, None
        actual = (current - base) / base * _HUNDRED
        if multiple:
            place *= _HUNDRED  # 增长一倍: a precision of one 倍
        shown = abs(actual) if multiple else _round(abs(actual), min(place, Decimal(1)))
        text = f"{plain(shown)}%"
        verbs = (_("增长"), _("下降"))
    else:
        actual = current - base
        text = amount(abs(actual), unit)
        verbs = (_("增加"), _("减少"))
    sign_ok = actual == 0 or (actual > 0) == (direction == "up")
    if marker is None:
        ok = sign_ok and _round(abs(actual), place) == value
    else:
        ok = sign_ok and agrees(abs(actual), value, marker, place)
    args["actual"] = text
    args["verb"] = verbs[0] if actual >= 0 else verbs[1]
    if ok:
        explanation = _(
            "稿件写%(draft)s，台账%(base_year)s年%(base)s、%(year)s年%(ledger)s，实际%(verb)s%(actual)s，一致"
        )
    else:
        explanation = _(
            "稿件写%(draft)s，台账%(base_year)s年%(base)s、%(year)s年%(ledger)s，实际%(verb)s%(actual)s"
        )
    return (MATCH if ok else MISMATCH), explanation % args, actual


def check_range(*, ledger, low, high, draft, unit, year, units=None):
    """(verdict, explanation, disagreeing units) of 800至900场次, or of 每个区县3至5个
    against each unit under the chosen one (`units`: [(name, value)])."""
    args = {"draft": draft, "when": when(year), "low": plain(low), "high": amount(high, unit)}
    if units is not None:
        wrong = [(name, v) for name, v in units if not low <= (v or 0) <= high]
        if not wrong:
            args["count"] = len(units)
            text = _("稿件写“%(draft)s”，台账%(when)s下属%(count)s个单位均在%(low)s至%(high)s之间")
            return MATCH, text % args, []
        args["units"] = "、".join(f"{name}{amount(v or 0, unit)}" for name, v in wrong)
        text = _("稿件写“%(draft)s”，台账%(when)s这些单位不在%(low)s至%(high)s之间：%(units)s")
        return MISMATCH, text % args, [{"unit": n, "value": v} for n, v in wrong]
    args["ledger"] = amount(ledger, unit)
    if low <= ledger <= high:
        return MATCH, _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，在范围内") % args, []
    text = _("稿件写“%(draft)s”，台账%(when)s为%(ledger)s，不在%(low)s至%(high)s之间")
    return MISMATCH, text % args, []


def check_rank(*, ledger, value, draft, indicator, year):
    args = {"draft": draft, "when": when(year), "indicator": indicator, "ledger": plain(ledger)}
    if ledger == value:
        return MATCH, _("稿件写“%(draft)s”，台账%(when)s%(indicator)s为第%(ledger)s名，一致") % args
    return MISMATCH, _("稿件写“%(draft)s”，台账%(when)s%(indicator)s为第%(ledger)s名") % args


def unbound_text() -> str:
    return _("稿件中这一数字附近没有任何指标的关键词，未核对")


def no_value_text(*, indicator: str, year: int | None) -> str:
    return _("台账%(when)s没有“%(indicator)s”的数值，未核对") % {
        "when": when(year),
        "indicator": indicator,
    }


def no_data_text(*, year: int, unit: str) -> str:
    return _("台账中%(year)s年%(unit)s尚无已审核记录") % {"year": year, "unit": unit}
