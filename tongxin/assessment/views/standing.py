"""The department's provincial standing: rank history with tiers and slogans, and
the editors' form for a year's tier and slogan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import sees_all_units, visible_units
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.assessment.forms import ProvincialStandingForm
from tongxin.assessment.models import ProvincialStanding
from tongxin.assessment.selectors import standing as standings
from tongxin.assessment.services.standing import provincial_standing_set
from tongxin.assessment.views.schemes import form_errors
from tongxin.lib.svgcharts import trend


def _department(user):
    """The unit whose provincial rank this is: the top of the tree. The department's
    staff and leaders see it; a county's reporter has no part in it."""
    if not sees_all_units(user):
        raise PermissionDenied
    unit = visible_units(user).filter(parent=None).order_by("path").first()
    if unit is None:
        raise PermissionDenied
    return unit


def _initial(indicator, unit, year: int) -> dict:
    """The year's standing as saved, or a start from the year's target (保五奔三)."""
    initial = {"year": year, "indicator": indicator}
    if indicator is None:
        return initial
    saved = ProvincialStanding.objects.filter(indicator=indicator, unit=unit, year=year).first()
    if saved:
        fields = ("tier", "target_tier", "slogan", "note")
        return {**initial, **{name: getattr(saved, name) for name in fields}}
    return {
        **initial,
        "slogan": standings.standing_slogan(standings.standing_year_target(indicator, unit, year)),
    }


def _sections(user, indicators, unit) -> list[dict]:
    sections = []
    for indicator in indicators:
        history = standings.standing_history(user, indicator, unit)
        oldest_first = list(reversed(history))
        sections.append(
            {
                "indicator": indicator,
                "history": history,
                "latest": next((h for h in history if h.standing or h.rank is not None), None),
                "chart": trend(
                    [str(h.year) for h in oldest_first],
                    [h.rank for h in oldest_first],
                    title=_("{indicator}历年名次").format(indicator=indicator.name),
                    width=320,
                )
                if oldest_first
                else "",
            }
        )
    return sections


@business_user_required
def standing(request):
    user = request.user
    unit = _department(user)
    indicators = list(standings.standing_indicators())
    is_editor = user.role == Role.EDITOR
    form = None
    if request.method == "POST":
        if not is_editor:
            raise PermissionDenied
        form = ProvincialStandingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                provincial_standing_set(actor=user, unit=unit, **data)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request, _("已保存{year}年的省级考核方阵。").format(year=data["year"])
                )
                return redirect(f"{reverse('assessment:standing')}?year={data['year']}")
    elif is_editor and indicators:
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() else timezone.localdate().year
        chosen = next(
            (i for i in indicators if str(i.pk) == request.GET.get("indicator")), indicators[0]
        )
        form = ProvincialStandingForm(initial=_initial(chosen, unit, year))
    return render(
        request,
        "assessment/standing.html",
        {
            "unit": unit,
            "sections": _sections(user, indicators, unit),
            "form": form,
            "is_editor": is_editor,
            "tier_suggestions": standings.TIER_SUGGESTIONS,
            "several": len(indicators) > 1,
        },
    )
