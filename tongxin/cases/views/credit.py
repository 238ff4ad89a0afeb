"""The credit matchmaking pages: meetings and the credit lines signed at them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.cases import permissions, selectors
from tongxin.cases.forms import AmountFields, CreditLineForm, CreditMeetingForm, add_errors
from tongxin.cases.models import CreditLine
from tongxin.cases.services import credit as credit_services
from tongxin.ledger.closedyears import year_is_closed
from tongxin.ledger.models import Correction
from tongxin.ledger.selectors import get_record_for_user

PAGE_SIZE = 50


def _year(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


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
            meeting = credit_services.credit_meeting_create(actor=request.user, **data)
        except Http404:
            form.add_error("meeting_record", _("找不到该台账记录。"))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("对接会已登记。"))
            return redirect("cases:credit_meeting_detail", pk=meeting.pk)
    return render(request, "cases/credit_meeting_form.html", {"form": form})


def _line_form(request, data=None):
    enterprises = selectors.enterprise_queryset(request.user).order_by("name")
    return CreditLineForm(data, enterprises=enterprises)


@business_user_required
def credit_meeting_detail(request, pk: int):
    meeting = selectors.credit_meeting_get(request.user, pk)
    lines = list(meeting.lines.select_related("enterprise", "record"))
    return render(
        request,
        "cases/credit_meeting_detail.html",
        {
            "meeting": meeting,
            "lines": lines,
            # The same lines the ledger counts: a withdrawn one counts nowhere.
            "total": sum((line.amount for line in lines if not line.withdrawn_at), start=0),
            "can_edit": permissions.can_keep_enterprise(request.user, meeting.unit),
            "line_form": _line_form(request),
            "year_closed": year_is_closed(meeting.date.year),
            "pending": selectors.credit_corrections_pending(meeting, lines),
        },
    )


@business_user_required
@require_POST
def credit_line_add(request, pk: int):
    meeting = selectors.credit_meeting_get(request.user, pk)
    if not permissions.can_keep_enterprise(request.user, meeting.unit):
        raise PermissionDenied
    form = _line_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = dict(form.cleaned_data)
        data.pop("amount_unit")
        try:
            result = credit_services.credit_line_add(
                actor=request.user, meeting=meeting, reason=request.POST.get("reason", ""), **data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            _done(request, result, _("授信签约已记录。"))
    return redirect("cases:credit_meeting_detail", pk=meeting.pk)


def _done(request, result, message) -> None:
    if isinstance(result, Correction):  # a closed year: asked, not yet done
        messages.success(
            request,
            _("该年度已关账：已提交补录/更正申请（#%(n)s），待另一位部机关干部批准后生效。")
            % {"n": result.pk},
        )
    else:
        messages.success(request, message)


def _line_for(request, pk: int) -> CreditLine:
    """The line, through its meeting's permission-checked lookup."""
    meeting_id = CreditLine.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    if meeting_id is None:
        raise Http404
    meeting = selectors.credit_meeting_get(request.user, meeting_id)
    if not permissions.can_keep_enterprise(request.user, meeting.unit):
        raise PermissionDenied
    return meeting.lines.select_related("enterprise", "record").get(pk=pk)


@business_user_required
@require_POST
def credit_line_amend(request, pk: int):
    line = _line_for(request, pk)
    form = AmountFields(request.POST)
    if not form.is_valid() or form.cleaned_data.get("amount") is None:
        messages.error(request, _("请填写授信金额。"))
    else:
        try:
            result = credit_services.credit_line_amend(
                actor=request.user,
                line=line,
                amount=form.cleaned_data["amount"],
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            _done(request, result, _("授信金额已修改，台账记录随之修改。"))
    return redirect("cases:credit_meeting_detail", pk=line.meeting_id)


@business_user_required
@require_POST
def credit_line_withdraw(request, pk: int):
    line = _line_for(request, pk)
    try:
        result = credit_services.credit_line_withdraw(
            actor=request.user, line=line, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _done(request, result, _("授信签约已撤销，其台账记录不再计入统计。"))
    return redirect("cases:credit_meeting_detail", pk=line.meeting_id)
