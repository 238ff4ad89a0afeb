"""Writes to cases: each step atomic, permission-checked, audited, on the timeline."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log, snapshot
from tongxin.cases import permissions
from tongxin.cases.deadlines import DEFAULT_CATEGORIES, add_working_days
from tongxin.cases.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseSource,
    CaseState,
    Enterprise,
    Satisfaction,
)
from tongxin.cases.services.enterprises import NO_PERMISSION
from tongxin.cases.services.ledger_bridge import (
    ON_TIME_TAG,
    SATISFACTION_TAGS,
    ledger_record,
    ownership_tag,
)
from tongxin.core import clock

WRONG_STATE = gettext_lazy("该诉求当前状态为“{state}”，不能执行此操作。")
FORUM_REQUIRED = gettext_lazy("来源为恳谈会时，请填写提出诉求的恳谈会记录。")
NOT_A_FORUM = gettext_lazy("所选记录不是恳谈会记录。")
REASON_REQUIRED = gettext_lazy("不予受理时请填写理由。")
LEAD_REQUIRED = gettext_lazy("请选择主责单位。")
LEAD_NOT_ASSISTING = gettext_lazy("主责单位不能同时是协办单位。")
REPLY_REQUIRED = gettext_lazy("请填写答复内容。")
TITLE_REQUIRED = gettext_lazy("请填写诉求事项。")

# Cases: received → accepted (or not accepted) → assigned → in progress → replied →
# feedback (不满意 sends it back to in progress) → closed. Every step is audited and
# adds a timeline entry.

CASE_FIELDS = ["state", "lead_unit", "satisfaction", "not_accepted_reason"]


def _locked(case: Case) -> Case:
    # Lock the row by itself, then read it with its joins: a FOR UPDATE over joins that
    # waits for a rival re-checks the join against the rival's new row and drops the row
    # when a joined key changed (the lead unit on assignment).
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
    return Case.objects.select_related("enterprise", "category", "lead_unit", "forum_record").get(
        pk=case.pk
    )


def _step(
    *, actor, case: Case, action: str, allowed_from: set, to: str, note: str = "", **fields
) -> Case:
    if case.state not in allowed_from:
        raise ValidationError(WRONG_STATE.format(state=case.get_state_display()))
    before = snapshot(case, CASE_FIELDS)
    state_from = case.state
    case.state = to
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=["state", *fields, "updated_at"])
    CaseEvent.objects.create(
        case=case, actor=actor, action=action, state_from=state_from, state_to=to, note=note
    )
    after = snapshot(case, CASE_FIELDS)
    if note:
        after["note"] = note
    audit_log(
        actor=actor,
        action=f"case.{action}",
        obj=case,
        unit=case.lead_unit,
        before=before,
        after=after,
    )
    return case


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NO_PERMISSION)


@transaction.atomic
def case_receive(
    *,
    actor: User,
    enterprise: Enterprise,
    source: str,
    category: CaseCategory,
    title: str,
    description: str = "",
    received_on: dt.date | None = None,
    forum_record=None,
) -> Case:
    _require(permissions.can_register(actor))
    if not title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    if source == CaseSource.FORUM:
        if forum_record is None:
            raise ValidationError({"forum_record": FORUM_REQUIRED})
        if forum_record.record_type.code != "forum":
            raise ValidationError({"forum_record": NOT_A_FORUM})
    else:
        forum_record = None
    received_on = received_on or clock.today()
    case = Case.objects.create(
        enterprise=enterprise,
        source=source,
        forum_record=forum_record,
        category=category,
        title=title.strip(),
        description=description.strip(),
        received_on=received_on,
        respond_by=add_working_days(received_on, category.respond_days),
        resolve_by=add_working_days(received_on, category.resolve_days),
        created_by=actor,
    )
    CaseEvent.objects.create(case=case, actor=actor, action="receive", state_to=CaseState.RECEIVED)
    audit_log(
        actor=actor,
        action="case.receive",
        obj=case,
        after={
            "enterprise": enterprise.pk,
            "source": source,
            "category": category.pk,
            "title": case.title,
            "forum_record": forum_record.pk if forum_record else None,
        },
    )
    return case


@transaction.atomic
def case_screen(*, actor: User, case: Case, accepted: bool, reason: str = "") -> Case:
    """Accept the request or refuse it with a reason. An accepted request is recorded
    in the ledger (企业诉求受理, in the enterprise's district, dated the day it came
    in, raised at its forum) so the indicators can put the requests solved over those
    accepted."""
    from tongxin.ledger.models import LinkKind

    _require(permissions.can_register(actor))
    if not accepted and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    current = _locked(case)
    if accepted and current.state == CaseState.RECEIVED:
        enterprise = current.enterprise
        # i18n: data (stored in the ledger record it writes)
        ledger_record(
            actor=actor,
            unit=enterprise.district,
            type_code="request_accepted",
            date=current.received_on,
            title=f"受理{enterprise.name}诉求：{current.title}",
            description=current.description,
            tags=[ownership_tag(enterprise)],
            link_to=current.forum_record,
            link_kind=LinkKind.RAISED_AT,
            is_illustrative=enterprise.is_illustrative,
        )
    return _step(
        actor=actor,
        case=current,
        action="screen",
        allowed_from={CaseState.RECEIVED},
        to=CaseState.ACCEPTED if accepted else CaseState.NOT_ACCEPTED,
        note="" if accepted else reason.strip(),
        not_accepted_reason="" if accepted else reason.strip(),
    )


@transaction.atomic
def case_assign(
    *, actor: User, case: Case, lead_unit: Unit, assisting_units: list[Unit] = ()
) -> Case:
    """Give the case a lead unit (主责) and assisting units; all of them see it.
    An assigned case not yet started may be reassigned."""
    _require(permissions.can_register(actor))
    if lead_unit is None:
        raise ValidationError({"lead_unit": LEAD_REQUIRED})
    if any(u.pk == lead_unit.pk for u in assisting_units):
        raise ValidationError({"assisting_units": LEAD_NOT_ASSISTING})
    current = _locked(case)
    names = "、".join(u.name for u in assisting_units)
    # i18n: data (stored in the case history)
    note = f"主责：{lead_unit.name}" + (f"；协办：{names}" if names else "")
    current = _step(
        actor=actor,
        case=current,
        action="assign",
        allowed_from={CaseState.ACCEPTED, CaseState.ASSIGNED},
        to=CaseState.ASSIGNED,
        note=note,
        lead_unit=lead_unit,
    )
    current.assisting_units.set(assisting_units)
    return current


@transaction.atomic
def case_start(*, actor: User, case: Case) -> Case:
    current = _locked(case)
    _require(permissions.can_handle(actor, current))
    return _step(
        actor=actor,
        case=current,
        action="start",
        allowed_from={CaseState.ASSIGNED},
        to=CaseState.IN_PROGRESS,
    )


@transaction.atomic
def case_reply(
    *, actor: User, case: Case, reply: str, replied_at: dt.datetime | None = None
) -> Case:
    """The solution given to the enterprise; `replied_at` when it is entered
    afterwards (by default now). Replied by the 办结 deadline counts as on time."""
    current = _locked(case)
    _require(permissions.can_handle(actor, current))
    if not reply.strip():
        raise ValidationError({"reply": REPLY_REQUIRED})
    return _step(
        actor=actor,
        case=current,
        action="reply",
        allowed_from={CaseState.IN_PROGRESS},
        to=CaseState.REPLIED,
        note=reply.strip(),
        reply=reply.strip(),
        replied_at=replied_at or clock.now(),
    )


@transaction.atomic
def case_feedback(*, actor: User, case: Case, satisfaction: str, note: str = "") -> Case:
    """The enterprise's verdict on the reply; 不满意 sends the case back to in progress."""
    _require(permissions.can_register(actor))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择企业评价。")})
    label = Satisfaction(satisfaction).label
    return _step(
        actor=actor,
        case=_locked(case),
        action="feedback",
        allowed_from={CaseState.REPLIED},
        to=(
            CaseState.IN_PROGRESS
            if satisfaction == Satisfaction.UNSATISFIED
            else CaseState.FEEDBACK
        ),
        note=f"{label}" + (f"：{note.strip()}" if note.strip() else ""),
        satisfaction=satisfaction,
    )


