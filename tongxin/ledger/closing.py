"""Closed years and corrections (更正).

Signing off a year's review closes the year: from then on an approved record of that
year is changed, withdrawn, or a new record of that year approved, only by a
correction that an editor approves with a reason. The ledger's services call
`ensure_open`; approving a correction applies it with the check lifted.
"""

import datetime as dt
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.ledger.models import (
    ClosedYear,
    Correction,
    CorrectionKind,
    CorrectionStatus,
    RecordStatus,
    WorkRecord,
)

YEAR_CLOSED = (
    "{year}年的综述已签发、该年度已关账：已审核的记录只能通过更正修改。"
    "请在记录页面提交更正申请并说明原因。"
)
REASON_REQUIRED = "请填写更正原因。"
NOT_CLOSED = "该记录所在年度尚未关账，直接修改即可，无需更正。"
ONLY_EDITORS = "只有部机关干部可以审核更正。"
ALREADY_DECIDED = "该更正已审核。"
CORRECTABLE_FIELDS = {"title", "description", "count", "participants", "amount", "date"}
BAD_VALUE = "更正内容“{field}”的值无效：{value}"

_correcting: ContextVar[bool] = ContextVar("correcting", default=False)


def year_is_closed(year: int) -> bool:
    return ClosedYear.objects.filter(year=year).exists()


def ensure_open(record: WorkRecord) -> None:
    """Refuse a change that would alter a closed year's figures, unless a correction
    is being applied."""
    if not _correcting.get() and year_is_closed(record.date.year):
        raise ValidationError(YEAR_CLOSED.format(year=record.date.year))


@transaction.atomic
def year_close(*, actor: User, year: int) -> ClosedYear:
    closed, created = ClosedYear.objects.get_or_create(year=year, defaults={"closed_by": actor})
    if created:
        audit_log(actor=actor, action="year.close", obj=closed, after={"year": year})
    return closed


def _typed(field: str, value):
    try:
        if value in ("", None):
            return None
        if field in ("count", "participants"):
            return int(value)
        if field == "amount":
            return Decimal(str(value))
        if field == "date":
            return dt.date.fromisoformat(str(value))
    except (ValueError, InvalidOperation) as exc:
        raise ValidationError(BAD_VALUE.format(field=field, value=value)) from exc
    return str(value)


@transaction.atomic
def correction_request(
    *, actor: User, record: WorkRecord, kind: str, reason: str, changes: dict | None = None
) -> Correction:
    from tongxin.ledger.permissions import can_record

    if not can_record(actor):
        raise PermissionDenied("您没有权限申请更正。")
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if not year_is_closed(record.date.year):
        raise ValidationError(NOT_CLOSED)
    changes = {k: v for k, v in (changes or {}).items() if k in CORRECTABLE_FIELDS}
    for field, value in changes.items():
        _typed(field, value)  # refuse a bad value now, not at approval
    correction = Correction.objects.create(
        record=record, kind=kind, changes=changes, reason=reason.strip(), requested_by=actor
    )
    audit_log(
        actor=actor,
        action="correction.request",
        obj=record,
        unit=record.unit,
        after={
            "correction": correction.pk,
            "kind": kind,
            "changes": changes,
            "reason": correction.reason,
        },
    )
    return correction


@transaction.atomic
def correction_approve(*, actor: User, correction: Correction, note: str = "") -> Correction:
    from tongxin.ledger import services

    if actor.role != Role.EDITOR:
        raise PermissionDenied(ONLY_EDITORS)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    record = correction.record
    token = _correcting.set(True)
    try:
        if correction.kind == CorrectionKind.CHANGE:
            record = services.record_update(
                actor=actor,
                record=record,
                expected_version=record.version,
                changes={f: _typed(f, v) for f, v in correction.changes.items()},
            )
            if record.status == RecordStatus.SUBMITTED:
                record = services.record_approve(actor=actor, record=record)
        elif correction.kind == CorrectionKind.WITHDRAW:
            services.record_withdraw(actor=actor, record=record)
        else:
            services.record_approve(actor=actor, record=record)
    finally:
        _correcting.reset(token)
    correction.status = CorrectionStatus.APPROVED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_log(
        actor=actor,
        action="correction.approve",
        obj=record,
        unit=record.unit,
        after={"correction": correction.pk, "note": note},
    )
    return correction


@transaction.atomic
def correction_reject(*, actor: User, correction: Correction, note: str) -> Correction:
    if actor.role != Role.EDITOR:
        raise PermissionDenied(ONLY_EDITORS)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    if not note.strip():
        raise ValidationError({"note": "驳回时请填写意见。"})
    correction.status = CorrectionStatus.REJECTED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_log(
        actor=actor,
        action="correction.reject",
        obj=correction.record,
        unit=correction.record.unit,
        after={"correction": correction.pk, "note": note},
    )
    return correction
