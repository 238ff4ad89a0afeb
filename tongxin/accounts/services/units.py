"""Writes to the unit tree: create and edit, keeping each unit's materialised path."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts import permissions
from tongxin.accounts.models import Unit, UnitKind, User
from tongxin.audit.services import audit_log, snapshot

UNIT_FIELDS = ["code", "name", "kind", "parent", "sort_order", "is_active"]


UNIT_CODE_TAKEN = _("单位代码“{code}”已被使用。")


UNIT_PARENT_CYCLE = _("上级单位不能是本单位或其下级单位。")


def _set_path(unit: Unit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk:06d}/"  # zero-padded: text order is tree order


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str = UnitKind.MEMBER,
    parent: Unit | None = None,
    sort_order: int = 0,
) -> Unit:
    permissions.require_actor(actor, permissions.can_manage_units)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": UNIT_CODE_TAKEN.format(code=code)})
    unit = Unit(code=code, name=name, kind=kind, parent=parent, sort_order=sort_order, path="")
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path"])
    audit_log(
        actor=actor, action="unit.create", obj=unit, unit=unit, after=snapshot(unit, UNIT_FIELDS)
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    name: str | None = None,
    kind: str | None = None,
    parent: Unit | None = None,
    sort_order: int | None = None,
    is_active: bool | None = None,
) -> Unit:
    permissions.require_actor(actor, permissions.can_manage_units)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    for field, value in {
        "name": name,
        "kind": kind,
        "sort_order": sort_order,
        "is_active": is_active,
    }.items():
        if value is not None:
            setattr(unit, field, value)
    old_path = unit.path
    if parent is not None and parent.pk != unit.parent_id:
        if parent.path.startswith(unit.path):
            raise ValidationError({"parent": UNIT_PARENT_CYCLE})
        unit.parent = parent
        _set_path(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    if unit.path != old_path:
        # Move the whole subtree with it.
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    audit_log(
        actor=actor,
        action="unit.update",
        obj=unit,
        unit=unit,
        before=before,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit
