"""Writes to credit matchmaking: meetings and the credit lines signed at them. Each
line is also a ledger record of type 授信签约 (amount in 元), which the indicators sum."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log
from tongxin.cases import permissions
from tongxin.cases.models import CreditLine, CreditMeeting, Enterprise
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import ledger_record, ownership_tag

MEETING_TITLE_REQUIRED = "请填写会议名称。"
BANK_REQUIRED = "请填写银行名称。"
AMOUNT_NOT_POSITIVE = "授信金额应大于零。"


@transaction.atomic
def credit_meeting_create(
    *, actor: User, title: str, date: dt.date, unit: Unit, meeting_record=None
) -> CreditMeeting:
    if not permissions.can_keep_enterprise(actor, unit):
        raise PermissionDenied(NO_PERMISSION)
    if not title.strip():
        raise ValidationError({"title": MEETING_TITLE_REQUIRED})
    meeting = CreditMeeting.objects.create(
        title=title.strip(), date=date, unit=unit, meeting_record=meeting_record, created_by=actor
    )
    audit_log(
        actor=actor,
        action="credit_meeting.create",
        obj=meeting,
        unit=unit,
        after={
            "title": meeting.title,
            "date": date.isoformat(),
            "meeting_record": meeting_record.pk if meeting_record else None,
        },
    )
    return meeting


@transaction.atomic
def credit_line_add(
    *, actor: User, meeting: CreditMeeting, enterprise: Enterprise, bank: str, amount: Decimal
) -> CreditLine:
    if not permissions.can_keep_enterprise(actor, meeting.unit):
        raise PermissionDenied(NO_PERMISSION)
    errors = {}
    if not bank.strip():
        errors["bank"] = BANK_REQUIRED
    if amount is None or amount <= 0:
        errors["amount"] = AMOUNT_NOT_POSITIVE
    if errors:
        raise ValidationError(errors)
    from tongxin.ledger.models import LinkKind

    record = ledger_record(
        actor=actor,
        unit=meeting.unit,
        type_code="credit",
        date=meeting.date,
        title=f"{enterprise.name}获{bank.strip()}授信",
        amount=amount,
        tags=[ownership_tag(enterprise)],
        link_to=meeting.meeting_record,
        link_kind=LinkKind.PART_OF,
        is_illustrative=enterprise.is_illustrative,
    )
    line = CreditLine.objects.create(
        meeting=meeting,
        enterprise=enterprise,
        bank=bank.strip(),
        amount=amount,
        record=record,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="credit_line.add",
        obj=meeting,
        unit=meeting.unit,
        after={
            "line": line.pk,
            "enterprise": enterprise.pk,
            "bank": line.bank,
            "amount": str(amount),
        },
    )
    return line
