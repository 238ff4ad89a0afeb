"""Every write to the ledger. Atomic, permission-checked, audited."""

import contextlib
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log, snapshot
from tongxin.core import clock
from tongxin.ledger import permissions
from tongxin.ledger.closedyears import ensure_open
from tongxin.ledger.evidence_files import store_evidence_file
from tongxin.ledger.models import (
    Correction,
    Evidence,
    FormDraft,
    LinkKind,
    RecordLink,
    RecordStatus,
    RecordType,
    Tag,
    WorkArea,
    WorkRecord,
)
from tongxin.ledger.owners import ensure_changed_by_owner

RECORD_FIELDS = [
    "unit",
    "record_type",
    "area",
    "date",
    "end_date",
    "title",
    "description",
    "count",
    "participants",
    "amount",
    "status",
    "return_reason",
    "version",
]

NO_PERMISSION = gettext_lazy("您没有权限执行此操作。")
UNIT_NOT_VISIBLE = gettext_lazy("您不能为该单位填报记录。")
END_BEFORE_START = gettext_lazy("结束日期不能早于开始日期。")
TITLE_REQUIRED = gettext_lazy("请填写标题。")
RETURN_REASON_REQUIRED = gettext_lazy("退回时请填写原因。")
WRONG_STATUS = gettext_lazy("该记录当前状态为“{status}”，不能执行此操作。")
MEASURE_NOT_CARRIED = gettext_lazy("“{type}”类型不记录{measure}。")
NEGATIVE_AMOUNT = gettext_lazy("金额不能为负数。")
LINK_TO_SELF = gettext_lazy("记录不能关联自身。")


class StaleRecordError(Exception):
    """The record changed since the form was opened; `changes` says how."""

    def __init__(self, record: WorkRecord, changes: dict[str, tuple]):
        self.record = record
        self.changes = changes
        super().__init__(
            _("该记录已被{user}于{time}修改，您的保存未覆盖对方的修改。").format(
                user=record.updated_by, time=f"{timezone.localtime(record.updated_at):%H:%M}"
            )
        )


def _check_measures(record_type: RecordType, count, participants, amount) -> None:
    errors = {}
    if count is not None and not record_type.has_count:
        errors["count"] = MEASURE_NOT_CARRIED.format(type=record_type.name, measure="数量")
    if participants is not None and not record_type.has_participants:
        errors["participants"] = MEASURE_NOT_CARRIED.format(
            type=record_type.name, measure="参与人数"
        )
    if amount is not None and not record_type.has_amount:
        errors["amount"] = MEASURE_NOT_CARRIED.format(type=record_type.name, measure="金额")
    if amount is not None and amount < 0:
        errors["amount"] = NEGATIVE_AMOUNT
    if errors:
        raise ValidationError(errors)


def _check_unit(actor: User, unit: Unit) -> None:
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    if not can_act_for_unit(actor, unit):
        raise ValidationError({"unit": UNIT_NOT_VISIBLE})


def _validate(record: WorkRecord) -> None:
    if not record.title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    if record.end_date and record.end_date < record.date:
        raise ValidationError({"end_date": END_BEFORE_START})
    _check_measures(record.record_type, record.count, record.participants, record.amount)


def _set_tags(record: WorkRecord, tags: list[str]) -> None:
    names = sorted({t.strip() for t in tags if t and t.strip()})
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name] = Tag.objects.create(name=name[:30])
    record.tags.set(existing.values())


def _snapshot(record: WorkRecord) -> dict:
    data = snapshot(record, RECORD_FIELDS)
    data["tags"] = sorted(record.tags.values_list("name", flat=True)) if record.pk else []
    return data


