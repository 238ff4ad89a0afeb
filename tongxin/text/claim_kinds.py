"""What a claim's context makes of it: growth, change, range or rank (issue 21).

Each reader looks back from the number over a few characters of the same clause, so the
cost is paid per claim, never per character of the text.  Offsets are in the cleaned
simplified text that ``claims.claims_in_simplified`` works on.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import CHINESE_NUMERAL_CHARS, parse_arabic, parse_chinese

COUNT, AMOUNT, PERCENT = "count", "amount", "percent"
GROWTH, CHANGE, RANGE, RANK = "growth", "change", "range", "rank"
KINDS = (COUNT, AMOUNT, PERCENT, GROWTH, CHANGE, RANGE, RANK)
UP, DOWN = "up", "down"
PREVIOUS_YEAR = "previous_year"

PERCENT_UNITS = {"%", "‰"}
POINT_UNITS = {"个百分点", "百分点"}
MONEY_UNITS = {"元", "美元", "港元", "欧元"}

_STOP = set('，,。；;：:、！!？?\n\r\t“”"（）()《》')
_CLAUSE_STOP = set("，,。；;：:！!？?\n\r")
_PARENS = re.compile(r"[（(][^（）()]*[）)]")

# Direction words before the number, longest first, looked up by their last character.
_DIRECTIONS = (
    ("增长", UP), ("增加", UP), ("上升", UP), ("提高", UP), ("提升", UP), ("新增", UP),
    ("增", UP), ("多", UP), ("翻", UP), ("减少", DOWN), ("下降", DOWN), ("降低", DOWN),
    ("回落", DOWN), ("下滑", DOWN), ("减", DOWN), ("少", DOWN),
)  # fmt: skip
# Verbs that say "changed by" on their own, without a base: 增长6.5%.
_CHANGE_VERBS = {
    "翻", "增长", "增加", "上升", "提高", "提升", "减少", "下降", "降低", "回落", "下滑",
}  # fmt: skip
_DIR_BY_LAST: dict[str, list[tuple[str, str]]] = {}
for _word, _dir in sorted(_DIRECTIONS, key=lambda e: -len(e[0])):
    _DIR_BY_LAST.setdefault(_word[-1], []).append((_word, _dir))
DIRECTION_LAST_CHARS = frozenset(_DIR_BY_LAST)
# 增长到 / 下降至 name the new level, not the change.
_LEVEL_GAP = set("至到为")
# The base and up to four characters before the direction word (比上年同期净增长).
_BASE = re.compile(
    r"(?P<word>(?:较|比)(?:(?P<year>20[0-9]{2})|上一?|去)年度?(?:同期)?|同比|环比"
    r"|与(?:上|去)年(?:同期)?相比)[^，,。；;：:、！!？?\n\r\t“”\"（）()《》]{0,4}$"
)
# 增长一倍 = +100%, 翻一番 = x2, 翻两番 = x4.
_HUNDRED = Decimal(100)


def kind_of_unit(unit: str) -> str:
    if unit in MONEY_UNITS:
        return AMOUNT
    if unit in PERCENT_UNITS or unit in POINT_UNITS:
        return PERCENT
    return COUNT


def _direction(s: str, start: int, gap_max: int) -> tuple[int, str, str, int] | None:
    """(start of the direction word, the word, up/down, gap) nearest before ``start``."""
    for gap in range(gap_max + 1):
        p = start - gap
        if p <= 0 or (gap and s[p] in _STOP):
            return None
        for word, direction in _DIR_BY_LAST.get(s[p - 1], ()):
            a = p - len(word)
            if a >= 0 and s.startswith(word, a):
                return a, word, direction, gap
    return None


def _base(s: str, end: int) -> tuple[int, object] | None:
    """A base phrase (较上年, 同比, 比2021年同期) ending within 4 characters of ``end``."""
    m = _BASE.search(s, max(end - 16, 0), end)
    if m is None:
        return None
    year = m.group("year")
    if year:
        return m.start(), int(year)
    return m.start(), "previous_period" if m.group("word") == "环比" else PREVIOUS_YEAR


def change_of(s: str, start: int, unit: str, multiple: bool) -> dict | None:
    """Growth or change fields when the words before ``start`` make the figure one.

    A percentage (or 倍) after a change verb is growth, with or without a base (增长6.5%),
    and so is percentage points a change (提高12个百分点); a count or amount is a change
    only with a base (较上年新增108个, 比上年多解决11件):
    without one, 新增10家 is a plain count.
    """
    hit = _direction(s, start, 3)
    if hit is None:
        return None
    a, word, direction, gap = hit
    if any(ch in _LEVEL_GAP for ch in s[start - gap : start]):
        return None
    base = _base(s, a)
    rate = unit in PERCENT_UNITS or multiple
    # 提高12个百分点 is a change of a ratio, with or without a base.
    ratio_like = rate or unit in POINT_UNITS
    if base is None and not (ratio_like and word in _CHANGE_VERBS and gap <= 1):
        return None
    if base is None and word in ("多", "少", "增", "减"):
        return None
    kind = GROWTH if rate else CHANGE
    return {
        "kind": kind,
        "direction": direction,
        "base": base[1] if base else None,
        "from": base[0] if base else a,
    }


def growth_multiple(unit: str, value: Decimal, prev: str) -> Decimal | None:
    """增长一倍 → 100 (%), 翻一番 → 100, 翻两番 → 300; None when not a multiple."""
    if unit == "倍":
        return value * _HUNDRED
    if unit == "番" and prev == "翻":
        return (2**value - 1) * _HUNDRED if value == value.to_integral_value() else None
    return None


# ---- ranges ---------------------------------------------------------------------------

_CH = CHINESE_NUMERAL_CHARS
_AR = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_LOW = re.compile(rf"(?:(?P<ar>{_AR})(?P<am>[百千万亿]*)|(?P<ch>[{_CH}]+))(?P<m2>[万亿]{{0,2}})")
_LOW_CHARS = frozenset("0123456789０１２３４５６７８９.．," + _CH)


def range_low(s: str, dash: int, unit: str) -> tuple[int, Decimal] | None:
    """(start, value) of the lower end written before the range sign at ``dash``: 800 of
    800至900场次, 3个 of 3个至5个 (its measure word, if any, must be the upper end's)."""
    p = dash
    if s.startswith(unit, p - len(unit)) and p > len(unit):
        p -= len(unit)
    if p and s[p - 1] in " 　":
        p -= 1
    end = p
    # Scanned by hand: a regex searched backwards would try every start in the window.
    while p and s[p - 1] in _LOW_CHARS and end - p < 20:
        p -= 1
    while p < end and s[p] in ".．,":
        p += 1
    m = _LOW.fullmatch(s, p, end) if p < end else None
    if m is None:
        return None
    ar, am, ch, m2 = m.group("ar", "am", "ch", "m2")
    if ar is not None and len(ar) > 1 and ar[0] in "0０" and ar[1] not in ".．":
        return None  # 0816-2345678: a phone number
    if ar is not None:
        value = parse_arabic(ar, am)
    else:
        n = parse_chinese(ch)
        value = None if n is None else Decimal(n)
    if value is None:
        return None
    for c in m2:
        value *= 10_000 if c == "万" else 100_000_000
    return p, value


# ---- ranks ----------------------------------------------------------------------------

_SCOPES = ("全国", "全省", "全市", "全州", "全区", "全县", "同类城市", "市州", "省内", "市内")
_RANK_WORDS = ("排名", "排位", "位列", "位居", "名列", "居", "列", "排")
_GLUE = ("在", "的", "中", "获")
_RANK_BY_LAST: dict[str, list[tuple[str, bool]]] = {}
for _w, _is_scope in sorted(
    [(w, True) for w in _SCOPES] + [(w, False) for w in _RANK_WORDS + _GLUE],
    key=lambda e: -len(e[0]),
):
    _RANK_BY_LAST.setdefault(_w[-1], []).append((_w, _is_scope))


def rank_context(s: str, start: int, named: bool) -> tuple[bool, str | None]:
    """(whether words make 第N before ``start`` a rank, its scope): 位列全省第5, 排名第三,
    全省第一 are ranks; 在全省……考评中获第2名 has the scope 全省. ``named``: the figure
    says 名 or 位 itself (第2名), so only its scope is wanted."""
    lo = max(start - 12, 0)
    p, scope, found = start, None, False
    # Walk back over 全省 and the ranking verb, in either order (全省排名第3, 排名全省第3).
    for _ in range(3):
        if p <= lo:
            break
        for word, is_scope in _RANK_BY_LAST.get(s[p - 1], ()):
            a = p - len(word)
            if a >= lo and s.startswith(word, a) and not (is_scope and scope):
                if is_scope:
                    scope = word
                p, found = a, found or word not in _GLUE
                break
        else:
            break
    if not (found or named):
        return False, None
    if scope is None:
        # 在全省21个市(州)中排名第4: the scope may stand further back in the clause, and
        # a parenthesis does not end the clause.
        a, far = p, max(p - 30, 0)
        while a > far and s[a - 1] not in _CLAUSE_STOP:
            a -= 1
        hits = [(s.rfind(w, a, p), w) for w in _SCOPES]
        scope = max(hits)[1] if max(hits)[0] >= 0 else None
    return found, scope


def per_unit_before(s: str, start: int, window: int = 24) -> bool:
    """每个县(市、区)打造3至5个: a 每 heads the clause of the figure at ``start``; what
    stands in parentheses does not end the clause."""
    i = s.rfind("每", max(start - window, 0), start)
    if i < 0:
        return False
    between = _PARENS.sub("", s[i + 1 : start])
    return not any(ch in _STOP for ch in between)
