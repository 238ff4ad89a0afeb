"""Writes to units and users. Each is atomic and leaves an audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tongxin.accounts.models import Unit, UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log, snapshot

UNIT_FIELDS = ["code", "name", "kind", "parent", "sort_order", "is_active"]
USER_FIELDS = ["username", "display_name", "unit", "role", "is_active"]

UNIT_CODE_TAKEN = "单位代码“{code}”已被使用。"
UNIT_PARENT_CYCLE = "上级单位不能是本单位或其下级单位。"
USER_NEEDS_UNIT = "填报员必须属于一个单位。"
USERNAME_TAKEN = "用户名“{username}”已被使用。"


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


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    role: str,
    unit: Unit | None,
    password: str | None,
) -> User:
    if role == Role.REPORTER and unit is None:
        raise ValidationError({"unit": USER_NEEDS_UNIT})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN.format(username=username)})
    user = User(username=username, display_name=display_name, role=role, unit=unit)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(
        actor=actor, action="user.create", obj=user, unit=unit, after=snapshot(user, USER_FIELDS)
    )
    return user
