"""Computing indicators. One grouped query serves every plain count and sum over
record types and areas; one more, started from the tags, serves every tag-filtered
indicator (and one from the links every link-only one); nothing costs a query per
indicator or per unit."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from tongxin.accounts.access import scope_queryset
from tongxin.accounts.models import Unit
from tongxin.accounts.selectors import subtree_unit_ids
from tongxin.indicators import narrow
from tongxin.indicators.models import (
    Indicator,
    IndicatorKind,
    ManualValue,
    Scope,
    Target,
)
from tongxin.indicators.passcache import cached_passes
from tongxin.indicators.periods import Period
from tongxin.ledger import rollups
from tongxin.ledger.models import RecordLink, RecordStatus, WorkRecord
from tongxin.ledger.yearstamps import year_tokens


@dataclass
class Definition:
    """What an indicator counts, loaded once (no queries while computing)."""

    indicator: Indicator
    type_ids: frozenset
    area_ids: frozenset
    tag_ids: frozenset

    @property
    def is_plain(self) -> bool:
        """Counted from the base pass: no tag, no link."""
        return not self.tag_ids and not self.indicator.link_filter

    def row_matches(self, row: dict) -> bool:
        return (
            (not self.type_ids or row["record_type_id"] in self.type_ids)
            and (not self.area_ids or row.get("area_id") in self.area_ids)
            and (self.is_plain or narrow.row_matches(self, row))
        )


def load_definitions(indicators) -> list[Definition]:
    """The filters of the given indicators, read from the three link tables as plain
    ids (no model objects: this runs on every request that computes figures)."""
    indicators = sorted(
        {i.pk: i for i in indicators}.values(), key=lambda i: (i.sort_order, i.code)
    )
    ids = [i.pk for i in indicators]
    filters: dict[str, dict[int, set]] = {}
    for name, field in (
        ("record_types", "recordtype_id"),
        ("areas", "workarea_id"),
        ("tags", "tag_id"),
    ):
        through = getattr(Indicator, name).through
        filters[name] = defaultdict(set)
        for indicator_id, value in through.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", field
        ):
            filters[name][indicator_id].add(value)
    return [
        Definition(
            indicator=i,
            type_ids=frozenset(filters["record_types"][i.pk]),
            area_ids=frozenset(filters["areas"][i.pk]),
            tag_ids=frozenset(filters["tags"][i.pk]),
        )
        for i in indicators
    ]


def _approved_in(period: Period) -> QuerySet:
    return WorkRecord.objects.filter(
        status=RecordStatus.APPROVED, date__gte=period.start, date__lte=period.end
    )


def _link_targets(link_filter: str) -> QuerySet:
    kind = narrow.LINK_KINDS[link_filter]
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


def _manual_rows(indicator_ids, periods: list[Period], units: list[Unit]) -> dict:
    """Manual values of several periods in one query, by (year, period kind)."""
    found: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for year, kind, indicator_id, unit_id, value in ManualValue.objects.filter(
        indicator_id__in=list(indicator_ids),
        year__in={p.year for p in periods},
        period__in={p.target_kind for p in periods},
        unit__in=units,
    ).values_list("year", "period", "indicator_id", "unit_id", "value"):
        found[(year, kind)].append((indicator_id, unit_id, value))
    return found


def _in_rollups(definition: Definition) -> bool:
    """The rollups keep every tag alone and every link kind alone."""
    if definition.indicator.link_filter:
        return not definition.tag_ids
    return len(definition.tag_ids) == 1


def _record_rows(period: Period, by_area: bool) -> list[dict]:
    """The base pass read from the records themselves."""
    return list(
        _approved_in(period)
        .order_by()
        .values("unit_id", "record_type_id", *(["area_id"] if by_area else []))
        # COUNT(*), not COUNT(id): the covering index has no id column, and only this
        # lets PostgreSQL read the index alone.
        .annotate(n=Count("*"), c=Sum("count"), p=Sum("participants"), a=Sum("amount"))
    )


def _narrow_rows(definitions: list[Definition], period: Period, by_area: bool) -> list[dict]:
    tagged = [d for d in definitions if d.tag_ids]
    linked = [d for d in definitions if d.indicator.link_filter and not d.tag_ids]
    rows = []
    if tagged:
        rows += narrow.tagged_rows(tagged, period, by_area=by_area)
    if linked:
        rows += narrow.linked_rows(linked, period, by_area=by_area)
    return rows


class IndicatorTable:
    """Values of many indicators for many units in one period."""

    def __init__(
        self,
        definitions: list[Definition],
        period: Period,
        units: list[Unit],
        unit_paths: dict[int, str] | None = None,
        tokens: dict[int, int] | None = None,
        manual: dict[tuple[int, str], list[tuple]] | None = None,
        *,
        from_records: bool = False,
        use_cache: bool = True,
    ):
        self.definitions = definitions
        # Read every figure from the records, not the rollups: what `tongxin
        # indicators YEAR --verify` compares the rollups with (neither from the cache).
        self.from_records = from_records
        self.use_cache = use_cache and not from_records
        self.period = period
        self.units = units
        # Every unit's path, to roll a subtree up; loaded once per request by callers.
        self.unit_paths = unit_paths or dict(Unit.objects.values_list("id", "path"))
        # The year's data token, read before the passes (a change committed between
        # the two then only costs a recomputation, never a stale figure).
        self.token = (tokens if tokens is not None else year_tokens([period.year])).get(period.year)
        # Manual values as (indicator, unit, value) by (year, period kind), when the
        # caller loaded several periods' at once (`indicator_tables`).
        self._manual_rows = manual
        self.values: dict[tuple[int, int], Decimal | None] = {}
        self._compute()

    def value(self, indicator: Indicator, unit: Unit) -> Decimal | None:
        return self.values.get((indicator.pk, unit.pk))

    def _passes(self, computed: list[Definition]) -> tuple[list[dict], list[dict], list[dict]]:
        """The rows every figure is added from: the base rows (plain counts and sums),
        the rollups' tag and link rows, and the narrow passes' rows for what the
        rollups do not keep (several tags, or a tag and a link, at once). Three lists,
        since a record of the narrow passes may also be in the rollups' rows."""
        # Group by area only when some indicator filters on areas: fewer rows.
        by_area = any(d.area_ids for d in computed)
        plain = any(d.is_plain for d in computed)
        narrowed = [d for d in computed if not d.is_plain]
        kept = [d for d in narrowed if _in_rollups(d)]
        rest = [d for d in narrowed if not _in_rollups(d)]
        spec = (
            "rollups",
            self.from_records,
            plain,
            by_area,
            sorted((sorted(d.tag_ids), d.indicator.link_filter) for d in narrowed),
        )

        def compute() -> tuple[list[dict], list[dict], list[dict]]:
            if self.from_records:
                months, edges = None, [(self.period.start, self.period.end)]
            else:
                months, edges = rollups.month_span(self.period.start, self.period.end)
            rows: list[dict] = []
            kept_rows: list[dict] = []
            if months and plain:
                rows += rollups.approved_sums(*months, by_area=by_area)
            if months and kept:
                kept_rows += rollups.approved_sums(
                    *months,
                    by_area=by_area,
                    tags=sorted({t for d in kept for t in d.tag_ids}),
                    link_kinds=sorted(
                        {narrow.LINK_KINDS[d.indicator.link_filter] for d in kept if not d.tag_ids}
                    ),
                )
            # The days of a partial month (the year to a date), or everything when
            # checking the rollups, from the records.
            for start, end in edges:
                edge = Period(self.period.year, "to", start, end)
                if plain:
                    rows += _record_rows(edge, by_area)
                kept_rows += _narrow_rows(kept, edge, by_area)
            rest_rows = _narrow_rows(rest, self.period, by_area)
            return rows, kept_rows, rest_rows

        if not self.use_cache:
            return compute()
        return cached_passes(self.period, spec, self.token, compute)

    def _compute(self) -> None:
        computed = [d for d in self.definitions if d.indicator.is_computed]
        # Which units roll up into each unit asked for (once, not per indicator).
        subtrees = {
            unit.pk: [u for u, path in self.unit_paths.items() if path.startswith(unit.path)]
            for unit in self.units
        }
        # The computed figures depend on the passes and on what each indicator counts
        # for which units: kept in the cache under the year's token with all of that.
        spec = (
            [
                (
                    d.indicator.pk,
                    d.indicator.kind,
                    d.indicator.measure,
                    d.indicator.scope,
                    d.indicator.link_filter,
                    sorted(d.type_ids),
                    sorted(d.area_ids),
                    sorted(d.tag_ids),
                )
                for d in computed
            ],
            sorted((unit_id, sorted(ids)) for unit_id, ids in subtrees.items()),
        )
        if not self.use_cache:
            self.values.update(self._figures(computed, subtrees))
        else:
            self.values.update(
                cached_passes(
                    self.period,
                    ("figures", spec),
                    self.token,
                    lambda: self._figures(computed, subtrees),
                )
            )
        self._manual()
        self._ratios()

    def _figures(self, computed: list[Definition], subtrees: dict[int, list[int]]) -> dict:
        values: dict[tuple[int, int], Decimal] = {}
        # Rows by source and record type, so each indicator reads only its own.
        by_type = {"plain": defaultdict(list), "kept": defaultdict(list), "rest": defaultdict(list)}
        for source, source_rows in zip(by_type, self._passes(computed), strict=True):
            for row in source_rows:
                by_type[source][row["record_type_id"]].append(row)
        for d in computed:
            buckets = by_type["plain" if d.is_plain else "kept" if _in_rollups(d) else "rest"]
            candidates = (
                [row for t in d.type_ids for row in buckets.get(t, ())]
                if d.type_ids
                else [row for bucket in buckets.values() for row in bucket]
            )
            own: dict[int, list[dict]] = defaultdict(list)
            for row in candidates:
                if d.row_matches(row):
                    own[row["unit_id"]].append(row)
            # Each unit's own figure once; a subtree adds up its units' figures.
            figures = {unit_id: _aggregate(unit_rows, d) for unit_id, unit_rows in own.items()}
            for unit in self.units:
                if d.indicator.scope == Scope.OWN:
                    value = figures.get(unit.pk, Decimal(0))
                else:
                    value = sum((figures.get(u, Decimal(0)) for u in subtrees[unit.pk]), Decimal(0))
                values[(d.indicator.pk, unit.pk)] = value
        return values

    def _manual(self) -> None:
        manual_ids = [
            d.indicator.pk for d in self.definitions if d.indicator.kind == IndicatorKind.MANUAL
        ]
        if not manual_ids:
            return
        if self._manual_rows is not None:
            found = self._manual_rows.get((self.period.year, self.period.target_kind), [])
        else:
            found = _manual_rows(manual_ids, [self.period], self.units).get(
                (self.period.year, self.period.target_kind), []
            )
        wanted, unit_ids = set(manual_ids), {u.pk for u in self.units}
        for indicator_id, unit_id, value in found:
            if indicator_id in wanted and unit_id in unit_ids:
                self.values[(indicator_id, unit_id)] = value

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


