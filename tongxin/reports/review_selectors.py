"""Rendering a review version against the ledger."""

from dataclasses import dataclass
from decimal import Decimal

from tongxin.indicators.models import Indicator
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.reports import templating
from tongxin.reports.models import ReviewVersion


@dataclass
class RenderedReview:
    title: str
    blocks: list
    values: dict[str, Decimal | None]
    indicators: dict[str, Indicator]
    errors: list[str]

    @property
    def text(self) -> str:
        return templating.as_text(self.title, self.blocks)


def render_source(*, title: str, source: str, year: int, unit) -> RenderedReview:
    """Every placeholder's indicator computed in one table (a fixed number of queries)."""
    codes = templating.placeholder_codes(source)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    table = indicator_table(indicators=indicators.values(), period=period_for(year), units=[unit])
    values = {code: table.value(ind, unit) for code, ind in indicators.items()}
    blocks = templating.render(source, indicators, values)
    return RenderedReview(title, blocks, values, indicators, templating.errors(blocks))


def rendered_version(version: ReviewVersion) -> RenderedReview:
    review = version.review
    return render_source(
        title=review.title, source=version.source, year=review.year, unit=review.unit
    )


@dataclass
class ChangedFigure:
    code: str
    name: str
    published: str
    now: Decimal | None
    corrections: list


def changes_since_publication(version: ReviewVersion, rendered: RenderedReview) -> list:
    """Figures of a signed-off version whose ledger value has changed since, with the
    approved corrections that changed records of the indicator's types."""
    from tongxin.ledger.models import Correction, CorrectionStatus

    if not version.signed_at or not version.frozen_values:
        return []
    changed = []
    for code, frozen in version.frozen_values.items():
        now = rendered.values.get(code)
        if now is not None and Decimal(frozen) == now:
            continue
        indicator = rendered.indicators.get(code)
        type_ids = list(indicator.record_types.values_list("pk", flat=True)) if indicator else []
        corrections = list(
            Correction.objects.filter(
                status=CorrectionStatus.APPROVED,
                decided_at__gt=version.signed_at,
                record__date__year=version.review.year,
                record__record_type_id__in=type_ids,
            ).select_related("record", "decided_by")
        )
        changed.append(
            ChangedFigure(code, indicator.name if indicator else code, frozen, now, corrections)
        )
    return changed


def version_diff(old: ReviewVersion, new: ReviewVersion) -> dict:
    """Line by line: ("+", line) added in `new`, ("-", line) removed, (" ", line) kept."""
    import difflib

    lines = [
        (line[0], line[2:])
        for line in difflib.ndiff(old.source.splitlines(), new.source.splitlines())
        if line[:1] in "+- "
    ]
    return {"old": old.number, "new": new.number, "lines": lines}