@transaction.atomic
def record_create(
    *,
    actor: User,
    unit: Unit,
    record_type: RecordType,
    date: dt.date,
    title: str,
    area: WorkArea | None = None,
    end_date: dt.date | None = None,
    description: str = "",
    count: int | None = None,
    participants: int | None = None,
    amount: Decimal | None = None,
    tags: list[str] | None = None,
    submit: bool = False,
    is_illustrative: bool = False,
    import_batch=None,
    clear_autosave: bool = True,
    correction: Correction | None = None,
) -> WorkRecord:
    """`correction`: the approved late-item correction (补录) this record is created
    for; it then names the record, which lets the record be approved into its closed
    year (closedyears.ensure_open)."""
    _check_unit(actor, unit)
    record = WorkRecord(
        unit=unit,
        record_type=record_type,
        area=area or record_type.area,
        date=date,
        end_date=end_date,
        title=title.strip(),
        description=description.strip(),
        count=count,
        participants=participants,
        amount=amount,
        created_by=actor,
        updated_by=actor,
        is_illustrative=is_illustrative,
        import_batch=import_batch,
    )
    if record.area_id is None:
        raise ValidationError({"area": _("请选择工作领域。")})
    _validate(record)
    if submit:
        record.status = RecordStatus.SUBMITTED
        record.submitted_at = clock.now()
    record.save()
    if tags:
        _set_tags(record, tags)
    audit_log(actor=actor, action="record.create", obj=record, unit=unit, after=_snapshot(record))
    if clear_autosave:  # the form this record came from is saved now
        FormDraft.objects.filter(user=actor, record=None).delete()
    if correction is not None and correction.record_id is None:
        correction.record = record
        correction.save(update_fields=["record"])
    return record


def _locked(record: WorkRecord) -> WorkRecord:
    # The row is locked by a query of its own, then read. A FOR UPDATE over joins that
    # waits for a rival re-checks the join with the rival's new row and drops it when a
    # joined key changed (updated_by): the second of two reviewers got DoesNotExist.
    list(WorkRecord.objects.select_for_update().filter(pk=record.pk).values_list("pk"))
    return WorkRecord.objects.select_related("record_type", "updated_by", "unit").get(pk=record.pk)


@transaction.atomic
def record_update(
    *,
    actor: User,
    record: WorkRecord,
    expected_version: int,
    changes: dict,
    tags: list[str] | None = None,
    submit: bool = False,
    correction: Correction | None = None,
    owner=None,
) -> WorkRecord:
    """Apply `changes` (field → value) if nobody saved since `expected_version`.
    An approved record goes back to review. `submit`: a draft or returned record is
    also submitted, in the same transaction. `correction`: the approved correction
    this change applies, the one permission to change a closed year's record.
    `owner`: the owning object, passed by its own service (ledger/owners.py); a record
    another module owns is otherwise changed there, not here."""
    current = _locked(record)
    if not permissions.can_edit(actor, current):
        raise PermissionDenied(NO_PERMISSION)
    ensure_changed_by_owner(
        current, owner, fields=[*changes, *(["tags"] if tags is not None else [])]
    )
    if current.status == RecordStatus.APPROVED:
        ensure_open(current, correction=correction)
    if current.version != expected_version:
        before = _snapshot(current)
        diff = {
            name: (before.get(name), value)
            for name, value in changes.items()
            if before.get(name) != snapshot_value(value)
        }
        raise StaleRecordError(current, diff)
    if "unit" in changes and changes["unit"].pk != current.unit_id:
        _check_unit(actor, changes["unit"])
    before = _snapshot(current)
    allowed = {
        "unit",
        "record_type",
        "area",
        "date",
        "end_date",
        "title",
        "description",
        "count",
        "participants",
        "amount",
    }
    for name, value in changes.items():
        if name not in allowed:
            raise ValueError(f"not an editable field: {name}")
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _validate(current)
    if current.status == RecordStatus.APPROVED:
        current.status = RecordStatus.SUBMITTED
        current.submitted_at = clock.now()
        current.approved_by = None
        current.approved_at = None
    current.version += 1
    current.updated_by = actor
    current.save()
    if tags is not None:
        _set_tags(current, tags)
    audit_log(
        actor=actor,
        action="record.update",
        obj=current,
        unit=current.unit,
        before=before,
        after=_snapshot(current),
    )
    FormDraft.objects.filter(user=actor, record=current).delete()
    if submit and current.status in (RecordStatus.DRAFT, RecordStatus.RETURNED):
        current = record_submit(actor=actor, record=current)
    return current