def indicator_table(
    *,
    indicators,
    period: Period,
    units: list[Unit],
    from_records: bool = False,
    use_cache: bool = True,
) -> IndicatorTable:
    return IndicatorTable(
        definitions_with_parts(indicators),
        period,
        units,
        from_records=from_records,
        use_cache=use_cache,
    )


def figures_against_records(*, year: int) -> tuple[int, list[tuple]]:
    """Every computed figure of every indicator for every unit and period of the year,
    from the rollups and recomputed from the records: (figures compared, differences
    as (period, indicator code, unit name, from rollups, from records))."""
    from tongxin.indicators.periods import period_for

    indicators = list(Indicator.objects.select_related("numerator", "denominator"))
    units = list(Unit.objects.order_by("path"))
    compared, differing = 0, []
    for kind in ("Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"):
        period = period_for(year, kind)
        tables = [
            indicator_table(
                indicators=indicators,
                period=period,
                units=units,
                from_records=from_records,
                use_cache=False,
            )
            for from_records in (False, True)
        ]
        for ind in indicators:
            if not (ind.is_computed or ind.kind == IndicatorKind.RATIO):
                continue
            for unit in units:
                kept, recounted = (t.value(ind, unit) for t in tables)
                compared += 1
                if kept != recounted:
                    differing.append((period.label, ind.code, unit.name, kept, recounted))
    return compared, differing


