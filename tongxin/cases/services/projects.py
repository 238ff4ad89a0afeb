"""Writes to the investment-project pipeline: promoted → in talks → signed → started.
Promoting a project also records it in the ledger (type 推介项目, part of the event)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log, snapshot
from tongxin.cases import permissions
from tongxin.cases.models import STAGE_DATE_FIELDS, STAGE_ORDER, Enterprise, Project, ProjectStage
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import STAGE_TAGS, ledger_record, ownership_tag

NOT_AN_EVENT = _("所选记录不是招商推介活动记录。")
PROJECT_NAME_REQUIRED = _("请填写项目名称。")
LAST_STAGE = _("项目已开工，没有下一阶段。")
STAGE_BEFORE_PREVIOUS = _("{stage}日期不能早于上一阶段日期（{previous}）。")
NEGATIVE_AMOUNT = _("投资额不能为负数。")

PROJECT_FIELDS = [
    "name",
    "investor",
    "unit",
    "event_record",
    "amount",
    "stage",
    "promoted_on",
    "talks_on",
    "signed_on",
    "started_on",
]


@transaction.atomic
def project_create(
    *,
    actor: User,
    name: str,
    investor: Enterprise,
    unit: Unit,
    event_record,
    amount: Decimal | None = None,
    reason: str = "",
    correction=None,
):
    """A project promoted at `event_record` (a 招商推介活动 record), on the event's date.
    For an event of a closed year the project is a late item (补录): a correction
    request is returned (`reason` required); another editor's approval creates project
    and record (`correction`)."""
    if not permissions.can_keep_enterprise(actor, unit):
        raise PermissionDenied(NO_PERMISSION)
    errors = {}
    if not name.strip():
        errors["name"] = PROJECT_NAME_REQUIRED
    if event_record.record_type.code != "investment_event":
        errors["event_record"] = NOT_AN_EVENT
    if amount is not None and amount < 0:
        errors["amount"] = NEGATIVE_AMOUNT
    if errors:
        raise ValidationError(errors)
    from tongxin.ledger.models import LinkKind

    if correction is None and _closed(event_record.date):
        # i18n: data (the title of the record it will write)
        return _ask(
            actor=actor,
            owner_kind="cases.project",
            unit=unit,
            date=event_record.date,
            title=f"推介项目：{name.strip()}",
            reason=reason,
            payload={
                "action": "create",
                "name": name.strip(),
                "investor": investor.pk,
                "unit": unit.pk,
                "event_record": event_record.pk,
                "amount": str(amount) if amount is not None else None,
            },
        )
    # i18n: data (stored in the ledger record it writes)
    record = ledger_record(
        actor=correction.requested_by if correction else actor,
        reviewer=actor,
        correction=correction,
        unit=unit,
        type_code="project_promoted",
        date=event_record.date,
        title=f"推介项目：{name.strip()}",
        amount=amount,
        tags=[ownership_tag(investor)],
        link_to=event_record,
        link_kind=LinkKind.PART_OF,
        is_illustrative=investor.is_illustrative,
    )
    project = Project.objects.create(
        record=record,
        name=name.strip(),
        investor=investor,
        unit=unit,
        event_record=event_record,
        amount=amount,
        promoted_on=event_record.date,
        created_by=correction.requested_by if correction else actor,
    )
    audit_log(
        actor=actor,
        action="project.create",
        obj=project,
        unit=unit,
        after=snapshot(project, PROJECT_FIELDS),
    )
    return project


@transaction.atomic
def project_advance(
    *, actor: User, project: Project, on: dt.date, reason: str = "", correction=None
):
    """Move the project to its next stage, reached on `on`. Reaching a stage is a
    ledger record (招商项目进展, tagged with the stage, part of the project's promoted
    record; signed and started carry the investment), so the projects in talks,
    signed and started in a year are indicators like the projects promoted. A stage
    reached in a closed year is a late item (补录): a correction request is returned
    (`reason` required); another editor's approval advances project and record."""
    from tongxin.ledger.models import LinkKind

    # Locked by itself, then read with its joins (see cases._locked).
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk"))
    current = Project.objects.select_related("investor", "unit", "record").get(pk=project.pk)
    if not permissions.can_keep_enterprise(actor, current.unit):
        raise PermissionDenied(NO_PERMISSION)
    stage = current.next_stage
    if stage is None:
        raise ValidationError(LAST_STAGE)
    previous = getattr(current, STAGE_DATE_FIELDS[current.stage])
    if on < previous:
        raise ValidationError(
            STAGE_BEFORE_PREVIOUS.format(stage=current.next_stage_label, previous=previous)
        )
    if correction is None and _closed(on):
        return _ask(
            actor=actor,
            owner_kind="cases.project_stage",
            unit=current.unit,
            date=on,
            title=f"{ProjectStage(stage).label}：{current.name}",
            reason=reason,
            payload={"action": "advance", "project": current.pk, "stage": stage, "on": str(on)},
        )
    before = snapshot(current, ["stage"])
    current.stage = stage
    setattr(current, STAGE_DATE_FIELDS[stage], on)
    current.save(update_fields=["stage", STAGE_DATE_FIELDS[stage], "updated_at"])
    investor = current.investor
    ledger_record(
        actor=correction.requested_by if correction else actor,
        reviewer=actor,
        correction=correction,
        unit=current.unit,
        type_code="project_progress",
        date=on,
        title=f"{ProjectStage(stage).label}：{current.name}",
        amount=current.amount if stage in (ProjectStage.SIGNED, ProjectStage.STARTED) else None,
        tags=[STAGE_TAGS[stage], ownership_tag(investor)],
        link_to=current.record,
        link_kind=LinkKind.PART_OF,
        is_illustrative=investor.is_illustrative,
    )
    audit_log(
        actor=actor,
        action="project.advance",
        obj=current,
        unit=current.unit,
        before=before,
        after={"stage": stage, STAGE_DATE_FIELDS[stage]: on.isoformat()},
    )
    return current


