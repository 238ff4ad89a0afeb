from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_unit_for_user, sees_all_units
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.assessment.forms import (
    EvaluationForm,
    ItemForm,
    ManualScoreForm,
    SchemeEditForm,
    SchemeForm,
)
from tongxin.assessment.models import DutyReport, ItemKind
from tongxin.assessment.selectors import schemes as schemes_selectors
from tongxin.assessment.selectors.schemes import (
    scheme_comparison,
    scheme_get,
    scheme_item_get,
    scheme_items,
    scheme_manual_scores,
    scheme_previous,
    scheme_results,
    scheme_rows_for,
    scheme_rows_with_breakdown,
    scheme_units,
)
from tongxin.assessment.services import schemes as scheme_services
from tongxin.ledger.models import RecordStatus, WorkRecord

EVIDENCE_NOT_FOUND = gettext_lazy("找不到该佐证记录：须为该单位已通过审核的记录。")


def _require_editor(user) -> None:
    if user.role != Role.EDITOR:
        raise PermissionDenied


def form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@business_user_required
def scheme_list(request):
    return render(
        request,
        "assessment/scheme_list.html",
        {
            "schemes": schemes_selectors.scheme_list(request.user),
            "can_edit": request.user.role == Role.EDITOR,
            "sees_all": sees_all_units(request.user),
        },
    )


@business_user_required
def scheme_create(request):
    _require_editor(request.user)
    form = SchemeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = scheme_services.scheme_create(
                actor=request.user,
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
                units=list(form.cleaned_data["units"]),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已创建考核方案。"))
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form})


def _refuse_if_published(request, scheme):
    """A published scheme is frozen: say so on its page rather than show a form
    that cannot be saved (the service refuses too, should a publish race the edit)."""
    if scheme.is_published:
        messages.error(request, scheme_services.SCHEME_FROZEN)
        return redirect("assessment:scheme_detail", pk=scheme.pk)
    return None


