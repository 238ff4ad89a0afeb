from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.assessment.forms import RecurringMeetingForm
from tongxin.assessment.selectors import meetings
from tongxin.assessment.services import meetings as meeting_services
from tongxin.assessment.views.schemes import _require_editor, form_errors


def _list(request, form):
    today = timezone.localdate()
    found = list(meetings.meeting_queryset(request.user))
    by_meeting = meetings.meeting_occurrences(found, [today.year], today)
    rows = []
    for m in found:
        occs = by_meeting.get(m.pk, [])
        rows.append(
            {
                "meeting": m,
                "occurrences": occs,
                "held": sum(1 for o in occs if o.status == meetings.HELD),
                "missed": sum(1 for o in occs if o.status == meetings.MISSED),
            }
        )
    return render(
        request,
        "assessment/meeting_list.html",
        {
            "rows": rows,
            "year": today.year,
            "form": form,
            "can_edit": request.user.role == Role.EDITOR,
            "attention": meetings.meeting_missed_list_for(request.user, today),
        },
    )


@business_user_required
def meeting_list(request):
    form = RecurringMeetingForm(initial={"start_year": timezone.localdate().year})
    return _list(request, form if request.user.role == Role.EDITOR else None)


@business_user_required
@require_POST
def meeting_create(request):
    _require_editor(request.user)
    form = RecurringMeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = meeting_services.recurring_meeting_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已添加定期会议。"))
            return redirect("assessment:meeting_detail", pk=meeting.pk)
    return _list(request, form)


@business_user_required
def meeting_detail(request, pk: int):
    meeting = meetings.meeting_get(request.user, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    occs = meetings.meeting_occurrences([meeting], [year], today).get(meeting.pk, [])
    return render(
        request,
        "assessment/meeting_detail.html",
        {
            "meeting": meeting,
            "year": year,
            "years": range(today.year, max(meeting.start_year, today.year - 9) - 1, -1),
            "occurrences": occs,
        },
    )
