"""Everything the dashboard shows, computed with a fixed number of queries."""

import datetime as dt
from collections import OrderedDict

from django.utils.translation import gettext

from tongxin.accounts.models import Unit, UnitKind
from tongxin.indicators import selectors
from tongxin.indicators.models import IndicatorKind
from tongxin.indicators.periods import Period
from tongxin.indicators.progress import progress
from tongxin.lib.svgcharts import bars, trend

TREND_YEARS = 5


def build_dashboard(
    *, user, unit: Unit, period: Period, compare_code: str | None, today: dt.date
) -> dict:
    indicators = list(selectors.active_indicators())
    years = period.previous_years(TREND_YEARS)
    counties = (
        list(Unit.objects.filter(kind=UnitKind.COUNTY, parent=unit).order_by("sort_order", "code"))
        if unit.parent_id is None
        else []
    )
    by_period = selectors.indicator_tables(
        indicators=indicators, periods=[*years[:-1], period], units=[unit, *counties]
    )
    tables = {p.year: by_period[p] for p in years[:-1]}
    current = by_period[period]
    targets = selectors.targets_for(
        indicators=indicators, year=period.year, period_kind=period.target_kind, units=[unit]
    )
    share = period.elapsed_share(today)
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for ind in indicators:
        value = current.value(ind, unit)
        target = targets.get((ind.pk, unit.pk))
        history = [tables[p.year].value(ind, unit) for p in years[:-1]] + [value]
        groups.setdefault(ind.area.name if ind.area else "综合", []).append(
            {
                "indicator": ind,
                "value": value,
                "target": target,
                "progress": progress(
                    value,
                    target.value if target else None,
                    higher_is_better=ind.higher_is_better,
                    floor=target.floor if target else None,
                    elapsed_share=share,
                ),
                "trend": trend(
                    [str(p.year) for p in years],
                    history,
                    title=gettext("{indicator}五年走势").format(indicator=ind.name),
                ),
                # A ratio drills to its numerator's and denominator's records.
                "drillable": ind.is_computed
                or (ind.kind == IndicatorKind.RATIO and bool(ind.numerator_id)),
            }
        )
    context = {"unit": unit, "period": period, "groups": groups, "comparison": None}
    context["empty"] = _empty_state(unit, period, groups)
    if counties and indicators and not context["empty"]:
        context["comparison"] = _county_comparison(
            indicators, period, compare_code, counties, current
        )
    return context


def _empty_state(unit: Unit, period: Period, groups) -> dict | None:
    """None when the period has figures; else what to say and the latest year that has
    approved records (one query, asked only then), so zeros are never shown as figures."""
    computed = [
        item["value"]
        for items in groups.values()
        for item in items
        if item["indicator"].is_computed
    ]
    if not computed or any(computed):
        return None
    latest = _latest_approved_date(unit)
    if period.kind == "Y":
        message = gettext("%(year)s年尚无已审核记录") % {"year": period.year}
    else:
        message = gettext("%(period)s尚无已审核记录") % {"period": period.label}
    latest_year = latest.year if latest and latest.year != period.year else None
    return {"message": message, "latest_year": latest_year}


def _latest_approved_date(unit: Unit):
    from tongxin.ledger.models import RecordStatus, WorkRecord

    return (
        WorkRecord.objects.filter(status=RecordStatus.APPROVED, unit__path__startswith=unit.path)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def year_empty_state(unit: Unit, year: int) -> dict | None:
    """For a page defaulting to a year (the targets page): None when the unit has
    approved records that year, else the plain notice and the latest year that has
    some (one query)."""
    latest = _latest_approved_date(unit)
    if latest is not None and latest.year >= year:
        from tongxin.ledger.models import RecordStatus, WorkRecord

        if WorkRecord.objects.filter(
            status=RecordStatus.APPROVED, unit__path__startswith=unit.path, date__year=year
        ).exists():
            return None
    message = gettext("%(year)s年尚无已审核记录") % {"year": year}
    latest_year = latest.year if latest and latest.year != year else None
    return {"message": message, "latest_year": latest_year}


def _county_comparison(indicators, period: Period, compare_code, counties, table) -> dict:
    chosen = next((i for i in indicators if i.code == compare_code), indicators[0])
    values = [table.value(chosen, c) for c in counties]
    return {
        "counties": counties,
        "rows": [(ind, [table.value(ind, c) for c in counties]) for ind in indicators],
        "chosen": chosen,
        "chart": bars(
            [c.name for c in counties],
            values,
            title=gettext("各区县{indicator}（{period}）").format(
                indicator=chosen.name, period=period.label
            ),
            unit=chosen.unit_word,
        ),
    }
