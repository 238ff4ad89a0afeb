"""The investment-project pages: the pipeline list, a project, its next stage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.audit.selectors import audit_events_for
from tongxin.cases import permissions, selectors
from tongxin.cases.forms import AdvanceForm, ProjectForm, add_errors
from tongxin.cases.models import ProjectStage
from tongxin.cases.services import projects as projects_services
from tongxin.ledger.selectors import get_record_for_user

PAGE_SIZE = 50


def _year(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


@business_user_required
def project_list(request):
    year = _year(request)
    stage = request.GET.get("stage", "")
    stage = stage if stage in ProjectStage.values else ""
    qs = selectors.project_list(request.user, year=year, stage=stage)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/project_list.html",
        {
            "page": page,
            "year": year,
            "stage": stage,
            "stages": ProjectStage.choices,
            "query": urlencode({k: v for k, v in (("year", year), ("stage", stage)) if v}),
            "counts": selectors.project_stage_counts(
                selectors.project_list(request.user, year=year)
            ),
            "can_create": permissions.can_keep_enterprise(request.user, None),
        },
    )


@business_user_required
def project_create(request):
    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    enterprises = selectors.enterprise_queryset(request.user).order_by("name")
    initial = {"event_record": request.GET.get("event")} if request.GET.get("event") else {}
    form = ProjectForm(
        request.POST or None, initial=initial, user=request.user, enterprises=enterprises
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("amount_unit")
        try:
            data["event_record"] = get_record_for_user(request.user, data["event_record"])
            project = projects_services.project_create(actor=request.user, **data)
        except Http404:
            form.add_error("event_record", _("找不到该推介活动记录。"))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("项目已登记。"))
            return redirect("cases:project_detail", pk=project.pk)
    return render(request, "cases/project_form.html", {"form": form})


@business_user_required
def project_detail(request, pk: int):
    project = selectors.project_get(request.user, pk)
    return render(
        request,
        "cases/project_detail.html",
        {
            "project": project,
            "history": [
                (event, ProjectStage((event.after or {}).get("stage", "promoted")).label)
                for event in audit_events_for(
                    object_type="cases.project", object_id=str(project.pk)
                )
            ],
            "can_edit": permissions.can_keep_enterprise(request.user, project.unit),
            "advance_form": AdvanceForm(initial={"on": timezone.localdate()}),
        },
    )


@business_user_required
@require_POST
def project_advance(request, pk: int):
    project = selectors.project_get(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, project.unit):
        raise PermissionDenied
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写日期。"))
    else:
        try:
            project = projects_services.project_advance(
                actor=request.user, project=project, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("项目已进入“{stage}”阶段。").format(stage=project.get_stage_display()),
            )
    return redirect("cases:project_detail", pk=project.pk)


@business_user_required
@require_POST
def project_stage_undo(request, pk: int):
    project = selectors.project_get(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, project.unit):
        raise PermissionDenied
    try:
        result = projects_services.project_stage_undo(
            actor=request.user, project=project, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if isinstance(result, type(project)):
            messages.success(
                request,
                _("已撤回到“{stage}”阶段，该阶段的台账记录已撤销。").format(
                    stage=result.get_stage_display()
                ),
            )
        else:  # a closed year: a correction waits for another editor
            messages.success(
                request, _("该年度已关账：撤回已作为更正申请提交，待另一位部机关干部批准。")
            )
    return redirect("cases:project_detail", pk=project.pk)
