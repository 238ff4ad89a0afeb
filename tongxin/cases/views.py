from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from tongxin.cases import permissions, selectors, services
from tongxin.cases.forms import (
    AssignForm,
    CaseForm,
    EnterpriseForm,
    FeedbackForm,
    MembershipForm,
    ReplyForm,
    ScreenForm,
)
from tongxin.cases.models import CaseCategory, CaseState, Ownership
from tongxin.core.decorators import business_user_required
from tongxin.ledger.selectors import get_record_for_user

PAGE_SIZE = 50


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# Enterprises


@business_user_required
def enterprise_list(request):
    q = request.GET.get("q", "")
    ownership = request.GET.get("ownership", "")
    qs = selectors.enterprise_list(request.user, q=q, ownership=ownership)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/enterprise_list.html",
        {
            "page": page,
            "q": q,
            "ownership": ownership,
            "query": urlencode({"q": q, "ownership": ownership}),
            "ownerships": Ownership.choices,
            "can_create": permissions.can_keep_enterprise(request.user, None),
        },
    )


@business_user_required
def enterprise_create(request):
    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "企业已登记。")
            return redirect("cases:enterprise_detail", pk=enterprise.pk)
    return render(request, "cases/enterprise_form.html", {"form": form, "enterprise": None})


@business_user_required
def enterprise_import(request):
    """Upload an .xlsx list; every row checked, then all merged or none."""
    from tongxin.accounts.access import visible_units
    from tongxin.cases.importing import read_enterprises

    if not permissions.can_keep_enterprise(request.user, None):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要导入的 Excel 文件。"]
        else:
            units = [u for u in visible_units(request.user) if u.is_active]
            result = read_enterprises(upload.read(), units=units)
            errors = result.errors
            if not errors:
                try:
                    counts = services.enterprises_import(
                        actor=request.user, rows=result.rows, filename=upload.name[:200]
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    messages.success(
                        request,
                        "导入完成：新登记{created}家，更新{updated}家，无变化{unchanged}家。".format(
                            **counts
                        ),
                    )
                    return redirect("cases:enterprise_list")
    return render(request, "cases/enterprise_import.html", {"errors": errors})


@business_user_required
def enterprise_detail(request, pk: int):
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    return render(
        request,
        "cases/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "memberships": enterprise.memberships.all(),
            "cases": selectors.cases_visible_to(request.user)
            .filter(enterprise=enterprise)
            .select_related("lead_unit"),
            "history": selectors.enterprise_history(enterprise),
            "can_edit": permissions.can_keep_enterprise(request.user, enterprise.district),
            "membership_form": MembershipForm(initial={"year": timezone.localdate().year}),
        },
    )


@business_user_required
def enterprise_edit(request, pk: int):
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, enterprise.district):
        raise PermissionDenied
    initial = {name: getattr(enterprise, name) for name in services.ENTERPRISE_FIELDS}
    form = EnterpriseForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                actor=request.user, enterprise=enterprise, changes=form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "企业信息已保存。")
            return redirect("cases:enterprise_detail", pk=enterprise.pk)
    return render(request, "cases/enterprise_form.html", {"form": form, "enterprise": enterprise})


@business_user_required
@require_POST
def enterprise_membership_add(request, pk: int):
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, enterprise.district):
        raise PermissionDenied
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.enterprise_membership_add(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "榜单入选已记录。")
    else:
        messages.error(request, "请填写年度和榜单名称。")
    return redirect("cases:enterprise_detail", pk=enterprise.pk)


# Cases


@business_user_required
def case_list(request):
    state = request.GET.get("state", "")
    state = state if state in CaseState.values else ""
    overdue = request.GET.get("overdue") == "1"
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    qs = selectors.case_list(request.user, state=state, year=year, overdue=overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "state": state,
            "states": CaseState.choices,
            "overdue": overdue,
            "year": year,
            "figures": selectors.case_figures(qs),
            "query": urlencode(
                {
                    k: v
                    for k, v in (("state", state), ("year", year), ("overdue", overdue and "1"))
                    if v
                }
            ),
            "today": timezone.localdate(),
            "can_register": permissions.can_register(request.user),
        },
    )