def _resolution_tags(case: Case) -> list[str]:
    tags = [ownership_tag(case.enterprise), SATISFACTION_TAGS[case.satisfaction]]
    if timezone.localdate(case.replied_at) <= case.resolve_by:
        tags.append(ON_TIME_TAG)
    return tags


def _resolution_again(*, actor: User, case: Case, date: dt.date):
    """A reopened case closed again: its withdrawn solved record comes back with the new
    reply, tags and date (one record a case, so the ledger never counts it twice)."""
    from tongxin.ledger.models import RecordStatus
    from tongxin.ledger.permissions import can_review
    from tongxin.ledger.services import record_approve, record_restore, record_update

    record = case.resolution_record
    if record.status == RecordStatus.WITHDRAWN:
        record = record_restore(actor=actor, record=record, owner=case)
    record = record_update(
        actor=actor,
        record=record,
        expected_version=record.version,
        changes={"unit": case.lead_unit, "date": date, "description": case.reply},
        tags=_resolution_tags(case),
        owner=case,
    )
    if record.status == RecordStatus.SUBMITTED and can_review(actor):
        record = record_approve(actor=actor, record=record)
    return record


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    closed_on: dt.date | None = None,
    reason: str = "",
    correction=None,
):
    """Close the case and record its resolution in the ledger: an approved
    `problem_solved` record of the lead unit, raised at the forum when it came from one,
    tagged 按期办结 when the reply came by the deadline and with the enterprise's
    verdict (满意 / 基本满意), so the on-time and satisfaction rates are indicators.
    A reopened case closed again brings its own record back (`_resolution_again`).
    Closed on a date of a closed year (a result found after sign-off), the first close
    is a late item (补录): a correction request is returned (`reason` required) and
    another editor's approval closes the case and writes its record (`correction`)."""
    from tongxin.ledger.closedyears import year_is_closed
    from tongxin.ledger.models import LinkKind

    _require(permissions.can_register(actor))
    current = _locked(case)
    if current.state != CaseState.FEEDBACK:
        raise ValidationError(WRONG_STATE.format(state=current.get_state_display()))
    enterprise = current.enterprise
    date = closed_on or clock.today()
    title = f"{enterprise.name}：{current.title}"
    if correction is None and not current.resolution_record_id and year_is_closed(date.year):
        from tongxin.ledger.closing import correction_request_owner

        return correction_request_owner(
            actor=actor,
            owner_kind="cases.case_resolution",
            unit=current.lead_unit,
            date=date,
            title=title,
            reason=reason,
            payload={"action": "close", "case": current.pk, "closed_on": date.isoformat()},
        )
    if current.resolution_record_id:
        record = _resolution_again(actor=actor, case=current, date=date)
    else:
        record = ledger_record(
            actor=correction.requested_by if correction else actor,
            reviewer=actor,
            unit=current.lead_unit,
            type_code="problem_solved",
            date=date,
            title=title,
            description=current.reply,
            tags=_resolution_tags(current),
            link_to=current.forum_record,
            link_kind=LinkKind.RAISED_AT,
            is_illustrative=enterprise.is_illustrative,
            correction=correction,
        )
    return _step(
        actor=actor,
        case=current,
        action="close",
        allowed_from={CaseState.FEEDBACK},
        to=CaseState.CLOSED,
        closed_at=clock.now(),
        reopened_at=None,
        resolution_record=record,
    )


