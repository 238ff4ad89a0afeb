"""Reads of the annual review: a review as the user may see it, and a version rendered
against the ledger."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy

from tongxin.accounts.access import get_object_for_user
from tongxin.indicators.models import Indicator, Measure
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.reports import templating
from tongxin.reports.models import Review, ReviewVersion


def review_get(user, pk) -> Review:
    return get_object_for_user(
        user, Review.objects.select_related("unit", "published_version"), pk, unit_field="unit"
    )


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


def review_render(*, title: str, source: str, year: int, unit) -> RenderedReview:
    """Every placeholder's indicator computed in one table (a fixed number of queries)."""
    codes = templating.placeholder_codes(source)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    table = indicator_table(indicators=indicators.values(), period=period_for(year), units=[unit])
    values = {code: table.value(ind, unit) for code, ind in indicators.items()}
    blocks = templating.render(source, indicators, values)
    return RenderedReview(title, blocks, values, indicators, templating.errors(blocks))


def review_version_rendered(version: ReviewVersion) -> RenderedReview:
    """A signed version prints the figures frozen at signing; any other, the ledger's."""
    if version.signed_at and version.frozen_values is not None:
        return review_frozen_rendered(version)
    return review_version_live(version)


def review_version_live(version: ReviewVersion) -> RenderedReview:
    review = version.review
    return review_render(
        title=review.title, source=version.source, year=review.year, unit=review.unit
    )


def review_frozen_rendered(version: ReviewVersion) -> RenderedReview:
    """The version as signed: its figures from `frozen_values`, never recomputed (one
    query, for the indicators' names and measure words)."""
    codes = templating.placeholder_codes(version.source)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    values = {
        code: Decimal(version.frozen_values[code]) if code in version.frozen_values else None
        for code in indicators
    }
    blocks = templating.render(version.source, indicators, values)
    return RenderedReview(
        version.review.title, blocks, values, indicators, templating.errors(blocks)
    )


@dataclass
class ChangedFigure:
    code: str
    name: str
    published: str
    now: Decimal | None
    corrections: list
    published_text: str = ""  # in the house style the review prints it in
    now_text: str = ""


def review_changes_since_publication(version: ReviewVersion) -> list:
    """Figures of a signed-off version whose ledger value has changed since, with the
    approved corrections that changed records of the indicator's types."""
    from tongxin.ledger.models import Correction, CorrectionStatus

    if not version.signed_at or not version.frozen_values:
        return []
    live = review_version_live(version)
    styles = templating.placeholder_styles(version.source)
    moved = [
        (code, frozen)
        for code, frozen in version.frozen_values.items()
        if live.values.get(code) is None or Decimal(frozen) != live.values[code]
    ]
    # The moved indicators' record types and the corrections since signing, each read
    # once for all the figures (not two queries a figure).
    type_ids: dict[int, set] = defaultdict(set)
    ids = [live.indicators[code].pk for code, _ in moved if code in live.indicators]
    if ids:
        for indicator_id, type_id in Indicator.record_types.through.objects.filter(
            indicator_id__in=ids
        ).values_list("indicator_id", "recordtype_id"):
            type_ids[indicator_id].add(type_id)
    since = []
    if type_ids:
        since = list(
            Correction.objects.filter(
                status=CorrectionStatus.APPROVED,
                decided_at__gt=version.signed_at,
                record__date__year=version.review.year,
                record__record_type_id__in=set().union(*type_ids.values()),
            ).select_related("record", "decided_by")
        )
    changed = []
    for code, frozen in moved:
        now = live.values.get(code)
        indicator = live.indicators.get(code)
        types = type_ids[indicator.pk] if indicator else set()
        corrections = [c for c in since if c.record.record_type_id in types]
        word, style = (indicator.unit_word if indicator else ""), styles.get(code, "exact")
        if now is not None and templating.format_figure(
            Decimal(frozen), word, style
        ) == templating.format_figure(now, word, style):
            style = "exact"  # 100余人 both times: show the figures that did change
        changed.append(
            ChangedFigure(
                code,
                indicator.name if indicator else code,
                frozen,
                now,
                corrections,
                published_text=templating.format_figure(Decimal(frozen), word, style),
                now_text=templating.format_figure(now, word, style) if now is not None else "—",
            )
        )
    return changed


def review_version_diff(old: ReviewVersion, new: ReviewVersion) -> dict:
    """Line by line: ("+", line) added in `new`, ("-", line) removed, (" ", line) kept."""
    import difflib

    lines = [
        (line[0], line[2:])
        for line in difflib.ndiff(old.source.splitlines(), new.source.splitlines())
        if line[:1] in "+- "
    ]
    return {"old": old.number, "new": new.number, "lines": lines}


def indicator_codes(names: set[str]) -> dict[str, str]:
    """name → code, for reading the editor's tokens back (the first of equal names)."""
    found: dict[str, str] = {}
    for name, code in (
        Indicator.objects.filter(name__in=names).order_by("-pk").values_list("name", "code")
    ):
        found[name] = code
    return found


@dataclass
class FigureChoice:
    indicator: Indicator
    # (style, label, the figure as it will print) for each style that suits it
    styles: list


STYLE_LABELS = {
    "exact": gettext_lazy("精确"),
    "approx": gettext_lazy("余字"),
    "money": gettext_lazy("金额（亿元/万元）"),
}


def review_figure_choices(*, review: Review, query: str, limit: int = 12) -> list[FigureChoice]:
    """The picker: indicators whose name, code, keywords or area match, with this
    review's year's value for its unit (one table for all of them)."""
    qs = Indicator.objects.select_related("area").order_by("area__name", "name")
    for word in query.split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(code__icontains=word)
            | Q(keywords__icontains=word)
            | Q(area__name__icontains=word)
        )
    indicators = list(qs[:limit])
    if not indicators:
        return []
    table = indicator_table(
        indicators=indicators, period=period_for(review.year), units=[review.unit]
    )
    choices = []
    for ind in indicators:
        value = table.value(ind, review.unit)
        names = ["money"] if ind.measure == Measure.AMOUNT else ["exact", "approx"]
        styles = [
            (
                name,
                STYLE_LABELS[name],
                templating.format_figure(value, ind.unit_word, name) if value is not None else "—",
            )
            for name in names
        ]
        choices.append(FigureChoice(ind, styles))
    return choices
