"""Pages of investment projects and of credit matchmaking."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from tongxin.audit.selectors import audit_events_for
from tongxin.cases import permissions, selectors, services
from tongxin.cases.forms import AdvanceForm, CreditLineForm, CreditMeetingForm, ProjectForm
from tongxin.cases.models import ProjectStage
from tongxin.cases.views import _add_errors
from tongxin.core.decorators import business_user_required
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
    enterprises = selectors.enterprises_visible_to(request.user).order_by("name")
    initial = {"event_record": request.GET.get("event")} if request.GET.get("event") else {}
    form = ProjectForm(
        request.POST or None, initial=initial, user=request.user, enterprises=enterprises
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("amount_unit")
        try:
            data["event_record"] = get_record_for_user(request.user, data["event_record"])
            project = services.project_create(actor=request.user, **data)
        except Http404:
            form.add_error("event_record", "找不到该推介活动记录。")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "项目已登记。")
            return redirect("cases:project_detail", pk=project.pk)
    return render(request, "cases/project_form.html", {"form": form})


@business_user_required
def project_detail(request, pk: int):
    project = selectors.get_project_for_user(request.user, pk)
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
    project = selectors.get_project_for_user(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, project.unit):
        raise PermissionDenied
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写日期。")
    else:
        try:
            project = services.project_advance(
                actor=request.user, project=project, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"项目已进入“{project.get_stage_display()}”阶段。")
    return redirect("cases:project_detail", pk=project.pk)


# Credit matchmaking


@business_user_required
def credit_meeting_list(request):
    year = _year(request)
    page = Paginator(selectors.credit_meeting_list(request.user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/credit_meeting_list.html",
        {
            "page": page,
            "year": year,
            "query": urlencode({"year": year} if year else {}),
            "totals": selectors.credit_totals(request.user, year=year),
            "can_create": permissions.can_keep_enterprise(request.user, None),
        },
    )


@business_user_required
def credit_meeting_create(request):
    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    form = CreditMeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if data["meeting_record"]:
                data["meeting_record"] = get_record_for_user(request.user, data["meeting_record"])
            meeting = services.credit_meeting_create(actor=request.user, **data)
        except Http404:
            form.add_error("meeting_record", "找不到该台账记录。")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "对接会已登记。")
            return redirect("cases:credit_meeting_detail", pk=meeting.pk)
    return render(request, "cases/credit_meeting_form.html", {"form": form})


def _line_form(request, data=None):
    enterprises = selectors.enterprises_visible_to(request.user).order_by("name")
    return CreditLineForm(data, enterprises=enterprises)


@business_user_required
def credit_meeting_detail(request, pk: int):
    meeting = selectors.get_credit_meeting_for_user(request.user, pk)
    lines = meeting.lines.select_related("enterprise")
    return render(
        request,
        "cases/credit_meeting_detail.html",
        {
            "meeting": meeting,
            "lines": lines,
            "total": sum((line.amount for line in lines), start=0),
            "can_edit": permissions.can_keep_enterprise(request.user, meeting.unit),
            "line_form": _line_form(request),
        },
    )


@business_user_required
@require_POST
def credit_line_add(request, pk: int):
    meeting = selectors.get_credit_meeting_for_user(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, meeting.unit):
        raise PermissionDenied
    form = _line_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = dict(form.cleaned_data)
        data.pop("amount_unit")
        try:
            services.credit_line_add(actor=request.user, meeting=meeting, **data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "授信签约已记录。")
    return redirect("cases:credit_meeting_detail", pk=meeting.pk)
