"""Writes to the enterprise registry: atomic, permission-checked, audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log, snapshot
from tongxin.cases import creditcode, permissions
from tongxin.cases.models import Enterprise, ListMembership
from tongxin.cases.services.ledger_bridge import (
    ledger_record,
    ownership_category_tag,
    ownership_tag,
)

NO_PERMISSION = _("您没有权限执行此操作。")
DUPLICATE_CODE = _("统一社会信用代码“{code}”已登记为“{name}”。")
NAME_REQUIRED = _("请填写企业名称。")
ARRIVED_BEFORE_FOUNDED = _("落户日期不能早于成立日期。")
DUPLICATE_MEMBERSHIP = _("该企业已在{year}年“{list_name}”中。")

ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "district",
    "industry",
    "ownership",
    "founded_on",
    "arrived_on",
]
EDITABLE_ENTERPRISE_FIELDS = set(ENTERPRISE_FIELDS)


def _clean_enterprise(enterprise: Enterprise, *, exclude_pk=None) -> None:
    errors = {}
    if not enterprise.name.strip():
        errors["name"] = NAME_REQUIRED
    try:
        enterprise.credit_code = creditcode.validate(enterprise.credit_code)
    except creditcode.CreditCodeError as exc:
        errors["credit_code"] = str(exc)
    else:
        other = (
            Enterprise.objects.filter(credit_code=enterprise.credit_code)
            .exclude(pk=exclude_pk)
            .first()
        )
        if other:
            errors["credit_code"] = DUPLICATE_CODE.format(code=other.credit_code, name=other.name)
    founded, arrived = enterprise.founded_on, enterprise.arrived_on
    if founded and arrived and arrived < founded:
        errors["arrived_on"] = ARRIVED_BEFORE_FOUNDED
    if errors:
        raise ValidationError(errors)


def _record_arrival(
    *, actor: User | None, enterprise: Enterprise, reason: str = "", correction=None
) -> None:
    """A 港澳台侨 enterprise coming to the city is 新引进企业 work (创新招引): it is
    recorded once, in its district on the day it arrived, and counted from the ledger
    like any record. Private enterprises are not: the type belongs to 港澳台侨 work.
    Without a person to author it (system imports) nothing is written; a later
    correction of the date leaves the record to be corrected in the ledger. Arrived in
    a closed year, the record is a late item (补录): a correction request (`reason`
    required), written when another editor approves it (`correction`)."""
    if (
        actor is None
        or not enterprise.is_hmto
        or enterprise.arrived_on is None
        or enterprise.arrival_record_id is not None
    ):
        return
    category = ownership_category_tag(enterprise)
    # i18n: data (stored in the ledger record it writes)
    title = f"{enterprise.district.name}新引进{category}：{enterprise.name}"
    if correction is None and _arrival_late(enterprise):
        from tongxin.ledger.closing import correction_request_owner

        if _arrival_asked(enterprise):
            return  # its 补录 is waiting for approval
        correction_request_owner(
            actor=actor,
            owner_kind=ARRIVAL_OWNER,
            unit=enterprise.district,
            date=enterprise.arrived_on,
            title=title,
            reason=reason,
            payload={"action": "arrive", "enterprise": enterprise.pk},
        )
        return
    # i18n: data (stored in the ledger record it writes)
    enterprise.arrival_record = ledger_record(
        actor=correction.requested_by if correction else actor,
        reviewer=actor,
        correction=correction,
        unit=enterprise.district,
        type_code="new_enterprise",
        date=enterprise.arrived_on,
        title=title,
        description=f"统一社会信用代码{enterprise.credit_code}。",
        tags=[category, ownership_tag(enterprise)],
        is_illustrative=enterprise.is_illustrative,
    )
    enterprise.save(update_fields=["arrival_record"])


ARRIVAL_OWNER = "cases.enterprise_arrival"


def _arrival_late(enterprise: Enterprise) -> bool:
    from tongxin.ledger.closedyears import year_is_closed

    return year_is_closed(enterprise.arrived_on.year)


def _arrival_asked(enterprise: Enterprise) -> bool:
    from tongxin.ledger.models import Correction, CorrectionStatus

    return Correction.objects.filter(
        owner_kind=ARRIVAL_OWNER,
        status=CorrectionStatus.PENDING,
        payload__enterprise=enterprise.pk,
    ).exists()


NO_ARRIVAL = _("该企业没有计入的落户记录。")
ARRIVAL_REASON_REQUIRED = _("撤销落户记录时请填写原因。")


@transaction.atomic
def enterprise_arrival_withdraw(
    *, actor: User, enterprise: Enterprise, reason: str, correction=None
):
    """The enterprise did not arrive after all (entered by mistake): its arrival date is
    cleared and its 新引进企业 record withdrawn, together. When that record is in a
    closed year a correction request is returned; another editor's approval does it."""
    from tongxin.ledger.models import RecordStatus
    from tongxin.ledger.services import record_withdraw

    if not reason.strip():
        raise ValidationError({"reason": ARRIVAL_REASON_REQUIRED})
    current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not permissions.can_keep_enterprise(actor, current.district):
        raise PermissionDenied(NO_PERMISSION)
    record = current.arrival_record
    if record is None or record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(NO_ARRIVAL)
    if correction is None:
        from tongxin.ledger.closedyears import year_is_closed
        from tongxin.ledger.closing import correction_request_owner

        if year_is_closed(record.date.year):
            return correction_request_owner(
                actor=actor,
                owner_kind=ARRIVAL_OWNER,
                unit=record.unit,
                date=record.date,
                title=record.title,
                reason=reason,
                payload={"action": "withdraw", "enterprise": current.pk},
                record=record,
            )
    record_withdraw(actor=actor, record=record, correction=correction, owner=current)
    before = snapshot(current, ["arrived_on"])
    current.arrived_on = None
    current.save(update_fields=["arrived_on", "updated_at"])
    audit_log(
        actor=actor,
        action="enterprise.arrival_withdraw",
        obj=current,
        unit=current.district,
        before=before,
        after={"arrived_on": None, "reason": reason.strip(), "record": record.pk},
    )
    return current


