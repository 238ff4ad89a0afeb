"""The figure audit: bind each figure of a draft to the indicator it speaks of, and
compare it with the ledger.

Binding is by words, not positions: a claim binds to the indicator whose keywords or
aliases stand in the claim's clause, on either side of the number (推介项目46个,
打造10个统战工作基地), and whose unit fits the claim's (元 ↔ amounts; 人/名 ↔ people;
a count word ↔ the indicator's unit word). The search widens in three steps and stops at
the first that finds a candidate: the clause up to the neighbouring figures, the whole
clause (，。；！？、 and line ends), then the sentence piece that 、 does not split
(恳谈会、对接会等活动5场). No hit, no binding: the claim is `unbound`.

Agreement follows the qualifier: exact is equal at the printed precision (62.38亿元 agrees
with 6,238,400,000 元); 余/多 is strictly between the number and the number plus its last
significant place (70余: 71–79); 超/逾 is above, 以上 at least; 近/将近 is 90% to below;
约/左右 is within 10%.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tongxin.text import clean_annotations, extract_claims
from tongxin.text.numerals import parse_arabic, parse_chinese
from tongxin.text.script import simplified_aligned

MATCH, MISMATCH, UNBOUND = "match", "mismatch", "unbound"
VERDICTS = (MATCH, MISMATCH, UNBOUND)

# Clause ends. A comma between digits (6,238) is part of the number.
_CLAUSE = re.compile(r"[，。；;！!？?、\n\r]|(?<![0-9]),|,(?![0-9]{3})")
_SENTENCE = re.compile(r"[，。；;！!？?\n\r]|(?<![0-9]),|,(?![0-9]{3})")

PEOPLE = {"人", "名", "位"}
MONEY = {"元"}
# Count words that name the same kind of thing.
_FAMILIES = [PEOPLE, {"场", "场次"}, {"个", "项"}]

_NUMBER = re.compile(r"([0-9０-９]+(?:,[0-9]{3})*(?:[.．]([0-9０-９]+))?)([百千万亿]*)")
_BIG = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_AT_LEAST = {"以上", "不少于", "不低于"}
_ABOVE = {"超", "超过", "逾", "上"}
_BAND = {"余", "多"}
_NEAR = {"近", "将近", "接近"}
_BELOW = {"不足", "不到"}
_AT_MOST = {"以下", "以内", "不超过"}


@dataclass
class Candidate:
    """What the audit needs of an indicator: words, unit, and its ledger value."""

    code: str
    name: str
    unit_word: str
    measure: str
    terms: list[str]
    value: Decimal | None
    order: int = 0
    computed: bool = True  # counted from records, so it has a drill-down


@dataclass
class AuditedClaim:
    surface: str
    start: int
    end: int
    value: int | float
    unit: str
    marker: str | None
    qualifier: str
    verdict: str = UNBOUND
    indicator: str | None = None
    indicator_name: str | None = None
    ledger_value: int | float | None = None
    terms: list[str] = field(default_factory=list)
    drillable: bool = False

    def as_dict(self) -> dict:
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "marker": self.marker,
            "verdict": self.verdict,
            "indicator": self.indicator,
            "indicator_name": self.indicator_name,
            "ledger_value": self.ledger_value,
        }


def indicator_terms(keywords: str, aliases: str) -> list[str]:
    """An indicator's words: keywords split on blanks and commas, aliases one a line."""
    words = re.split(r"[\s,，、;；]+", keywords or "") + (aliases or "").splitlines()
    seen: list[str] = []
    for word in (w.strip() for w in words):
        if word and word not in seen:
            seen.append(word)
    return seen


def unit_fits(claim_unit: str, candidate: Candidate) -> bool:
    if claim_unit in MONEY:
        return candidate.measure == "amount" or candidate.unit_word in MONEY
    if candidate.measure == "amount" or candidate.unit_word in MONEY:
        return False
    if claim_unit == "%":
        return candidate.unit_word == "%" or candidate.measure == "ratio"
    if candidate.measure == "participants" and claim_unit in PEOPLE | {"人次"}:
        return True
    word = candidate.unit_word
    if not word:
        return claim_unit not in PEOPLE
    if word == claim_unit:
        return True
    return any(word in fam and claim_unit in fam for fam in _FAMILIES)


# ---- precision and agreement -------------------------------------------------------


def printed_number(surface: str) -> tuple[Decimal, Decimal] | None:
    """(printed number with its multipliers, its last significant place) of a surface in
    simplified text: 62.38亿元 → (6238000000, 1000000); 70余件 → (70, 10)."""
    m = _NUMBER.search(surface)
    if m:
        digits, decimals, multipliers = m.groups()
        value = parse_arabic(digits.replace(",", ""), multipliers)
        if value is None:
            return None
        scale = Decimal(1)
        for ch in multipliers:
            scale *= _BIG[ch]
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


def agrees(ledger: Decimal, value: Decimal, marker: str | None, place: Decimal) -> bool:
    """Does the ledger's figure agree with a printed `value` qualified by `marker`?"""
    if marker is None:
        if place <= 1:
            return ledger == value
        return (ledger / place).quantize(Decimal(1), ROUND_HALF_UP) * place == value
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


