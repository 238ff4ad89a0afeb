"""Writes to the sites registry. A new site's designation is recorded in the ledger
(submitted for review) unless an existing record is given, so the same indicators
count it once approved. Atomic and audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.assessment.models import SITE_RECORD_TYPES, Site, SiteRecord
from tongxin.audit.services import audit_log, snapshot
from tongxin.ledger.models import RecordType, WorkRecord
from tongxin.ledger.services import record_create

NO_PERMISSION = _("只有部机关干部和本单位填报员可以登记阵地。")
WRONG_RECORD = _("命名记录须为该单位的“{type}”记录。")
ALREADY_LINKED = _("该记录已关联到本阵地。")
FIELDS = ["name", "unit", "category", "designation", "designated_on", "record"]


def _require_recorder(actor: User | None, unit: Unit) -> None:
    if actor is None:
        return
    if actor.role not in (Role.EDITOR, Role.REPORTER) or not can_act_for_unit(actor, unit):
        raise PermissionDenied(NO_PERMISSION)


@transaction.atomic
def site_create(
    *,
    actor: User | None,
    name: str,
    unit: Unit,
    category: str,
    designation: str,
    designated_on: dt.date,
    record: WorkRecord | None = None,
) -> Site:
    _require_recorder(actor, unit)
    record_type = RecordType.objects.get(code=SITE_RECORD_TYPES[category])
    if record is None:
        record = record_create(
            actor=actor,
            unit=unit,
            record_type=record_type,
            date=designated_on,
            title=f"{designation}：{name}",
            count=1,
            submit=True,
        )
    elif record.record_type_id != record_type.pk or not record.unit.is_within(unit):
        raise ValidationError({"record": WRONG_RECORD.format(type=record_type.name)})
    site = Site(
        name=name,
        unit=unit,
        category=category,
        designation=designation,
        designated_on=designated_on,
        record=record,
    )
    site.full_clean()
    site.save()
    audit_log(
        actor=actor,
        action="assessment.site_create",
        obj=site,
        unit=unit,
        after=snapshot(site, FIELDS),
    )
    return site


@transaction.atomic
def site_record_link(*, actor: User | None, site: Site, record: WorkRecord) -> SiteRecord:
    """A record of work held at the site (a meeting, a class ...)."""
    _require_recorder(actor, site.unit)
    if SiteRecord.objects.filter(site=site, record=record).exists():
        raise ValidationError(ALREADY_LINKED)
    link = SiteRecord.objects.create(site=site, record=record)
    audit_log(
        actor=actor,
        action="assessment.site_record_link",
        obj=site,
        unit=site.unit,
        after={"record": record.pk},
    )
    return link