REOPEN_REASON_REQUIRED = gettext_lazy("重新办理时请填写原因。")


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, correction=None):
    """Reopen a closed case (the problem was not solved after all): it goes back to
    in progress, into its lead unit's 待办, and its solved record is withdrawn, so the
    reply, on-time and satisfaction rates fall with it. When that record is in a
    closed year a correction request is returned instead; another editor's approval
    reopens the case (`correction`)."""
    _require(permissions.can_register(actor))
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_REASON_REQUIRED})
    current = _locked(case)
    if current.state != CaseState.CLOSED:
        raise ValidationError(WRONG_STATE.format(state=current.get_state_display()))
    record = current.resolution_record
    if correction is None and record is not None:
        from tongxin.ledger.closedyears import year_is_closed
        from tongxin.ledger.closing import correction_request_owner

        if year_is_closed(record.date.year):
            return correction_request_owner(
                actor=actor,
                owner_kind="cases.case_resolution",
                unit=record.unit,
                date=record.date,
                title=record.title,
                reason=reason,
                payload={"action": "reopen", "case": current.pk, "reason": reason.strip()},
                record=record,
            )
    if record is not None:
        from tongxin.ledger.services import record_withdraw

        record_withdraw(actor=actor, record=record, correction=correction, owner=current)
    return _step(
        actor=actor,
        case=current,
        action="reopen",
        allowed_from={CaseState.CLOSED},
        to=CaseState.IN_PROGRESS,
        note=reason.strip(),
        closed_at=None,
        reopened_at=clock.now(),
    )


