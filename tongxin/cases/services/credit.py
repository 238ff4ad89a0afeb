"""Writes to credit matchmaking: meetings and the credit lines signed at them. Each
line is also a ledger record of type 授信签约 (amount in 元), which the indicators sum.
The line owns its record (ledger/owners.py): its amount, bank and withdrawal change
here, line and record in one transaction. In a closed year each of them becomes a
correction carrying the change, carried out by `credit_correction_apply` once another
editor approves it."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log
from tongxin.cases import permissions
from tongxin.cases.models import CreditLine, CreditMeeting, Enterprise
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import ledger_record, ownership_tag

MEETING_TITLE_REQUIRED = _("请填写会议名称。")
BANK_REQUIRED = _("请填写银行名称。")
AMOUNT_NOT_POSITIVE = _("授信金额应大于零。")
REASON_REQUIRED = _("该年度已关账：请填写补录或更正的原因。")
LINE_WITHDRAWN = _("该授信签约已撤销。")
OWNER_KIND = "cases.credit_line"


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


def _check_line(bank: str, amount) -> None:
    errors = {}
    if not bank.strip():
        errors["bank"] = BANK_REQUIRED
    if amount is None or amount <= 0:
        errors["amount"] = AMOUNT_NOT_POSITIVE
    if errors:
        raise ValidationError(errors)


def _line_title(enterprise: Enterprise, bank: str) -> str:
    # i18n: data (the title written into the ledger)
    return f"{enterprise.name}获{bank.strip()}授信"


def _closed(date: dt.date) -> bool:
    from tongxin.ledger.closedyears import year_is_closed

    return year_is_closed(date.year)


def _ask_correction(*, actor, unit, date, title, reason, payload, record=None):
    from tongxin.ledger.closing import correction_request_owner

    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    return correction_request_owner(
        actor=actor,
        owner_kind=OWNER_KIND,
        unit=unit,
        date=date,
        title=title,
        reason=reason,
        payload=payload,
        record=record,
    )


@transaction.atomic
def credit_line_add(
    *,
    actor: User,
    meeting: CreditMeeting,
    enterprise: Enterprise,
    bank: str,
    amount: Decimal,
    reason: str = "",
    correction=None,
):
    """Record a credit line and its ledger record. For a meeting of a closed year the
    line is a late item (补录): a correction request is returned instead (`reason`
    required), and line and record are created when another editor approves it
    (`correction`)."""
    if not permissions.can_keep_enterprise(actor, meeting.unit):
        raise PermissionDenied(NO_PERMISSION)
    _check_line(bank, amount)
    if correction is None and _closed(meeting.date):
        return _ask_correction(
            actor=actor,
            unit=meeting.unit,
            date=meeting.date,
            title=_line_title(enterprise, bank),
            reason=reason,
            payload={
                "action": "create",
                "meeting": meeting.pk,
                "enterprise": enterprise.pk,
                "bank": bank.strip(),
                "amount": str(amount),
            },
        )
    from tongxin.ledger.models import LinkKind

    record = ledger_record(
        actor=correction.requested_by if correction else actor,
        reviewer=actor,
        unit=meeting.unit,
        type_code="credit",
        date=meeting.date,
        title=_line_title(enterprise, bank),
        amount=amount,
        tags=[ownership_tag(enterprise)],
        link_to=meeting.meeting_record,
        link_kind=LinkKind.PART_OF,
        is_illustrative=enterprise.is_illustrative,
        correction=correction,
    )
    line = CreditLine.objects.create(
        meeting=meeting,
        enterprise=enterprise,
        bank=bank.strip(),
        amount=amount,
        record=record,
        created_by=correction.requested_by if correction else actor,
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
            "correction": correction.pk if correction else None,
        },
    )
    return line


def _locked_line(line: CreditLine) -> CreditLine:
    list(CreditLine.objects.select_for_update().filter(pk=line.pk).values_list("pk"))
    return CreditLine.objects.select_related("meeting__unit", "enterprise", "record").get(
        pk=line.pk
    )


@transaction.atomic
def credit_line_amend(
    *,
    actor: User,
    line: CreditLine,
    amount: Decimal,
    bank: str | None = None,
    reason: str = "",
    correction=None,
):
    """Change a line's amount (and bank): line and record together. In a closed year:
    a correction request (returned) carrying the change."""
    current = _locked_line(line)
    if not permissions.can_keep_enterprise(actor, current.meeting.unit):
        raise PermissionDenied(NO_PERMISSION)
    bank = current.bank if bank is None else bank
    _check_line(bank, amount)
    if current.withdrawn_at:
        raise ValidationError(LINE_WITHDRAWN)
    record = current.record
    if correction is None and _closed(current.meeting.date):
        return _ask_correction(
            actor=actor,
            unit=current.meeting.unit,
            date=current.meeting.date,
            title=record.title if record else _line_title(current.enterprise, bank),
            reason=reason,
            payload={"action": "amend", "line": current.pk, "amount": str(amount), "bank": bank},
            record=record,
        )
    before = {"amount": str(current.amount), "bank": current.bank}
    current.amount, current.bank = amount, bank.strip()
    current.save(update_fields=["amount", "bank"])
    if record is not None:
        from tongxin.ledger.models import RecordStatus
        from tongxin.ledger.permissions import can_review
        from tongxin.ledger.services import record_approve, record_update

        record = record_update(
            actor=actor,
            record=record,
            expected_version=record.version,
            changes={"amount": amount, "title": _line_title(current.enterprise, bank)[:200]},
            correction=correction,
            owner=current,
        )
        # An approved record went back to review; the department's editor approves
        # it at once, as when the line was added.
        if record.status == RecordStatus.SUBMITTED and can_review(actor):
            record_approve(actor=actor, record=record, correction=correction)
    audit_log(
        actor=actor,
        action="credit_line.amend",
        obj=current.meeting,
        unit=current.meeting.unit,
        before=before,
        after={
            "line": current.pk,
            "amount": str(amount),
            "bank": current.bank,
            "reason": reason,
            "correction": correction.pk if correction else None,
        },
    )
    return current


@transaction.atomic
def credit_line_withdraw(*, actor: User, line: CreditLine, reason: str = "", correction=None):
    """Withdraw a line signed in error: it stays for its history, its record is
    withdrawn and neither counts. In a closed year: a correction request (returned)."""
    current = _locked_line(line)
    if not permissions.can_keep_enterprise(actor, current.meeting.unit):
        raise PermissionDenied(NO_PERMISSION)
    if current.withdrawn_at:
        raise ValidationError(LINE_WITHDRAWN)
    if correction is None and _closed(current.meeting.date):
        return _ask_correction(
            actor=actor,
            unit=current.meeting.unit,
            date=current.meeting.date,
            title=_line_title(current.enterprise, current.bank),
            reason=reason,
            payload={"action": "withdraw", "line": current.pk},
            record=current.record,
        )
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    if current.record is not None:
        from tongxin.ledger.services import record_withdraw

        record_withdraw(actor=actor, record=current.record, correction=correction, owner=current)
    audit_log(
        actor=actor,
        action="credit_line.withdraw",
        obj=current.meeting,
        unit=current.meeting.unit,
        after={
            "line": current.pk,
            "reason": reason,
            "correction": correction.pk if correction else None,
        },
    )
    return current


def credit_correction_apply(*, actor: User, correction) -> None:
    """Carry out an approved correction a credit line asked for (closing calls it,
    inside its transaction)."""
    data = correction.payload
    if data["action"] == "create":
        credit_line_add(
            actor=actor,
            meeting=CreditMeeting.objects.select_related("unit", "meeting_record").get(
                pk=data["meeting"]
            ),
            enterprise=Enterprise.objects.get(pk=data["enterprise"]),
            bank=data["bank"],
            amount=Decimal(data["amount"]),
            correction=correction,
        )
        return
    line = CreditLine.objects.get(pk=data["line"])
    if data["action"] == "amend":
        credit_line_amend(
            actor=actor,
            line=line,
            amount=Decimal(data["amount"]),
            bank=data.get("bank"),
            reason=correction.reason,
            correction=correction,
        )
    elif data["action"] == "withdraw":
        credit_line_withdraw(
            actor=actor, line=line, reason=correction.reason, correction=correction
        )
    else:
        raise ValueError(f"unknown credit correction: {data['action']}")
