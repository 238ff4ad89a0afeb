"""Closed years and corrections (更正).

Signing off the top unit's review of a year closes the year: from then on an approved
record of that year is changed, withdrawn, or a new record of that year approved, only
by a correction that an editor other than its requester approves. Whether a year is
closed, and the check the ledger's services make, live in `closedyears`; approving a correction
applies it by passing the correction to those services (`correction=`), their one
permission to write into a closed year.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.ledger import services
from tongxin.ledger.closedyears import year_is_closed
from tongxin.ledger.models import (
    ClosedYear,
    Correction,
    CorrectionKind,
    CorrectionStatus,
    RecordStatus,
    RecordType,
    WorkRecord,
)
from tongxin.ledger.owners import ensure_changed_by_owner, owner_kind
from tongxin.ledger.permissions import can_record

REASON_REQUIRED = gettext_lazy("请填写更正原因。")
NOT_CLOSED = gettext_lazy("该记录所在年度尚未关账，直接修改即可，无需更正。")
ONLY_EDITORS = gettext_lazy("只有部机关干部可以审核更正。")
ALREADY_DECIDED = gettext_lazy("该更正已审核。")
OWN_REQUEST = gettext_lazy("更正须由申请人以外的另一位部机关干部批准：您不能批准自己申请的更正。")
CORRECTABLE_FIELDS = {"title", "description", "count", "participants", "amount", "date"}
BAD_VALUE = gettext_lazy("更正内容“{field}”的值无效：{value}")


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
    if not can_record(actor):
        raise PermissionDenied(_("您没有权限申请更正。"))
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if not year_is_closed(record.date.year):
        raise ValidationError(NOT_CLOSED)
    changes = {k: v for k, v in (changes or {}).items() if k in CORRECTABLE_FIELDS}
    if kind != CorrectionKind.APPROVE:
        # An owned record is corrected through its owner (correction_request_owner).
        ensure_changed_by_owner(record, fields=changes or ["status"])
    for field, value in changes.items():
        _typed(field, value)  # refuse a bad value now, not at approval
    correction = Correction.objects.create(
        record=record,
        unit=record.unit,
        title=record.title,
        date=record.date,
        kind=kind,
        changes=changes,
        reason=reason.strip(),
        requested_by=actor,
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


def _late_request(
    *, actor: User, unit, date: dt.date, title: str, reason: str, **fields
) -> Correction:
    if not can_record(actor):
        raise PermissionDenied(_("您没有权限申请更正。"))
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if not year_is_closed(date.year):
        raise ValidationError(NOT_CLOSED)
    correction = Correction.objects.create(
        unit=unit,
        title=title.strip()[:200],
        date=date,
        reason=reason.strip(),
        requested_by=actor,
        **fields,
    )
    audit_log(
        actor=actor,
        action="correction.request",
        obj=correction,
        unit=unit,
        after={
            "correction": correction.pk,
            "kind": correction.kind,
            "owner_kind": correction.owner_kind,
            "payload": correction.payload,
            "reason": correction.reason,
        },
    )
    return correction


@transaction.atomic
def correction_request_owner(
    *,
    actor: User,
    owner_kind: str,
    unit,
    date: dt.date,
    title: str,
    reason: str,
    payload: dict,
    record: WorkRecord | None = None,
) -> Correction:
    """A closed year's change asked by a record's owner (ledger/owners.py): `payload`
    is what the owner's `apply` is to do once another editor approves it (amend, withdraw,
    reopen ...; or, with no `record`, create a late item 补录). The owner checked the
    change itself before asking; nothing changes until the approval."""
    if record is not None and not year_is_closed(record.date.year):
        raise ValidationError(NOT_CLOSED)
    kind = CorrectionKind.CHANGE if record is not None else CorrectionKind.LATE
    if payload.get("action") == "withdraw":
        kind = CorrectionKind.WITHDRAW
    return _late_request(
        actor=actor,
        unit=unit,
        date=date,
        title=title,
        reason=reason,
        record=record,
        kind=kind,
        owner_kind=owner_kind,
        payload=payload,
    )


@transaction.atomic
def correction_request_late_item(
    *,
    actor: User,
    unit,
    record_type: RecordType,
    date: dt.date,
    title: str,
    reason: str,
    area=None,
    end_date: dt.date | None = None,
    description: str = "",
    count: int | None = None,
    participants: int | None = None,
    amount: Decimal | None = None,
    tags: list[str] | None = None,
    import_batch=None,
) -> Correction:
    """补录 of a ledger record of a closed year (a row of an import dated in it, a
    record found after sign-off): nothing enters the ledger until an editor other than
    `actor` approves it; then the record is created (by `actor`, in `import_batch` if
    given) and approved into its year."""
    if not title.strip():
        raise ValidationError({"title": _("请填写标题。")})
    payload = {
        "record_type": record_type.pk,
        "area": area.pk if area is not None else None,
        "end_date": end_date.isoformat() if end_date else None,
        "description": description,
        "count": count,
        "participants": participants,
        "amount": str(amount) if amount is not None else None,
        "tags": list(tags or []),
        "import_batch": import_batch.pk if import_batch is not None else None,
    }
    return _late_request(
        actor=actor,
        unit=unit,
        date=date,
        title=title,
        reason=reason,
        kind=CorrectionKind.LATE,
        payload=payload,
    )


def _create_late_record(*, actor: User, correction: Correction) -> WorkRecord:
    from tongxin.ledger.models import ImportBatch, WorkArea

    data = correction.payload
    batch = data.get("import_batch")
    record = services.record_create(
        actor=correction.requested_by,
        unit=correction.unit,
        record_type=RecordType.objects.get(pk=data["record_type"]),
        area=WorkArea.objects.get(pk=data["area"]) if data.get("area") else None,
        date=correction.date,
        end_date=_typed("date", data.get("end_date")),
        title=correction.title,
        description=data.get("description", ""),
        count=_typed("count", data.get("count")),
        participants=_typed("participants", data.get("participants")),
        amount=_typed("amount", data.get("amount")),
        tags=data.get("tags") or [],
        submit=True,
        clear_autosave=False,
        import_batch=ImportBatch.objects.get(pk=batch) if batch else None,
        correction=correction,
    )
    return services.record_approve(actor=actor, record=record, correction=correction)


@transaction.atomic
def correction_approve(*, actor: User, correction: Correction, note: str = "") -> Correction:
    if actor.role != Role.EDITOR:
        raise PermissionDenied(ONLY_EDITORS)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    # Four eyes: a closed year's figure changes only when a second person agrees.
    if correction.requested_by_id == actor.pk:
        raise PermissionDenied(OWN_REQUEST)
    record = correction.record
    if correction.owner_kind:
        # The owner carries out its own change: owner and records together.
        owner_kind(correction.owner_kind).apply(actor=actor, correction=correction)
        record = correction.record
    elif correction.kind == CorrectionKind.LATE:
        record = _create_late_record(actor=actor, correction=correction)
    elif correction.kind == CorrectionKind.CHANGE:
        record = services.record_update(
            actor=actor,
            record=record,
            expected_version=record.version,
            changes={f: _typed(f, v) for f, v in correction.changes.items()},
            correction=correction,
        )
        if record.status == RecordStatus.SUBMITTED:
            record = services.record_approve(actor=actor, record=record, correction=correction)
    elif correction.kind == CorrectionKind.WITHDRAW:
        services.record_withdraw(actor=actor, record=record, correction=correction)
    else:
        services.record_approve(actor=actor, record=record, correction=correction)
    correction.status = CorrectionStatus.APPROVED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_log(
        actor=actor,
        action="correction.approve",
        obj=record or correction,
        unit=correction.unit,
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
        raise ValidationError({"note": _("驳回时请填写意见。")})
    correction.status = CorrectionStatus.REJECTED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_log(
        actor=actor,
        action="correction.reject",
        obj=correction.record or correction,
        unit=correction.unit,
        after={"correction": correction.pk, "note": note},
    )
    return correction