def indicator_tables(*, indicators, periods: list[Period], units: list[Unit]) -> dict:
    """Tables for several periods, loading the definitions and unit tree once:
    each period then costs its grouped query, one per tag/link indicator, and
    one for manual values."""
    definitions = definitions_with_parts(indicators)
    unit_paths = dict(Unit.objects.values_list("id", "path"))
    tokens = year_tokens(p.year for p in periods)
    manual_ids = [d.indicator.pk for d in definitions if d.indicator.kind == IndicatorKind.MANUAL]
    manual = _manual_rows(manual_ids, periods, units) if manual_ids else {}
    return {p: IndicatorTable(definitions, p, units, unit_paths, tokens, manual) for p in periods}


def drilldown_records(user, *, indicator: Indicator, period: Period, unit: Unit) -> QuerySet:
    """Exactly the records behind a value, as the user may see them."""
    definition = load_definitions([indicator])[0]
    qs = records_matching(definition, period)
    if indicator.scope == Scope.OWN:
        qs = qs.filter(unit=unit)
    else:
        # Not a join on `path LIKE`: PostgreSQL's generic plan for the join (after five
        # runs on a connection) walked every unit's records of the period, 11-46 ms a
        # query at 100,000 records.
        qs = qs.filter(unit_id__in=subtree_unit_ids(unit.path))
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


def plain_number(value: Decimal | None):
    """Whole numbers as integers, others as floats: the JSON both the CLI and the API print."""
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def indicator_year_rows(*, year: int, unit: Unit) -> list[dict]:
    """Every active indicator's value and yearly target for one unit: the rows of
    `tongxin indicators YEAR --json` and of the API's /indicators/."""
    from tongxin.indicators.periods import period_for

    indicators = list(active_indicators())
    table = indicator_table(indicators=indicators, period=period_for(year), units=[unit])
    targets = targets_for(indicators=indicators, year=year, period_kind="Y", units=[unit])
    rows = []
    for ind in indicators:
        target = targets.get((ind.pk, unit.pk))
        rows.append(
            {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit_word,
                "value": plain_number(table.value(ind, unit)),
                "target": plain_number(target.value) if target else None,
            }
        )
    return rows
