"""Pages of evaluations (rankings): criteria, values, review, publish, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.accounts.access import visible_units
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.audit.selectors import audit_events_for
from tongxin.cases import selectors
from tongxin.cases.forms import CriterionForm, EvaluationForm, ValuesForm, add_errors
from tongxin.cases.models import Enterprise
from tongxin.cases.services import rankings as rankings_services
from tongxin.cases.services.rankings import (
    ranking_criterion_add,
    ranking_publish,
    ranking_reopen,
    ranking_review,
    ranking_values_set,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _editor(user) -> bool:
    return user.role == Role.EDITOR


def _values_form(evaluation, data=None):
    return ValuesForm(
        data,
        criteria=list(evaluation.criteria.all()),
        enterprises=Enterprise.objects.order_by("name"),
    )


@business_user_required
def evaluation_list(request):
    return render(
        request,
        "cases/evaluation_list.html",
        {
            "evaluations": selectors.ranking_queryset(request.user).select_related("unit"),
            "can_create": _editor(request.user),
        },
    )


@business_user_required
def evaluation_create(request):
    if not _editor(request.user):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = visible_units(request.user).filter(parent=None).first() or request.user.unit
        try:
            evaluation = rankings_services.ranking_create(
                actor=request.user, unit=unit, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("评选已创建。"))
            return redirect("cases:evaluation_detail", pk=evaluation.pk)
    return render(request, "cases/evaluation_form.html", {"form": form})


@business_user_required
def evaluation_detail(request, pk: int):
    evaluation = selectors.ranking_get(request.user, pk)
    criteria, rows = selectors.ranking_table(evaluation)
    return render(
        request,
        "cases/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "criteria": criteria,
            "rows": rows,
            "is_editor": _editor(request.user),
            "is_leader": request.user.role == Role.LEADER,
            "criterion_form": CriterionForm(),
            "values_form": _values_form(evaluation),
            "history": audit_events_for(
                object_type="cases.evaluation", object_id=str(evaluation.pk)
            ),
        },
    )


def _run(request, fn, message: str) -> None:
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)


@business_user_required
@require_POST
def evaluation_edit(request, pk: int):
    """Add a criterion or set an enterprise's values (`part` says which)."""
    evaluation = selectors.ranking_get(request.user, pk)
    if not _editor(request.user):
        raise PermissionDenied
    if request.POST.get("part") == "criterion":
        form = CriterionForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: ranking_criterion_add(
                    actor=request.user, evaluation=evaluation, **form.cleaned_data
                ),
                _("指标已保存。"),
            )
        else:
            messages.error(request, _("请填写指标名称和权重。"))
    else:
        form = _values_form(evaluation, request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: ranking_values_set(
                    actor=request.user,
                    evaluation=evaluation,
                    enterprise=form.cleaned_data["enterprise"],
                    values=form.values(),
                ),
                _("数值已保存。"),
            )
        else:
            messages.error(request, _("请选择企业并填写数值。"))
    return redirect("cases:evaluation_detail", pk=evaluation.pk)


ACTIONS = {
    "review": (ranking_review, gettext_lazy("评选已审核。")),
    "reopen": (ranking_reopen, gettext_lazy("评选已退回编制。")),
    "publish": (ranking_publish, gettext_lazy("评选已发布，结果已冻结。")),
}


@business_user_required
@require_POST
def evaluation_action(request, pk: int):
    evaluation = selectors.ranking_get(request.user, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("未知的操作。"))
    else:
        fn, message = action
        _run(request, lambda: fn(actor=request.user, evaluation=evaluation), message)
    return redirect("cases:evaluation_detail", pk=evaluation.pk)


@business_user_required
def evaluation_export(request, pk: int, fmt: str):
    from tongxin.cases.ranking_export import ranking_docx, ranking_xlsx

    evaluation = selectors.ranking_get(request.user, pk)
    if fmt not in ("xlsx", "docx"):
        raise Http404
    content, kind = (ranking_xlsx, XLSX) if fmt == "xlsx" else (ranking_docx, DOCX)
    response = HttpResponse(content(evaluation), content_type=kind)
    filename = f"evaluation-{evaluation.year}-{evaluation.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