def snapshot_value(value):
    """A form value in the form the audit snapshot keeps it, to compare the two."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _transition(
    *,
    actor: User,
    record: WorkRecord,
    allowed_from: set,
    to: str,
    action: str,
    correction: Correction | None = None,
    owner=None,
    owned_check: bool = False,
    **fields,
) -> WorkRecord:
    current = _locked(record)
    if owned_check:  # withdrawing or restoring: the owner's decision
        ensure_changed_by_owner(current, owner)
    # Approving into, or withdrawing from, a closed year's counts needs a correction.
    if to == RecordStatus.APPROVED or current.status == RecordStatus.APPROVED:
        ensure_open(current, correction=correction)
    if current.status not in allowed_from:
        raise ValidationError(WRONG_STATUS.format(status=current.get_status_display()))
    before = _snapshot(current)
    if to == RecordStatus.WITHDRAWN:
        current.status_before_withdrawal = current.status
    current.status = to
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = actor
    current.save()
    audit_log(
        actor=actor,
        action=action,
        obj=current,
        unit=current.unit,
        before=before,
        after=_snapshot(current),
    )
    return current


@transaction.atomic
def record_submit(*, actor: User, record: WorkRecord) -> WorkRecord:
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    return _transition(
        actor=actor,
        record=record,
        allowed_from={RecordStatus.DRAFT, RecordStatus.RETURNED},
        to=RecordStatus.SUBMITTED,
        action="record.submit",
        submitted_at=clock.now(),
    )


@transaction.atomic
def record_approve(
    *, actor: User, record: WorkRecord, correction: Correction | None = None
) -> WorkRecord:
    if not permissions.can_review(actor):
        raise PermissionDenied(NO_PERMISSION)
    return _transition(
        actor=actor,
        record=record,
        allowed_from={RecordStatus.SUBMITTED},
        to=RecordStatus.APPROVED,
        action="record.approve",
        correction=correction,
        approved_by=actor,
        approved_at=clock.now(),
        return_reason="",
    )


@transaction.atomic
def record_return(*, actor: User, record: WorkRecord, reason: str) -> WorkRecord:
    if not permissions.can_review(actor):
        raise PermissionDenied(NO_PERMISSION)
    if not reason.strip():
        raise ValidationError({"reason": RETURN_REASON_REQUIRED})
    return _transition(
        actor=actor,
        record=record,
        allowed_from={RecordStatus.SUBMITTED},
        to=RecordStatus.RETURNED,
        action="record.return",
        return_reason=reason.strip(),
    )


@transaction.atomic
def record_withdraw(
    *, actor: User, record: WorkRecord, correction: Correction | None = None, owner=None
) -> WorkRecord:
    """Take a record out of every count without deleting it. `owner`: as in
    record_update."""
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    return _transition(
        actor=actor,
        record=record,
        allowed_from={s for s in RecordStatus.values if s != RecordStatus.WITHDRAWN},
        to=RecordStatus.WITHDRAWN,
        action="record.withdraw",
        correction=correction,
        owner=owner,
        owned_check=True,
    )


@transaction.atomic
def record_restore(*, actor: User, record: WorkRecord, owner=None) -> WorkRecord:
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    # An approved record comes back for review, never straight into the counts.
    previous = _locked(record).status_before_withdrawal or RecordStatus.DRAFT
    if previous == RecordStatus.APPROVED:
        previous = RecordStatus.SUBMITTED
    return _transition(
        actor=actor,
        record=record,
        allowed_from={RecordStatus.WITHDRAWN},
        to=previous,
        action="record.restore",
        owner=owner,
        owned_check=True,
        status_before_withdrawal="",
    )


@transaction.atomic
def records_bulk_approve(*, actor: User, records: list[WorkRecord]) -> int:
    """All or nothing: one record in the wrong state stops the whole batch."""
    for record in records:
        record_approve(actor=actor, record=record)
    return len(records)


@transaction.atomic
def records_bulk_return(*, actor: User, records: list[WorkRecord], reason: str) -> int:
    for record in records:
        record_return(actor=actor, record=record, reason=reason)
    return len(records)


@transaction.atomic
def record_link_create(
    *, actor: User, source: WorkRecord, target: WorkRecord, kind: str
) -> RecordLink:
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    if source.pk == target.pk:
        raise ValidationError(LINK_TO_SELF)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("未知的关联类型。")})
    link, created = RecordLink.objects.get_or_create(source=source, target=target, kind=kind)
    if created:
        audit_log(
            actor=actor,
            action="record.link",
            obj=source,
            unit=source.unit,
            after={"target": target.pk, "kind": kind},
        )
    return link


@transaction.atomic
def form_draft_save(*, actor: User, record: WorkRecord | None, data: dict) -> FormDraft:
    """Autosave of a half-filled form (not business data, so no audit row)."""
    clean = {k: v for k, v in data.items() if k not in {"csrfmiddlewaretoken"}}
    draft, _ = FormDraft.objects.update_or_create(
        user=actor, record=record, defaults={"data": clean}
    )
    return draft


FILE_TOO_LARGE = gettext_lazy("文件超过 20 MB，请压缩后再上传。")
FILE_TYPE_REFUSED = gettext_lazy(
    "只能上传 PDF、图片（JPG/PNG/WEBP/HEIC）、Word (.docx) 或 Excel (.xlsx) 文件。"
)


@transaction.atomic
def evidence_attach(*, actor: User, record: WorkRecord, uploaded_file) -> Evidence:
    """Store an evidence file under its content hash; its type is read from its bytes."""
    import hashlib

    from tongxin.lib.filetypes import MAX_EVIDENCE_BYTES, sniff

    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    if uploaded_file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": FILE_TOO_LARGE})
    content = uploaded_file.read()
    kind = sniff(content[:32], content)
    if kind is None:
        raise ValidationError({"file": FILE_TYPE_REFUSED})
    content_type, extension = kind
    evidence = Evidence(
        record=record,
        original_name=uploaded_file.name[:200],
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    store_evidence_file(evidence, content)
    try:
        evidence.save()
        audit_log(
            actor=actor,
            action="evidence.attach",
            obj=record,
            unit=record.unit,
            after={
                "evidence": evidence.pk,
                "name": evidence.original_name,
                "sha256": evidence.sha256,
                "size": evidence.size,
            },
        )
    except BaseException:
        # The row rolls back with this transaction; the file must go with it.
        with contextlib.suppress(OSError):
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


HANDOVER_CANNOT_RECORD = gettext_lazy(
    "交接人“{successor}”的角色不能填报记录，无法接手草稿和待办记录。"
)
HANDOVER_UNIT_NOT_VISIBLE = gettext_lazy(
    "交接人“{successor}”不能为“{unit}”填报记录，无法接手该单位的记录。"
)


def records_handover_check(user: User, successor: User) -> None:
    """May `successor` carry on `user`'s open records? Raises ValidationError if not."""
    from tongxin.ledger.selectors import records_open_for

    if not permissions.can_record(successor):
        raise ValidationError({"successor": HANDOVER_CANNOT_RECORD.format(successor=successor)})
    units = Unit.objects.filter(pk__in=records_open_for(user).values("unit"))
    for unit in units:
        if not can_act_for_unit(successor, unit):
            raise ValidationError(
                {"successor": HANDOVER_UNIT_NOT_VISIBLE.format(successor=successor, unit=unit)}
            )


@transaction.atomic
def records_hand_over(*, actor: User | None, user: User, successor: User) -> int:
    """Give `user`'s open records (drafts, submitted, returned) and autosaved forms to
    `successor`, who from now on finds them in their inbox; every record keeps its
    history, and each move is audited. Returns how many records moved."""
    from tongxin.ledger.selectors import records_open_for

    records = list(records_open_for(user).select_for_update())
    for record in records:
        record.created_by = successor
        record.save(update_fields=["created_by"])
        audit_log(
            actor=actor,
            action="record.handover",
            obj=record,
            unit=record.unit,
            before={"created_by": user.pk},
            after={"created_by": successor.pk},
        )
    # An autosaved form moves unless the successor has one for the same record.
    taken = set(FormDraft.objects.filter(user=successor).values_list("record_id", flat=True))
    movable = [d.pk for d in FormDraft.objects.filter(user=user) if d.record_id not in taken]
    FormDraft.objects.filter(pk__in=movable).update(user=successor)
    return len(records)