@business_user_required
def case_create(request):
    if not permissions.can_register(request.user):
        raise PermissionDenied
    enterprises = selectors.enterprises_visible_to(request.user).order_by("name")
    initial = {}
    if request.GET.get("forum"):
        initial = {"source": "forum", "forum_record": request.GET["forum"]}
    form = CaseForm(request.POST or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        forum_pk = data.pop("forum_record")
        try:
            forum = get_record_for_user(request.user, forum_pk) if forum_pk else None
            case = services.case_receive(actor=request.user, forum_record=forum, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except Http404:  # no such record, or one the user may not see
            form.add_error("forum_record", "找不到该恳谈会记录。")
        else:
            messages.success(request, "诉求已登记。")
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@business_user_required
def case_detail(request, pk: int):
    case = selectors.get_case_for_user(request.user, pk)
    can_register = permissions.can_register(request.user)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "events": selectors.case_events(case),
            "today": timezone.localdate(),
            "can_register": can_register,
            "can_handle": permissions.can_handle(request.user, case),
            "screen_form": ScreenForm(),
            "assign_form": AssignForm(
                initial={
                    "lead_unit": case.lead_unit_id,
                    "assisting_units": [u.pk for u in case.assisting_units.all()],
                }
            ),
            "reply_form": ReplyForm(),
            "feedback_form": FeedbackForm(),
        },
    )


SUCCESS = {
    "screen": "受理意见已保存。",
    "assign": "诉求已交办。",
    "start": "已开始办理。",
    "reply": "答复已保存。",
    "feedback": "企业评价已记录。",
    "close": "诉求已办结，已计入工作台账。",
}


def _run_action(request, case, action: str):
    """The service for `action`, given the posted form; a form error as a
    ValidationError."""
    forms = {
        "screen": ScreenForm,
        "assign": AssignForm,
        "reply": ReplyForm,
        "feedback": FeedbackForm,
    }
    data = {}
    if action in forms:
        form = forms[action](request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
    actor = request.user
    if action == "screen":
        return services.case_screen(actor=actor, case=case, **data)
    if action == "assign":
        return services.case_assign(
            actor=actor,
            case=case,
            lead_unit=data["lead_unit"],
            assisting_units=list(data["assisting_units"]),
        )
    if action == "start":
        return services.case_start(actor=actor, case=case)
    if action == "reply":
        return services.case_reply(actor=actor, case=case, **data)
    if action == "feedback":
        return services.case_feedback(actor=actor, case=case, **data)
    return services.case_close(actor=actor, case=case)


@business_user_required
@require_POST
def case_action(request, pk: int):
    case = selectors.get_case_for_user(request.user, pk)
    action = request.POST.get("action", "")
    if action not in SUCCESS:
        messages.error(request, "未知的操作。")
        return redirect("cases:case_detail", pk=case.pk)
    try:
        _run_action(request, case, action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, SUCCESS[action])
    return redirect("cases:case_detail", pk=case.pk)


@business_user_required
def category_list(request):
    """The categories and their deadlines; editors change the days here."""
    categories = list(CaseCategory.objects.all())
    can_edit = permissions.can_register(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            days = {
                category: (
                    int(request.POST.get(f"respond_{category.pk}", "")),
                    int(request.POST.get(f"resolve_{category.pk}", "")),
                )
                for category in categories
            }
            services.case_categories_update(actor=request.user, days=days)
        except (ValueError, ValidationError):
            messages.error(request, "时限应为1至60个工作日的整数。")
        else:
            messages.success(request, "办理时限已保存，对此后接收的诉求生效。")
            return redirect("cases:category_list")
    return render(
        request,
        "cases/category_list.html",
        {"categories": categories, "can_edit": can_edit},
    )
