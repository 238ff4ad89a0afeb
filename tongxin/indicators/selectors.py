"""Computing indicators. One grouped query serves every plain count and sum over
record types and areas; an indicator that filters on tags or links costs one more
grouped query; nothing costs a query per unit."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from tongxin.accounts.access import scope_queryset
from tongxin.accounts.models import Unit
from tongxin.indicators.models import (
    Indicator,
    IndicatorKind,
    LinkFilter,
    ManualValue,
    Scope,
    Target,
)
from tongxin.indicators.periods import Period
from tongxin.ledger.models import LinkKind, RecordLink, RecordStatus, WorkRecord

MEASURE_FIELDS = {"count": "count", "participants": "participants", "amount": "amount"}


@dataclass
class Definition:
    """What an indicator counts, loaded once (no queries while computing)."""

    indicator: Indicator
    type_ids: frozenset
    area_ids: frozenset
    tag_ids: frozenset

    @property
    def single_tag(self) -> int | None:
        """The tag of an indicator filtered by exactly one tag and no link: those are
        all served by one query grouped by tag."""
        if len(self.tag_ids) == 1 and not self.indicator.link_filter:
            return next(iter(self.tag_ids))
        return None

    @property
    def needs_own_query(self) -> bool:
        return bool(self.tag_ids or self.indicator.link_filter) and self.single_tag is None


def load_definitions(indicators) -> list[Definition]:
    indicators = list(
        Indicator.objects.filter(pk__in=[i.pk for i in indicators])
        .select_related("numerator", "denominator", "area")
        .prefetch_related("record_types", "areas", "tags")
        .order_by("sort_order", "code")
    )
    return [
        Definition(
            indicator=i,
            type_ids=frozenset(t.pk for t in i.record_types.all()),
            area_ids=frozenset(a.pk for a in i.areas.all()),
            tag_ids=frozenset(t.pk for t in i.tags.all()),
        )
        for i in indicators
    ]


def _approved_in(period: Period) -> QuerySet:
    return WorkRecord.objects.filter(
        status=RecordStatus.APPROVED, date__gte=period.start, date__lte=period.end
    )


def _link_targets(link_filter: str) -> QuerySet:
    kind = {
        LinkFilter.HAS_INSTRUCTION: LinkKind.INSTRUCTION_ON,
        LinkFilter.HAS_ADOPTION: LinkKind.ADOPTED_FROM,
    }[link_filter]
    # An instruction record is `instruction_on` the report: the report is the target.
    # Starting from the (few) links lets the database fetch the targets by key instead
    # of testing every record of the period.
    return RecordLink.objects.filter(kind=kind).values("target_id")


def records_matching(definition: Definition, period: Period) -> QuerySet:
    """The approved records of the period that the indicator counts, for any unit."""
    qs = _approved_in(period)
    if definition.type_ids:
        qs = qs.filter(record_type_id__in=definition.type_ids)
    if definition.area_ids:
        qs = qs.filter(area_id__in=definition.area_ids)
    for tag_id in definition.tag_ids:
        qs = qs.filter(tags__id=tag_id)
    if definition.indicator.link_filter:
        qs = qs.filter(pk__in=_link_targets(definition.indicator.link_filter))
    return qs


def _aggregate(values: list[dict], definition: Definition) -> Decimal:
    ind = definition.indicator
    if ind.kind == IndicatorKind.COUNT:
        return Decimal(sum(v["n"] for v in values))
    field = {"count": "c", "participants": "p", "amount": "a"}[ind.measure or "count"]
    return sum((Decimal(v[field] or 0) for v in values), Decimal(0))


class IndicatorTable:
    """Values of many indicators for many units in one period."""

    def __init__(
        self,
        definitions: list[Definition],
        period: Period,
        units: list[Unit],
        unit_paths: dict[int, str] | None = None,
    ):
        self.definitions = definitions
        self.period = period
        self.units = units
        # Every unit's path, to roll a subtree up; loaded once per request by callers.
        self.unit_paths = unit_paths or dict(Unit.objects.values_list("id", "path"))
        self.values: dict[tuple[int, int], Decimal | None] = {}
        self._compute()

    def value(self, indicator: Indicator, unit: Unit) -> Decimal | None:
        return self.values.get((indicator.pk, unit.pk))

    def _grouped(self, queryset, *fields: str) -> dict[int, list[dict]]:
        rows_by_unit: dict[int, list[dict]] = defaultdict(list)
        for row in (
            queryset.order_by()
            .values("unit_id", *fields)
            .annotate(n=Count("id"), c=Sum("count"), p=Sum("participants"), a=Sum("amount"))
        ):
            rows_by_unit[row["unit_id"]].append(row)
        return rows_by_unit

    def _compute(self) -> None:
        computed = [d for d in self.definitions if d.indicator.is_computed]
        approved = _approved_in(self.period)
        untagged = [d for d in computed if not d.tag_ids and not d.indicator.link_filter]
        tags = {d.single_tag for d in computed if d.single_tag is not None}
        # Query 1 serves every plain count and sum; query 2 every single-tag one (a
        # record appears once per tag it carries, and each indicator reads one tag).
        # Group by area only when some indicator filters on areas: the narrower the
        # grouping, the closer this stays to one plain pass over the year.
        by_area = ("area_id",) if any(d.area_ids for d in computed) else ()
        base = self._grouped(approved, "record_type_id", *by_area) if untagged else {}
        tagged = (
            self._grouped(approved.filter(tags__in=tags), "record_type_id", *by_area, "tags")
            if tags
            else {}
        )
        # Which units roll up into each unit asked for (once, not per indicator).
        subtrees = {
            unit.pk: [u for u, path in self.unit_paths.items() if path.startswith(unit.path)]
            for unit in self.units
        }
        for d in computed:
            if d.needs_own_query:
                per_unit = self._grouped(records_matching(d, self.period))
            else:
                source = base if d.single_tag is None else tagged
                per_unit = {
                    unit_id: [
                        r
                        for r in rows
                        if (not d.type_ids or r["record_type_id"] in d.type_ids)
                        and (not d.area_ids or r.get("area_id") in d.area_ids)
                        and (d.single_tag is None or r["tags"] == d.single_tag)
                    ]
                    for unit_id, rows in source.items()
                }
            # Each unit's own figure once; a subtree adds up its units' figures.
            own = {unit_id: _aggregate(rows, d) for unit_id, rows in per_unit.items()}
            for unit in self.units:
                if d.indicator.scope == Scope.OWN:
                    value = own.get(unit.pk, Decimal(0))
                else:
                    value = sum((own.get(u, Decimal(0)) for u in subtrees[unit.pk]), Decimal(0))
                self.values[(d.indicator.pk, unit.pk)] = value
        self._manual()
        self._ratios()

    def _manual(self) -> None:
        manual_ids = [
            d.indicator.pk for d in self.definitions if d.indicator.kind == IndicatorKind.MANUAL
        ]
        if not manual_ids:
            return
        for mv in ManualValue.objects.filter(
            indicator_id__in=manual_ids,
            year=self.period.year,
            period=self.period.target_kind,
            unit__in=self.units,
        ):
            self.values[(mv.indicator_id, mv.unit_id)] = mv.value

    def _ratios(self) -> None:
        for d in self.definitions:
            ind = d.indicator
            if ind.kind != IndicatorKind.RATIO or not (ind.numerator_id and ind.denominator_id):
                continue
            for unit in self.units:
                num = self.values.get((ind.numerator_id, unit.pk))
                den = self.values.get((ind.denominator_id, unit.pk))
                self.values[(ind.pk, unit.pk)] = (
                    (num * 100 / den).quantize(Decimal("0.1")) if num is not None and den else None
                )


def definitions_with_parts(indicators) -> list[Definition]:
    """Ratios need their parts: they are pulled in even when not listed."""
    indicators = list(indicators)
    wanted = {i.pk for i in indicators}
    extra = [
        part
        for i in indicators
        if i.kind == IndicatorKind.RATIO
        for part in (i.numerator, i.denominator)
        if part and part.pk not in wanted
    ]
    return load_definitions(indicators + extra)


def indicator_table(*, indicators, period: Period, units: list[Unit]) -> IndicatorTable:
    return IndicatorTable(definitions_with_parts(indicators), period, units)


def indicator_tables(*, indicators, periods: list[Period], units: list[Unit]) -> dict:
    """Tables for several periods, loading the definitions and unit tree once:
    each period then costs its grouped query, one per tag/link indicator, and
    one for manual values."""
    definitions = definitions_with_parts(indicators)
    unit_paths = dict(Unit.objects.values_list("id", "path"))
    return {p: IndicatorTable(definitions, p, units, unit_paths) for p in periods}


def drilldown_records(user, *, indicator: Indicator, period: Period, unit: Unit) -> QuerySet:
    """Exactly the records behind a value, as the user may see them."""
    definition = load_definitions([indicator])[0]
    qs = records_matching(definition, period)
    if indicator.scope == Scope.OWN:
        qs = qs.filter(unit=unit)
    else:
        qs = qs.filter(unit__path__startswith=unit.path)
    return (
        scope_queryset(user, qs, unit_field="unit")
        .select_related("unit", "record_type", "area")
        .order_by("-date", "-id")
    )


def targets_for(*, indicators, year: int, period_kind: str, units) -> dict:
    return {
        (t.indicator_id, t.unit_id): t
        for t in Target.objects.filter(
            indicator__in=list(indicators), year=year, period=period_kind, unit__in=list(units)
        )
    }


def active_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).select_related(
        "area", "numerator", "denominator"
    )
