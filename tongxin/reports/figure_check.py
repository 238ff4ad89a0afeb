"""The figure check: bind each figure of a draft to the indicator it speaks of, and
compare it with the ledger.

Binding is by words, not positions: a claim binds to the indicator whose keywords or
aliases stand in the claim's clause, on either side of the number (推介项目46个,
打造10个统战工作基地), and whose unit fits the claim's (元 ↔ amounts; 人/名 ↔ people;
a count word ↔ the indicator's unit word). The search widens in three steps and stops at
the first that finds a candidate: the clause up to the neighbouring figures, the whole
clause (，。；！？、 and line ends), then the sentence piece that 、 does not split
(恳谈会、对接会等活动5场). No hit, no binding: the claim is `unbound`.

Growth and change bind by the words of their own clause, else to the indicator of the
figure they follow in the sentence (阵地412个，较上年新增108个); ranks bind only to a
ranking indicator (a manual one where lower is better). Agreement and the sentence that
explains each verdict are in figure_check_rules.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from tongxin.reports.figure_check_rules import (
    MATCH,
    MISMATCH,
    NO_DATA,
    UNBOUND,
    VERDICTS,
    agrees,
    check_change,
    check_figure,
    check_range,
    check_rank,
    no_data_text,
    no_value_text,
    printed_number,
    unbound_text,
)
from tongxin.text import clean_annotations, extract_claims
from tongxin.text.script import simplified_aligned

__all__ = ["MATCH", "MISMATCH", "NO_DATA", "UNBOUND", "VERDICTS", "agrees", "printed_number"]

# Clause ends. A comma between digits (6,238) is part of the number.
_CLAUSE = re.compile(r"[，。；;！!？?、\n\r]|(?<![0-9]),|,(?![0-9]{3})")
_SENTENCE = re.compile(r"[，。；;！!？?\n\r]|(?<![0-9]),|,(?![0-9]{3})")
_SENTENCE_END = set("。！!？?\n\r")

PEOPLE = {"人", "名", "位"}
MONEY = {"元"}
# Count words that name the same kind of thing.
_FAMILIES = [PEOPLE, {"场", "场次"}, {"个", "项"}]
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


@dataclass
class Candidate:
    """What the figure check needs of an indicator: words, unit, and its ledger value."""

    code: str
    name: str
    unit_word: str
    measure: str
    terms: list[str]
    value: Decimal | None
    order: int = 0
    computed: bool = True  # counted from records, so it has a drill-down
    ranking: bool = False  # a rank where lower is better: binds rank claims only
    # Values of other years (the base of growth and change claims), by year.
    values: dict[int, Decimal | None] = field(default_factory=dict)
    # (unit name, value) of each unit under the chosen one, for 每个区县3至5个.
    children: list[tuple[str, Decimal | None]] | None = None


@dataclass
class CheckedClaim:
    surface: str
    start: int
    end: int
    value: int | float
    unit: str
    marker: str | None
    qualifier: str
    kind: str = "count"
    verdict: str = UNBOUND
    indicator: str | None = None
    indicator_name: str | None = None
    ledger_value: int | float | None = None
    explanation: str = ""
    terms: list[str] = field(default_factory=list)
    drillable: bool = False
    details: dict = field(default_factory=dict)  # the fields of its kind

    def as_dict(self) -> dict:
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "marker": self.marker,
            "kind": self.kind,
            "verdict": self.verdict,
            "indicator": self.indicator,
            "indicator_name": self.indicator_name,
            "ledger_value": self.ledger_value,
            "explanation": self.explanation,
            **self.details,
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


def _fitting(kind: str, unit: str, candidates: list[Candidate]) -> list[Candidate]:
    if kind == "rank":
        return [c for c in candidates if c.ranking]
    if kind == "growth":
        return [c for c in candidates if not c.ranking]  # a rate of any figure
    if unit in ("个百分点", "百分点"):  # i18n: data
        unit = "%"  # a change of a ratio
    return [c for c in candidates if not c.ranking and unit_fits(unit, c)]


def bind(s: str, claims: list[tuple], candidates: list[Candidate]):
    """For each (start, end, unit[, kind]) in the cleaned simplified text `s`:
    (candidate, terms)."""
    bound = []
    for k, (start, end, unit, *rest) in enumerate(claims):
        kind = rest[0] if rest else "count"
        fitting = _fitting(kind, unit, candidates)
        clause = _span(s, start, end, _CLAUSE)
        prev_end = claims[k - 1][1] if k else 0
        next_start = claims[k + 1][0] if k + 1 < len(claims) else len(s)
        own = (max(clause[0], prev_end), min(clause[1], next_start))
        # A growth or change names its figure in its own words, or follows it.
        windows = [own] if kind in ("growth", "change") else [own, clause]
        if kind not in ("growth", "change"):
            windows.append(_span(s, start, end, _SENTENCE))
        choice = (None, [])
        for window in windows:
            choice = _choose(s, window, start, end, fitting)
            if choice[0] is not None:
                break
        if choice[0] is None and kind in ("growth", "change") and k:
            same_sentence = not any(ch in _SENTENCE_END for ch in s[claims[k - 1][1] : start])
            if same_sentence and bound[-1][0] is not None and not bound[-1][0].ranking:
                choice = bound[-1]
        if choice[0] is None and kind == "rank" and len(fitting) == 1:
            choice = (fitting[0], [])  # the one ranking there is
        bound.append(choice)
    return bound


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def draft_year(text: str) -> int | None:
    """The year a draft names most often (2022年…); the later one on a tie."""
    counts: dict[int, int] = {}
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def base_years(text: str, year: int) -> set[int]:
    """The years growth and change claims of `text` are measured from."""
    years = {year - 1}
    for claim in extract_claims(text):
        if isinstance(claim.get("base"), int):
            years.add(claim["base"])
    return years


def _draft_words(s: str, a: int, b: int, terms: list[str]) -> str:
    """The figure as the draft says it, with the indicator's word just before it when
    there is one (推介项目50个)."""
    for term in terms:
        if s.startswith(term, a - len(term)):
            return s[a - len(term) : b]
    return s[a:b]


def _check(item, claim, cand, s, a, b, year):
    """Fill the verdict, explanation and details of one bound claim with a ledger value."""
    kind, unit = claim["kind"], claim["unit"]
    surface = s[a:b]
    marker = claim["marker"]
    name = cand.name
    if kind in ("growth", "change"):
        base_year = claim["base"] if isinstance(claim.get("base"), int) else year - 1
        base = cand.values.get(base_year)
        unit_word = unit if kind == "change" else (cand.unit_word or "")
        item.details.update(direction=claim["direction"], base_year=base_year)
        item.details["base_value"] = _number(base)
        if base is None:
            item.explanation = no_value_text(indicator=name, year=base_year)
            return
        verdict, item.explanation, actual = check_change(
            kind=kind, current=cand.value, base=base, value=Decimal(str(claim["value"])),
            surface=surface, multiple=surface[-1:] in "倍番", marker=marker,
            direction=claim["direction"], draft=claim.get("wording", "") + surface,
            unit=unit_word, year=year, base_year=base_year,
        )  # fmt: skip
        item.details["actual"] = None if actual is None else float(round(actual, 4))
        item.verdict = verdict
        return
    draft = _draft_words(s, a, b, item.terms)
    if kind == "range":
        low, high = Decimal(str(claim["low"])), Decimal(str(claim["high"]))
        item.details.update(low=claim["low"], high=claim["high"], per_unit=claim["per_unit"])
        units = cand.children if claim["per_unit"] and cand.children else None
        item.verdict, item.explanation, wrong = check_range(
            ledger=cand.value, low=low, high=high, draft=draft, unit=unit, year=year, units=units
        )
        item.details["disagreeing_units"] = [
            {"unit": w["unit"], "value": _number(w["value"] or Decimal(0))} for w in wrong
        ]
        return
    if kind == "rank":
        item.details["scope"] = claim.get("scope")
        item.verdict, item.explanation = check_rank(
            ledger=cand.value, value=Decimal(str(claim["value"])), draft=surface,
            indicator=name, year=year,
        )  # fmt: skip
        return
    item.verdict, item.explanation = check_figure(
        ledger=cand.value, surface=surface, draft=draft, marker=marker, unit=unit, year=year
    )


def figure_check_text(
    text: str,
    candidates: list[Candidate],
    *,
    year: int | None = None,
    no_data_unit: str | None = None,
) -> dict:
    """Check `text` (raw: traditional or simplified, residue and all) against candidates,
    whose `value` is the ledger's for `year` (and `values` those of other years).

    With `no_data_unit`, the unit has no approved record that year: every claim is
    `no_data`, never a mismatch against 0.
    Returns `{"claims": [...], "summary": {...}}`; claim offsets index `text`."""
    cleaned = clean_annotations(text)
    simplified = simplified_aligned(cleaned.text)
    to_clean = _OffsetMap(cleaned)
    found = extract_claims(text)
    spans = [
        (to_clean(c["start"]), to_clean(c["end"] - 1) + 1, c["unit"], c["kind"]) for c in found
    ]
    checked = []
    for claim, (a, b, _unit, kind), (cand, terms) in zip(
        found, spans, bind(simplified, spans, candidates), strict=True
    ):
        item = CheckedClaim(
            surface=claim["surface"],
            start=claim["start"],
            end=claim["end"],
            value=claim["value"],
            unit=claim["unit"],
            marker=claim["marker"],
            qualifier=claim["qualifier"],
            kind=kind,
            explanation=unbound_text(),
        )
        if cand is not None:
            item.indicator, item.indicator_name, item.terms = cand.code, cand.name, terms
            item.drillable = cand.computed
            item.explanation = no_value_text(indicator=cand.name, year=year)
        if no_data_unit is not None:
            item.verdict = NO_DATA
            item.explanation = no_data_text(year=year, unit=no_data_unit)
        elif cand is not None and cand.value is not None:
            item.ledger_value = _number(cand.value)
            _check(item, claim, cand, simplified, a, b, year)
        checked.append(item)
    summary = {v: sum(1 for c in checked if c.verdict == v) for v in VERDICTS}
    return {"claims": [c.as_dict() for c in checked], "summary": summary, "items": checked}


def figure_check_json(result: dict) -> dict:
    return {"claims": result["claims"], "summary": result["summary"]}


def marked_segments(text: str, items: list[CheckedClaim]) -> list[tuple[str, CheckedClaim | None]]:
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
