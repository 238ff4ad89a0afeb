"""The case (诉求) pages: the list, intake, a case's page and its steps, the categories."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.cases import permissions, selectors
from tongxin.cases.forms import (
    AssignForm,
    CaseForm,
    FeedbackForm,
    ReplyForm,
    ScreenForm,
    add_errors,
)
from tongxin.cases.models import CaseCategory, CaseState
from tongxin.cases.services.cases import (
    case_assign,
    case_categories_update,
    case_close,
    case_feedback,
    case_receive,
    case_reopen,
    case_reply,
    case_screen,
    case_start,
)
from tongxin.ledger.selectors import get_record_for_user

PAGE_SIZE = 50


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
    enterprises = selectors.enterprise_queryset(request.user).order_by("name")
    initial = {}
    if request.GET.get("forum"):
        initial = {"source": "forum", "forum_record": request.GET["forum"]}
    form = CaseForm(request.POST or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        forum_pk = data.pop("forum_record")
        try:
            forum = get_record_for_user(request.user, forum_pk) if forum_pk else None
            case = case_receive(actor=request.user, forum_record=forum, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        except Http404:  # no such record, or one the user may not see
            form.add_error("forum_record", _("找不到该恳谈会记录。"))
        else:
            messages.success(request, _("诉求已登记。"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@business_user_required
def case_detail(request, pk: int):
    case = selectors.case_get(request.user, pk)
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
    "screen": gettext_lazy("受理意见已保存。"),
    "assign": gettext_lazy("诉求已交办。"),
    "start": gettext_lazy("已开始办理。"),
    "reply": gettext_lazy("答复已保存。"),
    "feedback": gettext_lazy("企业评价已记录。"),
    "close": gettext_lazy("诉求已办结，已计入工作台账。"),
    "reopen": gettext_lazy("诉求已重新办理，其“企业诉求解决”记录已撤销。"),
}
REOPEN_REQUESTED = gettext_lazy(
    "该年度已关账：重新办理已作为更正申请提交，待另一位部机关干部批准。"
)


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
        return case_screen(actor=actor, case=case, **data)
    if action == "assign":
        return case_assign(
            actor=actor,
            case=case,
            lead_unit=data["lead_unit"],
            assisting_units=list(data["assisting_units"]),
        )
    if action == "start":
        return case_start(actor=actor, case=case)
    if action == "reply":
        return case_reply(actor=actor, case=case, **data)
    if action == "feedback":
        return case_feedback(actor=actor, case=case, **data)
    if action == "reopen":
        return case_reopen(actor=actor, case=case, reason=request.POST.get("reason", ""))
    return case_close(actor=actor, case=case)


@business_user_required
@require_POST
def case_action(request, pk: int):
    case = selectors.case_get(request.user, pk)
    action = request.POST.get("action", "")
    if action not in SUCCESS:
        messages.error(request, _("未知的操作。"))
        return redirect("cases:case_detail", pk=case.pk)
    try:
        result = _run_action(request, case, action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        requested = not isinstance(result, type(case))  # a closed year's correction
        messages.success(request, REOPEN_REQUESTED if requested else SUCCESS[action])
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
            case_categories_update(actor=request.user, days=days)
        except (ValueError, ValidationError):
            messages.error(request, _("时限应为1至60个工作日的整数。"))
        else:
            messages.success(request, _("办理时限已保存，对此后接收的诉求生效。"))
            return redirect("cases:category_list")
    return render(
        request,
        "cases/category_list.html",
        {"categories": categories, "can_edit": can_edit},
    )
