"""Writes to recurring-meeting expectations. Atomic and audited; editors only."""

from django.db import transaction

from tongxin.accounts.models import Unit, User
from tongxin.assessment.models import RecurringMeeting
from tongxin.assessment.services.schemes import _require_editor
from tongxin.audit.services import audit_log, snapshot
from tongxin.ledger.models import RecordType

FIELDS = ["name", "unit", "record_type", "title_contains", "per_year", "scope", "start_year"]


@transaction.atomic
def recurring_meeting_create(
    *,
    actor: User | None,
    name: str,
    unit: Unit,
    record_type: RecordType,
    per_year: int,
    start_year: int,
    scope: str = "own",
    title_contains: str = "",
) -> RecurringMeeting:
    _require_editor(actor)
    meeting = RecurringMeeting(
        name=name,
        unit=unit,
        record_type=record_type,
        per_year=per_year,
        start_year=start_year,
        scope=scope,
        title_contains=title_contains.strip(),
    )
    meeting.full_clean()
    meeting.save()
    audit_log(
        actor=actor,
        action="assessment.meeting_create",
        obj=meeting,
        unit=unit,
        after=snapshot(meeting, FIELDS),
    )
    return meeting
