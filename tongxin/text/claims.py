"""Find quantitative claims (counts, amounts, percentages) in Chinese text.

Matching runs on cleaned, simplified text of the same length as the cleaned text, so
offsets map back to the raw input through the annotation map alone.  The rules follow the
grammar of numerals and measure words: a claim is a number followed by a measure word
(or 元, %), optionally qualified (70余件, 超70人, 近百名, 200人以上).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from .annotations import clean_annotations
from .claim_kinds import (
    CHANGE,
    GROWTH,
    RANGE,
    RANK,
    change_of,
    growth_multiple,
    kind_of_unit,
    per_unit_before,
    range_low,
    rank_context,
)
from .claim_kinds import (
    DIRECTION_LAST_CHARS as _DIRECTION_LAST,
)
from .corruption import find_corruption
from .numerals import BIG_UNITS, CHINESE_NUMERAL_CHARS, MAGNITUDES, parse_arabic, parse_chinese
from .script import simplified_aligned

# Measure words and units, simplified.  Time units (年 月 日 天 周 小时) are left out on
# purpose: with a number they are dates or durations, not counts.  届/强/号/页 too: with a
# number they name things (十九届, 50强, 5号文件) far more often than they count.
COMPOUND_UNITS = [
    "个百分点", "百分点", "平方公里", "平方米", "立方米", "千瓦时", "人次", "场次", "册次",
    "户次", "批次", "架次", "车次", "班次", "件次", "家次", "课时", "学时", "公里", "千米",
    "公顷", "公斤", "千克", "千瓦", "美元", "港元", "欧元",
]  # fmt: skip
SINGLE_UNITS = (
    "个件场次家名人位篇条套项批所座处种类支只台辆部本册份期轮户栋间张幅首门节堂起例笔宗组元"
    "亩吨米倍遍趟番%％‰"
)
UNITS = sorted(COMPOUND_UNITS, key=len, reverse=True) + list(SINGLE_UNITS)

_CH = CHINESE_NUMERAL_CHARS
_AR = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
# The leading lookahead names the possible first characters so that the regex engine can
# skip ahead to them; without it every position pays for the lookbehind (2x slower).
_CLAIM = re.compile(
    rf"(?=[0-9０-９{_CH}第])"
    rf"(?<![0-9０-９.．A-Za-z_+/{_CH}])"
    rf"(?:第[ 　]?(?P<rank>{_AR}|[{_CH}]+)[ 　]?(?P<ru>名|位)?"
    rf"|百分之(?P<pnum>{_AR}|[{_CH}]+)"
    rf"|(?:(?P<ar>{_AR})(?P<am>[百千万亿]*)|(?P<ch>[{_CH}]+))[ 　]?"
    rf"(?P<sq>余|多|来)?(?P<m2>[万亿]{{0,2}})"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)}))"
    rf"(?P<pq>以上|左右|上下|以下|以内)?"
)

EXACT, MORE_THAN, NEARLY, ABOUT = "exact", "more_than", "nearly", "about"
# Words before a number, longest first; the guard lists characters that, just before the
# word, make it part of another word (签约 is "sign", not "about"; 最近 is "latest").
_YUE_GUARD = "签预条公契合履节制邀相特缔租违守践赴解立誓集聘"
_PREFIXES = (
    ("不超过", NEARLY, ""),
    ("不少于", MORE_THAN, ""),
    ("不低于", MORE_THAN, ""),
    ("将近", NEARLY, ""),
    ("接近", NEARLY, ""),
    ("超过", MORE_THAN, ""),
    ("大约", ABOUT, ""),
    ("约占", ABOUT, _YUE_GUARD),  # 约占60%: the marker is 约, 占 is the verb
    ("约为", ABOUT, _YUE_GUARD),
    ("约有", ABOUT, _YUE_GUARD),
    ("约达", ABOUT, _YUE_GUARD),
    ("不足", NEARLY, ""),
    ("不到", NEARLY, ""),
    ("近", NEARLY, "最附靠临邻亲贴就接将"),
    ("约", ABOUT, _YUE_GUARD + "大"),
    ("超", MORE_THAN, "赶高"),
    ("逾", MORE_THAN, ""),
    ("上", MORE_THAN, "千百"),  # 上千, 上万; 成千上万 is an idiom
)
# Looked up by the character just before the number, so most numbers cost one dict miss.
_PREFIX_BY_LAST: dict[str, list[tuple[str, str, str]]] = {}
for _entry in _PREFIXES:
    _PREFIX_BY_LAST.setdefault(_entry[0][-1], []).append(_entry)
_SUFFIX_QUALIFIERS = {"余": MORE_THAN, "多": MORE_THAN, "来": ABOUT}
_POST_QUALIFIERS = {
    "以上": MORE_THAN,
    "左右": ABOUT,
    "上下": ABOUT,
    "以下": NEARLY,
    "以内": NEARLY,
}
_INDEFINITE = set("几数若")
_RANGE = set("至到~～-—－–")
_CLAUSE_END = set('，,。；;：:、！!？?\n\r\t “”"（）()《》')
_DURATION_AFTER = re.compile(r"[多半]?(?:月|小时|钟头|工作日|星期|礼拜|季度|学期|年)")
_PLACE_AFTER = set("县区市镇乡村山湖河路街寺里渠峡")
# A measure word that is really the first character of a word: 十一期间 (a holiday),
# 2000台商 (Taiwanese businesspeople), 3000个体工商户 (self-employed households).
_NOT_MEASURE = re.compile(r"期间|台[湾胞商企资青港]|个体|人大|元旦|名单|项目|条例|组织|支部")
_SINGLE_DIGITS = set("一二两三四五六七八九")
_BARE_MAGNITUDES = set(MAGNITUDES)
_NUMERAL_OR_DIGIT = set(_CH) | set("0123456789０１２３４５６７８９")
_WINDOW = 8
_UNIT_FIRST = {u[0] for u in UNITS}


def _joins_a_word(ch: str) -> bool:
    """A Han character right after 第N (but 的) makes it part of a word: 第一方阵."""
    return "\u4e00" <= ch <= "\u9fff" and ch != "的"


# Numbered political phrases written without quotes: 两个维护, 四个全面, 三个代表.
_SLOGAN_AFTER = re.compile(
    r"确立|维护|意识|自信|全面|代表|务必|毫不动摇|一百年|没有变|坚持|倡导|必须|结合|伟大|有利于"
)

# Titles are never claims; quoted text is skipped when it reads as a name or slogan
# (short, no sentence end), but a quoted sentence keeps its figures.
_TITLES = re.compile(r"《[^《》\n]*》|〈[^〈〉\n]*〉")
_QUOTES = re.compile(
    r"“[^“”\n]{1,40}”|「[^「」\n]{1,40}」|『[^『』\n]{1,40}』|‘[^‘’\n]{1,40}’|\"[^\"\n]{1,40}\""
)
_SENTENCE_END = re.compile(r"[。！？!?]")


def _protected_spans(s: str) -> tuple[list[int], list[int]]:
    spans = [m.span() for m in _TITLES.finditer(s)]
    spans += [m.span() for m in _QUOTES.finditer(s) if not _SENTENCE_END.search(m.group())]
    spans.sort()
    return [a for a, _ in spans], [b for _, b in spans]


def _inside(pos: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect_right(starts, pos) - 1
    # Spans may nest (a title inside quotes): look at the two nearest that open before pos.
    return i >= 0 and (ends[i] > pos or (i > 0 and ends[i - 1] > pos))


def _prefix(s: str, start: int) -> tuple[str, str] | None:
    if not start:
        return None
    for word, qualifier, guard in _PREFIX_BY_LAST.get(s[start - 1], ()):
        a = start - len(word)
        if a >= 0 and s.startswith(word, a) and not (a and s[a - 1] in guard):
            return word, qualifier
    return None


def _in_rate_clause(s: str, start: int) -> bool:
    """每年两次, 每个村2名: a rate or frequency, not a total."""
    i = s.rfind("每", max(start - _WINDOW, 0), start)
    return i >= 0 and not any(ch in _CLAUSE_END for ch in s[i + 1 : start])


def _value(pnum, ar, am, ch, m2) -> Decimal | None:
    if pnum is not None:
        return parse_arabic(pnum) if pnum[0] not in _CH else _decimal(parse_chinese(pnum))
    value = parse_arabic(ar, am) if ar is not None else _decimal(parse_chinese(ch))
    if value is not None:
        for c in m2:
            value *= BIG_UNITS[c]
    return value


def _decimal(n: int | None) -> Decimal | None:
    return None if n is None else Decimal(n)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _skip_as_words(s: str, end: int, ch: str, unit: str, qualified) -> bool:
    """Chinese-numeral figures that are words, not counts."""
    if ch in ("一", "二") and not qualified:
        return True  # 一批 is indefinite; 二期 names a phase (a count of two is 两)
    if set(ch) <= _BARE_MAGNITUDES and not qualified:
        return True  # 千家万户, 百人: words, not figures
    nxt = s[end : end + 1]
    if len(ch) == 1 and not qualified and unit != "个" and nxt in _PLACE_AFTER:
        return True  # 三台县, 七台河市: place names (a count of counties is 三个县)
    if nxt in _SINGLE_DIGITS and not qualified:
        return True  # 五位一体, 两个一百年: numbered slogans
    return len(ch) == 1 and unit == "个" and bool(_SLOGAN_AFTER.match(s, end))


def _rank(s: str, rank: str, ru: str | None, start: int, end: int) -> tuple | None:
    if ru is None and end < len(s) and (s[end] in _UNIT_FIRST or _joins_a_word(s[end])):
        # 第4批, 全省第一家: an ordinal, the first to do something; 位列第一方阵: a tier.
        return None
    found, scope = rank_context(s, start, ru is not None)
    if not found and ru is None:
        return None  # 第二十届: an ordinal
    value = parse_arabic(rank) if rank[0] not in _CH else _decimal(parse_chinese(rank))
    if value is None or value < 1:
        return None
    return (start, end, value, "名", EXACT, None, {"kind": RANK, "scope": scope})


def claims_in_simplified(s: str) -> list[tuple]:
    """Claims in cleaned simplified text: (start, end, value, unit, qualifier, marker, extra);
    extra is None for a plain claim, else the fields of its kind (growth, change, range, rank).
    """
    found = []
    starts = ends = None
    n = len(s)
    for m in _CLAIM.finditer(s):
        start, end = m.span()
        rank, ru, pnum, ar, am, ch, sq, m2, unit, pq = m.groups()
        if rank is not None:
            claim = _rank(s, rank, ru, start, end)
            if claim is not None:
                if starts is None:
                    starts, ends = _protected_spans(s)
                if not _inside(start, starts, ends):
                    found.append(claim)
            continue
        prev = s[start - 1] if start else "\n"
        if prev in "第前":
            continue  # 第4批 (ordinal), 前10名 (a rank)
        if ch is not None and prev in _INDEFINITE:
            continue  # 几十个, 数百人
        if end + 1 < n and s[end] in _RANGE and s[end + 1] in _NUMERAL_OR_DIGIT:
            continue  # the lower end of 3个至5个
        if unit == "番" and prev != "翻":
            continue
        value = _value(pnum, ar, am, ch, m2)
        if value is None:
            continue
        if unit is None or unit == "％":
            unit = "%"
        extra = None
        if prev in _RANGE:
            low = range_low(s, start - 1, unit) if start > 1 else None
            if low is None or low[1] >= value:
                if prev in "-－–" or s[start - 2 : start - 1] in _NUMERAL_OR_DIGIT:
                    continue  # a phone number, or the upper end of a range we cannot read
            else:
                start = low[0]
                per_unit = per_unit_before(s, start)
                extra = {"kind": RANGE, "low": low[1], "high": value, "per_unit": per_unit}
                value = low[1]
        pre = _prefix(s, start) if extra is None and prev in _PREFIX_BY_LAST else None
        if pre and pre[0] == "上" and not (ch and set(ch) <= _BARE_MAGNITUDES):
            pre = None  # 上 qualifies only 上百 / 上千 / 上万
        lead = start - len(pre[0]) if pre else start
        multiple = unit in ("倍", "番")
        # Most figures have no change word in the four characters before them.
        if extra is None and not _DIRECTION_LAST.isdisjoint(s[max(lead - 4, 0) : lead]):
            change = change_of(s, lead, unit, multiple)
            if change is not None:
                if multiple:
                    pct = growth_multiple(unit, value, prev)
                    if pct is None:
                        continue
                    value, unit = pct, "%"
                extra = change
            elif unit == "番":
                continue
        words_ok = multiple and extra is not None  # 增长一倍, 翻一番
        if ch is not None and not words_ok and _skip_as_words(s, end, ch, unit, pre or sq or pq):
            continue
        if len(unit) == 1 and not pq and _NOT_MEASURE.match(s, end - 1):
            continue
        if unit == "个" and _DURATION_AFTER.match(s, end):
            continue  # 3个月, 两个多小时
        if (extra is None or extra["kind"] != RANGE) and _in_rate_clause(s, start):
            continue
        if starts is None:
            starts, ends = _protected_spans(s)
        if _inside(start, starts, ends):
            continue
        if pre:
            word, qualifier = pre
            start -= len(word)
            marker = word[0] if word[0] == "约" else word
        elif sq:
            marker, qualifier = sq, _SUFFIX_QUALIFIERS[sq]
        elif pq:
            marker, qualifier = pq, _POST_QUALIFIERS[pq]
        else:
            marker, qualifier = None, EXACT
        if extra is not None and extra["kind"] in (GROWTH, CHANGE):
            extra["wording"] = s[extra.pop("from") : start]
        found.append((start, end, value, unit, qualifier, marker, extra))
    return found


def extract_claims(text: str) -> list[dict]:
    """Every quantitative claim in ``text`` (traditional or simplified, residue and all).

    Each claim is ``{surface, value, unit, qualifier, marker, start, end, kind}`` where
    ``text[start:end] == surface``; value, unit and marker are clean and simplified.  kind
    is count, amount or percent for a plain figure; growth and change add direction (up /
    down), base (previous_year, a year, or null) and wording (同比增长); a range adds low,
    high and per_unit (每个区县3至5个), its value being the low end; a rank adds scope
    (全省) and has the unit 名.
    """
    cleaned = clean_annotations(text)
    simplified = simplified_aligned(cleaned.text)
    spots = find_corruption(text)
    spot_starts = [sp.start for sp in spots]
    claims = []
    for start, end, value, unit, qualifier, marker, extra in claims_in_simplified(simplified):
        a, b = cleaned.original_span(start, end)
        i = bisect_right(spot_starts, b) - 1
        if i >= 0 and spots[i].end >= a:
            continue  # touches a spot where characters were lost
        claim = {
            "surface": text[a:b],
            "value": _number(value),
            "unit": unit,
            "qualifier": qualifier,
            "marker": marker,
            "start": a,
            "end": b,
            "kind": kind_of_unit(unit),
        }
        if extra is not None:
            claim.update(extra)
            if claim["kind"] == RANGE:
                claim["low"], claim["high"] = _number(extra["low"]), _number(extra["high"])
        claims.append(claim)
    return claims