@business_user_required
def scheme_edit(request, pk: int):
    scheme = scheme_get(request.user, pk)
    _require_editor(request.user)
    if refused := _refuse_if_published(request, scheme):
        return refused
    form = SchemeEditForm(
        request.POST or None,
        scheme=scheme,
        initial={"name": scheme.name, "units": scheme_units(scheme)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme_services.scheme_update(
                actor=request.user,
                scheme=scheme,
                name=form.cleaned_data["name"],
                units=list(form.cleaned_data["units"]),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已保存考核方案。"))
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(
        request,
        "assessment/scheme_form.html",
        {"form": form, "scheme": scheme},
    )


@business_user_required
def scheme_detail(request, pk: int):
    user = request.user
    scheme = scheme_get(user, pk)
    items = scheme_items(scheme)
    units = scheme_units(scheme)
    results = scheme_results(scheme, items=items, units=units)
    rows = scheme_rows_for(user, results)
    previous = scheme_previous(scheme)
    compare = scheme_comparison(scheme_results(previous) if previous else None, rows)
    for row in rows:
        row["previous"] = compare.get(row["unit_id"])
    is_editor = user.role == Role.EDITOR
    reports = DutyReport.objects.filter(scheme=scheme).select_related("unit")
    if user.role == Role.REPORTER:
        reports = reports.filter(unit__path__startswith=user.unit.path)
    own_units = [u for u in units if user.role == Role.REPORTER and u.is_within(user.unit)]
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "items": items,
            "rows": scheme_rows_with_breakdown(results, rows),
            "previous": previous,
            "can_edit": is_editor and not scheme.is_published,
            "is_editor": is_editor,
            "sees_all": user.role != Role.REPORTER,
            "unit_count": len(units),
            "evaluations": list(scheme.evaluations.all()) if user.role != Role.REPORTER else [],
            "duty_reports": list(reports),
            "upload_units": units if is_editor else own_units,
            "evaluation_form": EvaluationForm(scheme=scheme) if is_editor else None,
        },
    )


@business_user_required
def item_add(request, pk: int):
    scheme = scheme_get(request.user, pk)
    _require_editor(request.user)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme_services.scheme_item_add(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已添加考核项目。"))
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/item_form.html", {"scheme": scheme, "form": form})


@business_user_required
def item_edit(request, pk: int):
    item = scheme_item_get(request.user, pk)
    _require_editor(request.user)
    scheme = item.scheme
    if refused := _refuse_if_published(request, scheme):
        return refused
    form = ItemForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            scheme_services.scheme_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已保存考核项目。"))
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(
        request,
        "assessment/item_form.html",
        {"scheme": scheme, "form": form, "item": item},
    )


@business_user_required
@require_POST
def item_delete(request, pk: int):
    item = scheme_item_get(request.user, pk)
    _require_editor(request.user)
    try:
        scheme_services.scheme_item_delete(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除考核项目。"))
    return redirect("assessment:scheme_detail", pk=item.scheme_id)


def _evidence(unit, number):
    if not number:
        return None
    record = (
        WorkRecord.objects.filter(
            pk=number, status=RecordStatus.APPROVED, unit__path__startswith=unit.path
        )
        .select_related("unit")
        .first()
    )
    if record is None:
        raise ValidationError({"evidence_record": EVIDENCE_NOT_FOUND})
    return record


@business_user_required
def item_scores(request, pk: int):
    """Manual score entry: one row per unit, each its own form."""
    item = scheme_item_get(request.user, pk)
    _require_editor(request.user)
    if item.kind == ItemKind.INDICATOR:
        raise PermissionDenied
    scheme = item.scheme
    units = scheme_units(scheme)
    bound = None
    if request.method == "POST":
        bound = ManualScoreForm(request.POST)
        if bound.is_valid():
            data = bound.cleaned_data
            unit = get_unit_for_user(request.user, data["unit"])
            try:
                scheme_services.manual_score_set(
                    actor=request.user,
                    item=item,
                    unit=unit,
                    score=data["score"],
                    comment=data["comment"],
                    evidence_record=_evidence(unit, data["evidence_record"]),
                )
            except ValidationError as error:
                form_errors(bound, error)
            else:
                messages.success(request, _("已保存{unit}的评分。").format(unit=unit.name))
                return redirect("assessment:item_scores", pk=item.pk)
    scores = {k[1]: v for k, v in scheme_manual_scores(scheme).items() if k[0] == item.pk}
    rows = []
    for unit in units:
        entry = scores.get(unit.pk)
        failed = bound is not None and str(bound.data.get("unit")) == str(unit.pk)
        form = (
            bound
            if failed
            else ManualScoreForm(
                initial={
                    "unit": unit.pk,
                    "score": entry.score if entry else None,
                    "comment": entry.comment if entry else "",
                    "evidence_record": entry.evidence_record_id if entry else None,
                }
            )
        )
        rows.append({"unit": unit, "entry": entry, "form": form})
    return render(
        request,
        "assessment/item_scores.html",
        {"scheme": scheme, "item": item, "rows": rows, "frozen": scheme.is_published},
    )


@business_user_required
@require_POST
def scheme_publish(request, pk: int):
    scheme = scheme_get(request.user, pk)
    _require_editor(request.user)
    try:
        scheme_services.scheme_publish(actor=request.user, scheme=scheme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("考核结果已发布，方案已冻结。"))
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@business_user_required
@require_POST
def scheme_copy(request, pk: int):
    scheme = scheme_get(request.user, pk)
    _require_editor(request.user)
    try:
        copy = scheme_services.scheme_copy(actor=request.user, scheme=scheme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:scheme_detail", pk=scheme.pk)
    messages.success(request, _("已按本方案创建{year}年方案草稿。").format(year=copy.year))
    return redirect("assessment:scheme_detail", pk=copy.pk)
