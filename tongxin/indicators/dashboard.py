"""Everything the dashboard shows, computed with a fixed number of queries."""

import datetime as dt
from collections import OrderedDict

from tongxin.accounts.models import Unit, UnitKind
from tongxin.indicators import selectors
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
                "trend": trend([str(p.year) for p in years], history, title=f"{ind.name}五年走势"),
                "drillable": ind.is_computed,
            }
        )
    context = {"unit": unit, "period": period, "groups": groups, "comparison": None}
    if counties and indicators:
        context["comparison"] = _county_comparison(
            indicators, period, compare_code, counties, current
        )
    return context


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
            title=f"各区县{chosen.name}（{period.label}）",
            unit=chosen.unit_word,
        ),
    }
