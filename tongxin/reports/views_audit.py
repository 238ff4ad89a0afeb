"""The audit page: a draft in, its figures coloured by whether the ledger agrees."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from tongxin.accounts.access import can_act_for_unit, visible_units
from tongxin.core.decorators import business_user_required
from tongxin.reports.audit import marked_segments
from tongxin.reports.audit_forms import AuditForm
from tongxin.reports.audit_reading import draft_text
from tongxin.reports.audit_selectors import audit_draft


def _units(user):
    return visible_units(user).order_by("path")


@business_user_required
def audit(request):
    units = _units(request.user)
    form = AuditForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": request.user.unit_id},
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        upload = form.cleaned_data["file"]
        try:
            if not can_act_for_unit(request.user, unit):
                raise ValidationError("您只能核对本单位的数字。")
            text = draft_text(upload.name, upload.read()) if upload else form.cleaned_data["text"]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            year = form.cleaned_data["year"]
            result = audit_draft(text=text, year=year, unit=unit)
            context.update(
                result=result,
                segments=marked_segments(text, result["items"]),
                unit=unit,
                year=year,
                period=f"{year}-Y",
            )
    return render(request, "reports/audit.html", context)
