"""Writes to the investment-project pipeline: promoted → in talks → signed → started.
Promoting a project also records it in the ledger (type 推介项目, part of the event)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log, snapshot
from tongxin.cases import permissions
from tongxin.cases.models import STAGE_DATE_FIELDS, Enterprise, Project, ProjectStage
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import STAGE_TAGS, ledger_record, ownership_tag

NOT_AN_EVENT = "所选记录不是招商推介活动记录。"
PROJECT_NAME_REQUIRED = "请填写项目名称。"
LAST_STAGE = "项目已开工，没有下一阶段。"
STAGE_BEFORE_PREVIOUS = "{stage}日期不能早于上一阶段日期（{previous}）。"
NEGATIVE_AMOUNT = "投资额不能为负数。"

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
) -> Project:
    """A project promoted at `event_record` (a 招商推介活动 record), on the event's date."""
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

    record = ledger_record(
        actor=actor,
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
        created_by=actor,
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
def project_advance(*, actor: User, project: Project, on: dt.date) -> Project:
    """Move the project to its next stage, reached on `on`. Reaching a stage is a
    ledger record (招商项目进展, tagged with the stage, part of the project's promoted
    record; signed and started carry the investment), so the projects in talks,
    signed and started in a year are indicators like the projects promoted."""
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
    before = snapshot(current, ["stage"])
    current.stage = stage
    setattr(current, STAGE_DATE_FIELDS[stage], on)
    current.save(update_fields=["stage", STAGE_DATE_FIELDS[stage], "updated_at"])
    investor = current.investor
    ledger_record(
        actor=actor,
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