def enterprise_correction_apply(*, actor: User, correction) -> None:
    """An approved correction an enterprise's arrival asked for: its 补录 (the record
    written) or its withdrawal."""
    enterprise = Enterprise.objects.select_related("district").get(
        pk=correction.payload["enterprise"]
    )
    if correction.payload["action"] == "withdraw":
        enterprise_arrival_withdraw(
            actor=actor, enterprise=enterprise, reason=correction.reason, correction=correction
        )
        return
    _record_arrival(actor=actor, enterprise=enterprise, correction=correction)


@transaction.atomic
def enterprise_create(
    *,
    actor: User | None,
    name: str,
    credit_code: str,
    district: Unit,
    industry: str,
    ownership: str,
    founded_on: dt.date | None = None,
    arrived_on: dt.date | None = None,
    is_illustrative: bool = False,
    reason: str = "",
) -> Enterprise:
    """A new enterprise; a 港澳台侨 one arrived in a closed year asks for the 补录 of its
    arrival record (`reason`), written once another editor approves it."""
    if actor is not None and not permissions.can_keep_enterprise(actor, district):
        raise PermissionDenied(NO_PERMISSION)
    enterprise = Enterprise(
        name=name.strip(),
        credit_code=credit_code,
        district=district,
        industry=industry,
        ownership=ownership,
        founded_on=founded_on,
        arrived_on=arrived_on,
        is_illustrative=is_illustrative,
    )
    _clean_enterprise(enterprise)
    enterprise.save()
    audit_log(
        actor=actor,
        action="enterprise.create",
        obj=enterprise,
        unit=district,
        after=snapshot(enterprise, ENTERPRISE_FIELDS),
    )
    _record_arrival(actor=actor, enterprise=enterprise, reason=reason)
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: User | None, enterprise: Enterprise, changes: dict) -> Enterprise:
    """Apply `changes` (field → value); one audit row holds what changed, before and after."""
    current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if actor is not None and not permissions.can_keep_enterprise(actor, current.district):
        raise PermissionDenied(NO_PERMISSION)
    new_district = changes.get("district")
    if (
        actor is not None
        and new_district
        and not permissions.can_keep_enterprise(actor, new_district)
    ):
        raise PermissionDenied(NO_PERMISSION)
    before = snapshot(current, ENTERPRISE_FIELDS)
    for name, value in changes.items():
        if name not in EDITABLE_ENTERPRISE_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _clean_enterprise(current, exclude_pk=current.pk)
    after = snapshot(current, ENTERPRISE_FIELDS)
    changed = [name for name in ENTERPRISE_FIELDS if before[name] != after[name]]
    if not changed:
        return current
    current.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="enterprise.update",
        obj=current,
        unit=current.district,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    if "arrived_on" in changed and current.arrived_on and current.arrival_record_id:
        _arrival_again(actor=actor, enterprise=current)
    _record_arrival(actor=actor, enterprise=current)
    return current