def case_correction_apply(*, actor: User, correction) -> None:
    """Carry out an approved correction a case asked for (closing calls it)."""
    data = correction.payload
    if data["action"] == "close":
        case_close(
            actor=actor,
            case=Case.objects.get(pk=data["case"]),
            closed_on=dt.date.fromisoformat(data["closed_on"]),
            correction=correction,
        )
        return
    if data["action"] != "reopen":
        raise ValueError(f"unknown case correction: {data['action']}")
    case_reopen(
        actor=actor,
        case=Case.objects.get(pk=data["case"]),
        reason=data["reason"],
        correction=correction,
    )


@transaction.atomic
def case_category_ensure() -> list[CaseCategory]:
    """The standard categories (also made by migration 0002); idempotent."""
    out = []
    for order, (name, respond, resolve) in enumerate(DEFAULT_CATEGORIES):
        category, _ = CaseCategory.objects.get_or_create(
            name=name,
            defaults={"respond_days": respond, "resolve_days": resolve, "sort_order": order},
        )
        out.append(category)
    return out


DAYS_OUT_OF_RANGE = gettext_lazy("时限应为1至60个工作日。")


@transaction.atomic
def case_category_update(
    *, actor: User, category: CaseCategory, respond_days: int, resolve_days: int
) -> CaseCategory:
    """Change a category's deadlines; cases received from now on get the new ones."""
    _require(permissions.can_register(actor))
    if not (1 <= respond_days <= 60 and 1 <= resolve_days <= 60):
        raise ValidationError(DAYS_OUT_OF_RANGE)
    current = CaseCategory.objects.select_for_update().get(pk=category.pk)
    before = {"respond_days": current.respond_days, "resolve_days": current.resolve_days}
    after = {"respond_days": respond_days, "resolve_days": resolve_days}
    if before == after:
        return current
    current.respond_days, current.resolve_days = respond_days, resolve_days
    current.save(update_fields=["respond_days", "resolve_days"])
    audit_log(actor=actor, action="case_category.update", obj=current, before=before, after=after)
    return current


@transaction.atomic
def case_categories_update(*, actor: User, days: dict) -> None:
    """Several categories at once (category → (respond, resolve)); all or none."""
    for category, (respond_days, resolve_days) in days.items():
        case_category_update(
            actor=actor, category=category, respond_days=respond_days, resolve_days=resolve_days
        )