FIRST_STAGE = _("项目处于推介阶段，没有可撤回的进展。")
UNDO_REASON_REQUIRED = _("撤回阶段时请填写原因。")


def project_stage_records(project: Project):
    """The project's stage records (招商项目进展, part of its promoted record), newest
    first."""
    from tongxin.ledger.models import LinkKind, WorkRecord

    return (
        WorkRecord.objects.filter(
            links_out__kind=LinkKind.PART_OF,
            links_out__target=project.record_id,
            record_type__code="project_progress",
        )
        .select_related("record_type", "unit")
        .order_by("-date", "-id")
    )


@transaction.atomic
def project_stage_undo(*, actor: User, project: Project, reason: str, correction=None):
    """Take back the project's last stage (reached in error): the project returns to
    the stage before and that stage's record is withdrawn, together. When the record
    is in a closed year a correction request is returned; another editor's approval
    undoes the stage (`correction`)."""
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk"))
    current = Project.objects.select_related("investor", "unit", "record").get(pk=project.pk)
    if not permissions.can_keep_enterprise(actor, current.unit):
        raise PermissionDenied(NO_PERMISSION)
    if not reason.strip():
        raise ValidationError({"reason": UNDO_REASON_REQUIRED})
    index = STAGE_ORDER.index(current.stage)
    if index == 0:
        raise ValidationError(FIRST_STAGE)
    stage = current.stage
    # i18n: data (the title project_advance wrote)
    title = f"{ProjectStage(stage).label}：{current.name}"
    from tongxin.ledger.models import RecordStatus

    record = (
        project_stage_records(current)
        .exclude(status=RecordStatus.WITHDRAWN)
        .filter(title=title[:200])
        .first()
    )
    if correction is None and record is not None:
        from tongxin.ledger.closedyears import year_is_closed
        from tongxin.ledger.closing import correction_request_owner

        if year_is_closed(record.date.year):
            return correction_request_owner(
                actor=actor,
                owner_kind="cases.project_stage",
                unit=record.unit,
                date=record.date,
                title=record.title,
                reason=reason,
                payload={"action": "undo_stage", "project": current.pk, "stage": stage},
                record=record,
            )
    if record is not None:
        from tongxin.ledger.services import record_withdraw

        record_withdraw(actor=actor, record=record, correction=correction, owner=current)
    before = snapshot(current, ["stage"])
    current.stage = STAGE_ORDER[index - 1]
    setattr(current, STAGE_DATE_FIELDS[stage], None)
    current.save(update_fields=["stage", STAGE_DATE_FIELDS[stage], "updated_at"])
    audit_log(
        actor=actor,
        action="project.undo_stage",
        obj=current,
        unit=current.unit,
        before=before,
        after={"stage": current.stage, "reason": reason.strip()},
    )
    return current


def _closed(date: dt.date) -> bool:
    from tongxin.ledger.closedyears import year_is_closed

    return year_is_closed(date.year)


def _ask(*, actor, owner_kind, unit, date, title, reason, payload):
    from tongxin.ledger.closing import correction_request_owner

    return correction_request_owner(
        actor=actor,
        owner_kind=owner_kind,
        unit=unit,
        date=date,
        title=title,
        reason=reason,
        payload=payload,
    )


def project_correction_apply(*, actor: User, correction) -> None:
    """Carry out an approved correction a project asked for (closing calls it): a late
    project or stage (补录), or a stage undone."""
    from tongxin.ledger.models import WorkRecord

    data = correction.payload
    if data["action"] == "create":
        amount = data.get("amount")
        project_create(
            actor=actor,
            name=data["name"],
            investor=Enterprise.objects.get(pk=data["investor"]),
            unit=Unit.objects.get(pk=data["unit"]),
            event_record=WorkRecord.objects.get(pk=data["event_record"]),
            amount=Decimal(amount) if amount is not None else None,
            correction=correction,
        )
        return
    if data["action"] == "advance":
        project = Project.objects.get(pk=data["project"])
        if project.next_stage != data["stage"]:
            raise ValidationError(_("项目阶段已变化，该更正不再适用。"))
        project_advance(
            actor=actor,
            project=project,
            on=dt.date.fromisoformat(data["on"]),
            correction=correction,
        )
        return
    if data["action"] != "undo_stage":
        raise ValueError(f"unknown project correction: {data['action']}")
    project = Project.objects.get(pk=data["project"])
    if project.stage != data["stage"]:
        raise ValidationError(_("项目阶段已变化，该更正不再适用。"))
    project_stage_undo(
        actor=actor, project=project, reason=correction.reason, correction=correction
    )
