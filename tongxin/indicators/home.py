"""The home page's key figures: the year's values against targets for the user's unit
(the reporter's own, the department for the others), in the house number style."""

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import visible_units
from tongxin.accounts.roles import Role
from tongxin.indicators import selectors
from tongxin.indicators.models import IndicatorKind, Target
from tongxin.indicators.periods import period_for
from tongxin.text.numbers import format_count, format_money

KEY_FIGURES = 6  # shown on the home page: the first indicators with a target


def figure_text(value, unit_word: str) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if unit_word == "元":
        return format_money(value)
    if unit_word == "%" or value != value.to_integral_value() or value < 0:
        text = format(value.quantize(Decimal("0.1")), "f").rstrip("0").rstrip(".")
        return f"{text}{unit_word}"
    return format_count(int(value), unit_word)


def key_figures_card(request) -> dict | None:
    user = request.user
    year = timezone.localdate().year
    # The counted indicators (no manual or linked figure: those need passes of their
    # own) with a target this year at the department, and the unit's own targets, in
    # the dashboard's order; the department comes with them.
    targets = list(
        Target.objects.filter(
            year=year,
            period="Y",
            indicator__is_active=True,
            indicator__kind__in=[IndicatorKind.COUNT, IndicatorKind.SUM],
            indicator__link_filter="",
        )
        .filter(Q(unit__parent=None) | Q(unit=user.unit_id))
        .select_related("indicator", "unit")
        .order_by("indicator__sort_order", "indicator__code")
    )
    if user.role == Role.REPORTER:
        unit = user.unit
    else:
        unit = next((t.unit for t in targets if t.unit.parent_id is None), None)
        unit = unit or visible_units(user).filter(parent=None).first()
    if unit is None:
        return None
    own = {t.indicator_id: t for t in targets if t.unit_id == unit.pk}
    chosen, seen = [], set()
    for target in targets:
        if target.indicator_id in seen:
            continue
        seen.add(target.indicator_id)
        chosen.append((target.indicator, own.get(target.indicator_id)))
        if len(chosen) == KEY_FIGURES:
            break
    dashboard = reverse("indicators:dashboard")
    query = f"?year={year}&unit={unit.pk}"
    card = {
        "title": _("%(year)s年%(unit)s主要指标") % {"year": year, "unit": unit.name},
        "url": dashboard + query,
        "figures": [],
        "text": "",
    }
    if not chosen:
        card["text"] = _("%(year)s年尚未设定目标值。") % {"year": year}
        return card
    table = selectors.indicator_table(
        indicators=[i for i, _t in chosen], period=period_for(year), units=[unit]
    )
    for indicator, target in chosen:
        value = table.value(indicator, unit)
        card["figures"].append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "text": figure_text(value, indicator.unit_word),
                "target_text": figure_text(target.value, indicator.unit_word) if target else "",
                "url": (
                    reverse("indicators:drilldown", args=[indicator.code, unit.pk])
                    + f"?period={year}-Y"
                    if indicator.is_computed
                    else dashboard + query
                ),
            }
        )
    if not any(table.value(indicator, unit) for indicator, _t in chosen):
        # Zeros are not figures: say so, and point to last year.
        card["figures"] = []
        card["text"] = _("%(year)s年尚无已审核记录") % {"year": year}
        card["links"] = [
            {
                "label": _("查看%(year)s年") % {"year": year - 1},
                "url": f"{dashboard}?year={year - 1}&unit={unit.pk}",
            }
        ]
    return card
