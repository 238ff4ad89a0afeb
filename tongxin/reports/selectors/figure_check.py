"""The figure check's reads: the active indicators with their values for one unit, the
year of the draft and the years its growth and change claims are measured from."""

import datetime as dt

from tongxin.accounts.models import Unit
from tongxin.indicators.models import IndicatorKind
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import active_indicators, indicator_tables
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.reports.figure_check import (
    Candidate,
    base_years,
    draft_year,
    figure_check_text,
    indicator_terms,
)


def figure_check_candidates(
    *, year: int, unit: Unit, other_years=(), per_unit: bool = False
) -> list[Candidate]:
    """Candidates valued for `year` (and `other_years`); with `per_unit`, also for each
    unit directly under `unit` (每个区县3至5个)."""
    indicators = list(active_indicators())
    children = list(Unit.objects.filter(parent=unit).order_by("path")) if per_unit else []
    years = sorted({year, *other_years})
    tables = indicator_tables(
        indicators=indicators, periods=[period_for(y) for y in years], units=[unit, *children]
    )
    by_year = {p.year: t for p, t in tables.items()}
    return [
        Candidate(
            code=i.code,
            name=i.name,
            unit_word=i.unit_word,
            measure="ratio" if i.kind == "ratio" else (i.measure or ""),
            terms=indicator_terms(i.keywords, i.aliases),
            value=by_year[year].value(i, unit),
            order=i.sort_order,
            computed=i.is_computed,
            # The provincial ranking is a manual figure where lower is better.
            ranking=i.kind == IndicatorKind.MANUAL and not i.higher_is_better,
            values={y: t.value(i, unit) for y, t in by_year.items()},
            children=[(c.name, by_year[year].value(i, c)) for c in children] or None,
        )
        for i in indicators
    ]


def unit_has_records(*, unit: Unit, year: int) -> bool:
    """Has the unit (or any unit under it) an approved record dated in `year`?"""
    return WorkRecord.objects.filter(
        unit__path__startswith=unit.path,
        status=RecordStatus.APPROVED,
        date__gte=dt.date(year, 1, 1),
        date__lte=dt.date(year, 12, 31),
    ).exists()


def default_year(text: str) -> int:
    """The year the draft names most often; last year when it names none."""
    return draft_year(text) or dt.date.today().year - 1


def figure_check_draft(*, text: str, year: int | None = None, unit: Unit) -> dict:
    """Check a draft's figures against `unit`'s ledger for `year` (default: the year the
    draft names most often). The result carries the year it was checked for, and
    `no_data` when the unit has no approved record that year."""
    year = year or default_year(text)
    no_data = not unit_has_records(unit=unit, year=year)
    candidates = []
    if not no_data:
        candidates = figure_check_candidates(
            year=year,
            unit=unit,
            other_years=base_years(text, year),
            per_unit="每" in text,
        )
    result = figure_check_text(
        text, candidates, year=year, no_data_unit=unit.name if no_data else None
    )
    result.update(year=year, no_data=no_data)
    return result