# ---- clauses and binding ------------------------------------------------------------


class _OffsetMap:
    """Raw offsets → offsets in the cleaned text (the inverse of CleanResult's map)."""

    def __init__(self, cleaned):
        self.shifts = cleaned.shifts
        self.raw_starts = [s + sh for s, sh in zip(cleaned.starts, cleaned.shifts, strict=True)]

    def __call__(self, raw: int) -> int:
        i = bisect_right(self.raw_starts, raw) - 1
        return raw if i < 0 else raw - self.shifts[i]


def _span(s: str, start: int, end: int, pattern: re.Pattern) -> tuple[int, int]:
    a = start
    while a > 0 and not pattern.match(s, a - 1):
        a -= 1
    b = end
    while b < len(s) and not pattern.match(s, b):
        b += 1
    return a, b


def _hits(s: str, a: int, b: int, start: int, end: int, terms: list[str]):
    """(matched terms, distance of the nearest) of `terms` in s[a:b], the claim excluded."""
    matched, nearest = [], None
    for term in terms:
        for side_a, side_b in ((a, start), (end, b)):
            i = s.find(term, side_a, side_b)
            while i >= 0 and i + len(term) <= side_b:
                gap = start - (i + len(term)) if side_b == start else i - end
                matched.append(term)
                nearest = gap if nearest is None else min(nearest, gap)
                i = s.find(term, i + 1, side_b)
    return sorted(set(matched), key=len, reverse=True), nearest


def _choose(s, window, start, end, candidates):
    best, best_key, best_terms = None, None, []
    for cand in candidates:
        terms, nearest = _hits(s, *window, start, end, cand.terms)
        if not terms:
            continue
        # Terms nested in another matched term count once (批示 within 肯定性批示).
        kept = [t for t in terms if not any(t != o and t in o for o in terms)]
        key = (sum(len(t) for t in kept), -nearest, -cand.order)
        if best_key is None or key > best_key:
            best, best_key, best_terms = cand, key, kept
    return best, best_terms


def bind(s: str, claims: list[tuple[int, int, str]], candidates: list[Candidate]):
    """For each (start, end, unit) in the cleaned simplified text `s`: (candidate, terms)."""
    bound = []
    for k, (start, end, unit) in enumerate(claims):
        fitting = [c for c in candidates if unit_fits(unit, c)]
        clause = _span(s, start, end, _CLAUSE)
        prev_end = claims[k - 1][1] if k else 0
        next_start = claims[k + 1][0] if k + 1 < len(claims) else len(s)
        own = (max(clause[0], prev_end), min(clause[1], next_start))
        choice = (None, [])
        for window in (own, clause, _span(s, start, end, _SENTENCE)):
            choice = _choose(s, window, start, end, fitting)
            if choice[0] is not None:
                break
        bound.append(choice)
    return bound


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def audit_text(text: str, candidates: list[Candidate]) -> dict:
    """Audit `text` (raw: traditional or simplified, residue and all) against candidates.

    Returns `{"claims": [...], "summary": {...}}`; claim offsets index `text`."""
    cleaned = clean_annotations(text)
    simplified = simplified_aligned(cleaned.text)
    to_clean = _OffsetMap(cleaned)
    found = extract_claims(text)
    spans = [(to_clean(c["start"]), to_clean(c["end"] - 1) + 1, c["unit"]) for c in found]
    audited = []
    for claim, (a, b, _unit), (cand, terms) in zip(
        found, spans, bind(simplified, spans, candidates), strict=True
    ):
        item = AuditedClaim(
            surface=claim["surface"],
            start=claim["start"],
            end=claim["end"],
            value=claim["value"],
            unit=claim["unit"],
            marker=claim["marker"],
            qualifier=claim["qualifier"],
        )
        if cand is not None:
            item.indicator, item.indicator_name, item.terms = cand.code, cand.name, terms
            item.drillable = cand.computed
        if cand is not None and cand.value is not None:
            item.ledger_value = _number(cand.value)
            printed = printed_number(simplified[a:b])
            value, place = printed if printed else (Decimal(str(claim["value"])), Decimal(1))
            ok = agrees(cand.value, value, claim["marker"], place)
            item.verdict = MATCH if ok else MISMATCH
        audited.append(item)
    summary = {v: sum(1 for c in audited if c.verdict == v) for v in VERDICTS}
    return {"claims": [c.as_dict() for c in audited], "summary": summary, "items": audited}


def audit_json(result: dict) -> dict:
    return {"claims": result["claims"], "summary": result["summary"]}


def marked_segments(text: str, items: list[AuditedClaim]) -> list[tuple[str, AuditedClaim | None]]:
    """The text cut into (piece, claim or None), for colouring figures on a page."""
    pieces, pos = [], 0
    for item in sorted(items, key=lambda c: c.start):
        if item.start < pos:
            continue
        if item.start > pos:
            pieces.append((text[pos : item.start], None))
        pieces.append((text[item.start : item.end], item))
        pos = item.end
    if pos < len(text):
        pieces.append((text[pos:], None))
    return pieces
