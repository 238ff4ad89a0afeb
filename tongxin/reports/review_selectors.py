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
