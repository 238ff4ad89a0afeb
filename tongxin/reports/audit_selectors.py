"""The audit's reads: the active indicators with their values for one unit and year."""

from tongxin.accounts.models import Unit
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import active_indicators, indicator_table
from tongxin.reports.audit import Candidate, audit_text, indicator_terms


def audit_candidates(*, year: int, unit: Unit) -> list[Candidate]:
    indicators = list(active_indicators())
    table = indicator_table(indicators=indicators, period=period_for(year), units=[unit])
    return [
        Candidate(
            code=i.code,
            name=i.name,
            unit_word=i.unit_word,
            measure="ratio" if i.kind == "ratio" else (i.measure or ""),
            terms=indicator_terms(i.keywords, i.aliases),
            value=table.value(i, unit),
            order=i.sort_order,
            computed=i.is_computed,
        )
        for i in indicators
    ]


def audit_draft(*, text: str, year: int, unit: Unit) -> dict:
    """Audit a draft's figures against `unit`'s ledger for `year`."""
    return audit_text(text, audit_candidates(year=year, unit=unit))
