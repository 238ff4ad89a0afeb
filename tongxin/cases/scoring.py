"""Scoring an evaluation (framework-free): each criterion normalised to 0–100 by
min–max over the entrants (reversed when smaller is better; 100 for all when every
value is equal; 0 when an entrant has no value), the score the weighted mean, the
rank by competition ranking (1, 2, 2, 4) on the score to two decimals."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    key: object
    weight: Decimal
    higher_is_better: bool = True


@dataclass(frozen=True)
class Scored:
    entrant: object
    score: Decimal
    rank: int
    normalised: dict  # criterion key → 0–100


def normalise(values: dict, *, higher_is_better: bool = True) -> dict:
    """entrant → value, as entrant → 0–100."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high == low:
        return {entrant: HUNDRED for entrant in values}
    span = high - low
    out = {}
    for entrant, value in values.items():
        share = (value - low) / span if higher_is_better else (high - value) / span
        out[entrant] = share * HUNDRED
    return out


def score(criteria: list[CriterionSpec], values: dict) -> list[Scored]:
    """`values`: criterion key → {entrant → value}. Ranked best first; ties share a
    rank and are listed in the order of `entrants` given (callers sort by name)."""
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    if not criteria or total_weight <= 0:
        return []
    entrants = []
    for c in criteria:
        for entrant in values.get(c.key, {}):
            if entrant not in entrants:
                entrants.append(entrant)
    normalised = {
        c.key: normalise(values.get(c.key, {}), higher_is_better=c.higher_is_better)
        for c in criteria
    }
    scores = {}
    for entrant in entrants:
        weighted = sum(
            (c.weight * normalised[c.key].get(entrant, Decimal(0)) for c in criteria),
            Decimal(0),
        )
        scores[entrant] = (weighted / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)
    ordered = sorted(entrants, key=lambda e: -scores[e])  # stable: ties keep input order
    out, rank = [], 0
    for position, entrant in enumerate(ordered, start=1):
        if position == 1 or scores[entrant] != scores[ordered[position - 2]]:
            rank = position
        out.append(
            Scored(
                entrant=entrant,
                score=scores[entrant],
                rank=rank,
                normalised={c.key: normalised[c.key].get(entrant, Decimal(0)) for c in criteria},
            )
        )
    return out


def top(scored: list[Scored], size: int) -> list[Scored]:
    """The first `size` places; an entrant tied with the last place is kept too."""
    return [s for s in scored if s.rank <= size]
