"""The figure-check page: a draft in, its figures coloured by whether the ledger agrees."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongxin.accounts.access import can_act_for_unit, visible_units
from tongxin.accounts.decorators import business_user_required
from tongxin.reports.figure_check import marked_segments
from tongxin.reports.figure_check_forms import FigureCheckForm
from tongxin.reports.figure_check_reading import draft_text
from tongxin.reports.selectors.figure_check import figure_check_draft


def _units(user):
    return visible_units(user).order_by("path")


@business_user_required
def figure_check(request):
    units = _units(request.user)
    # The highest unit the user may see (the city for city staff), not their own section:
    # a review speaks for the whole city.
    top = units.first()
    form = FigureCheckForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": top.pk if top else None},
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        upload = form.cleaned_data["file"]
        try:
            if not can_act_for_unit(request.user, unit):
                raise ValidationError(_("您只能核对本单位的数字。"))
            text = draft_text(upload.name, upload.read()) if upload else form.cleaned_data["text"]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            result = figure_check_draft(text=text, year=form.cleaned_data["year"], unit=unit)
            year = result["year"]
            form.data = form.data.copy()
            form.data["year"] = year  # shown, and changeable for the next check
            context.update(
                result=result,
                segments=marked_segments(text, result["items"]),
                unit=unit,
                year=year,
                period=f"{year}-Y",
            )
    return render(request, "reports/figure_check.html", context)