def _arrival_again(*, actor: User | None, enterprise: Enterprise) -> None:
    """An arrival withdrawn and then dated again: its own record comes back, so the
    ledger never counts the enterprise twice."""
    from tongxin.ledger.models import RecordStatus
    from tongxin.ledger.permissions import can_review
    from tongxin.ledger.services import record_approve, record_restore, record_update

    record = enterprise.arrival_record
    if record.status != RecordStatus.WITHDRAWN or actor is None:
        return
    record = record_restore(actor=actor, record=record, owner=enterprise)
    record = record_update(
        actor=actor,
        record=record,
        expected_version=record.version,
        changes={"date": enterprise.arrived_on},
        owner=enterprise,
    )
    if record.status == RecordStatus.SUBMITTED and can_review(actor):
        record_approve(actor=actor, record=record)


@transaction.atomic
def enterprise_membership_add(
    *,
    actor: User | None,
    enterprise: Enterprise,
    year: int,
    list_name: str,
    rank: int | None = None,
    listed_on: dt.date | None = None,
) -> ListMembership:
    """Put the enterprise on a year's list; the entry is also a ranking record (企业评选
    与榜单, one enterprise, tagged with the list's name) of its district, dated
    `listed_on` (the list's publication; by default the year's last day, or today
    within the current year), which the indicators count."""
    if actor is not None and not permissions.can_keep_enterprise(actor, enterprise.district):
        raise PermissionDenied(NO_PERMISSION)
    list_name = list_name.strip()
    if ListMembership.objects.filter(enterprise=enterprise, year=year, list_name=list_name):
        raise ValidationError(DUPLICATE_MEMBERSHIP.format(year=year, list_name=list_name))
    membership = ListMembership.objects.create(
        enterprise=enterprise, year=year, list_name=list_name, rank=rank
    )
    audit_log(
        actor=actor,
        action="enterprise.membership_add",
        obj=enterprise,
        unit=enterprise.district,
        after={"year": year, "list_name": list_name, "rank": rank},
    )
    if actor is not None:
        today = timezone.localdate()
        ledger_record(
            actor=actor,
            unit=enterprise.district,
            type_code="ranking",
            date=listed_on or (today if today.year == year else dt.date(year, 12, 31)),
            title=f"{enterprise.name}入选{year}{list_name}" + (f"（第{rank}名）" if rank else ""),
            tags=[list_name],
            is_illustrative=enterprise.is_illustrative,
        )
    return membership


IMPORT_NOT_YOURS = _("第{row}行：信用代码“{code}”已登记为“{name}”，属于您不能修改的单位。")


@transaction.atomic
def enterprises_import(*, actor: User, rows: list[tuple[int, dict]], filename: str) -> dict:
    """Merge checked rows into the registry by credit code: new codes are registered,
    known ones updated (each change audited); empty optional cells change nothing.
    All or nothing."""
    existing = {
        e.credit_code: e
        for e in Enterprise.objects.select_related("district").filter(
            credit_code__in=[values["credit_code"] for _, values in rows]
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = []
    for number, values in rows:
        current = existing.get(values["credit_code"])
        if current is not None and not permissions.can_keep_enterprise(actor, current.district):
            errors.append(
                IMPORT_NOT_YOURS.format(row=number, code=current.credit_code, name=current.name)
            )
    if errors:
        raise ValidationError(errors)
    for _number, values in rows:
        current = existing.get(values["credit_code"])
        if current is None:
            enterprise_create(actor=actor, **values)
            counts["created"] += 1
            continue
        changes = {
            k: v
            for k, v in values.items()
            if v is not None and k != "credit_code" and getattr(current, k) != v
        }
        if changes:
            enterprise_update(actor=actor, enterprise=current, changes=changes)
        counts["updated" if changes else "unchanged"] += 1
    audit_log(
        actor=actor,
        action="enterprise.import",
        unit=getattr(actor, "unit", None),
        after={"filename": filename, **counts},
    )
    return counts
