"""Writes to user accounts: create, edit, role, password, unlock, deactivate with
handover, reactivate. Each atomic, permission-checked, audited."""

import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts import permissions
from tongxin.accounts.handover import HANDOVER_STEPS
from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import ADMIN_ROLES, Role
from tongxin.audit.services import audit_log, snapshot

USER_FIELDS = ["username", "display_name", "unit", "role", "is_active"]


USER_NEEDS_UNIT = _("填报员必须属于一个单位。")


USERNAME_TAKEN = _("用户名“{username}”已被使用。")


ROLE_NOT_GRANTED_HERE = _("角色由安全管理员授予；新建账号时不能指定角色。")


OWN_ROLE = _("不能变更自己的角色。")


UNKNOWN_ROLE = _("没有这个角色。")


OWN_ACCOUNT = _("不能停用自己的账号。")


SUCCESSOR_REQUIRED = _("该账号还有未办结事项，请指定交接人。")


SUCCESSOR_INVALID = _("交接人须是另一个启用中的账号。")


ALREADY_INACTIVE = _("该账号已停用。")


PASSWORD_SAME = _("新密码不能与原密码相同。")


ADMIN_NEEDS_TWO = _(
    "管理员账号的密码、双因素认证、停用和角色须由两名管理员办理：一人申请，另一人批准。"
)


def _refuse_single_admin_change(actor, user: User, role: str | None = None) -> None:
    """三员互相制约: one administrator alone never resets, deactivates or changes the
    role of an administrator's account (services/admin_requests.py); the console
    (actor None) still may, for a fresh install."""
    if actor is not None and (user.role in ADMIN_ROLES or (role or "") in ADMIN_ROLES):
        raise ValidationError(ADMIN_NEEDS_TWO, code="two_person")


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
    """A new account. Made by the system administrator it has no role (the security
    administrator grants one) and a password to change at first login; the console
    and the demo (actor None) may give both."""
    _require_account_admin(actor)
    if actor is not None and role != Role.NONE:
        raise ValidationError({"role": ROLE_NOT_GRANTED_HERE})
    if role == Role.REPORTER and unit is None:
        raise ValidationError({"unit": USER_NEEDS_UNIT})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN.format(username=username)})
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        unit=unit,
        must_change_password=actor is not None,
        password_changed_at=timezone.now(),
    )
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


def _require_account_admin(actor) -> None:
    permissions.require_actor(actor, permissions.can_manage_users)


@transaction.atomic
def user_unlock(*, actor: User | None, user: User) -> User:
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
    user.locked_until = None
    user.failed_logins = 0
    user.save(update_fields=["locked_until", "failed_logins"])
    audit_log(
        actor=actor,
        action="auth.unlock",
        obj=user,
        unit=user.unit,
        before=before,
        after={"reason": "administrator"},
    )
    return user


def _temporary_password(user: User) -> str:
    """A random password that passes every validator, to be changed at next login."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")
    while True:
        groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
        candidate = "-".join(groups)
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate


@transaction.atomic
def user_password_change(*, actor: User, user: User, new_password: str) -> User:
    """The user sets their own password (at a forced change, or by choice)."""
    permissions.require(actor.pk == user.pk)
    if user.check_password(new_password):
        raise ValidationError({"new_password1": PASSWORD_SAME})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_log(actor=actor, action="user.password_change", obj=user, unit=user.unit)
    return user


@transaction.atomic
def user_password_reset(*, actor: User | None, user: User) -> str:
    """The system administrator resets a password (there is no e-mail): a temporary
    one, shown once, that the user must change at next login. Returns it."""
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    _refuse_single_admin_change(actor, user)
    password = _temporary_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.locked_until = None
    user.failed_logins = 0
    user.save(
        update_fields=[
            "password",
            "must_change_password",
            "password_changed_at",
            "locked_until",
            "failed_logins",
        ]
    )
    audit_log(actor=actor, action="user.password_reset", obj=user, unit=user.unit)
    return password


@transaction.atomic
def user_update(*, actor: User | None, user: User, display_name: str, unit: Unit | None) -> User:
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_FIELDS)
    if user.role == Role.REPORTER and unit is None:
        raise ValidationError({"unit": USER_NEEDS_UNIT})
    user.display_name = display_name
    user.unit = unit
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "unit"])
    audit_log(
        actor=actor,
        action="user.update",
        obj=user,
        unit=unit,
        before=before,
        after=snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def user_role_set(*, actor: User | None, user: User, role: str) -> User:
    """Grant a role (replacing the one held: one role per account, so nobody holds
    two of the three administrators' roles) or revoke it (Role.NONE)."""
    permissions.require_actor(actor, permissions.can_grant_roles)
    if role not in Role.values:
        raise ValidationError({"role": UNKNOWN_ROLE})
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"role": OWN_ROLE})
    user = User.objects.select_for_update().get(pk=user.pk)
    _refuse_single_admin_change(actor, user, role)
    if role == Role.REPORTER and user.unit_id is None:
        raise ValidationError({"role": USER_NEEDS_UNIT})
    return set_role(actor=actor, user=user, role=role)


@transaction.atomic
def set_role(*, actor: User | None, user: User, role: str, extra: dict | None = None) -> User:
    """The change itself, for `user_role_set` and an approved two-person request
    (`extra` names the request); the caller checks and locks."""
    before = {"role": user.role}
    user.role = role
    user.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action="user.role_set",
        obj=user,
        unit=user.unit,
        before=before,
        after={"role": role, **(extra or {})},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, successor: User | None) -> dict[str, int]:
    """Deactivate `user`, keeping everything they recorded, and hand their open items
    to `successor` in the same transaction. Returns what was handed over, per step."""
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(OWN_ACCOUNT)
    _refuse_single_admin_change(actor, user)
    return deactivate_account(actor=actor, user=user, successor=successor)


@transaction.atomic
def deactivate_account(
    *, actor: User | None, user: User, successor: User | None, extra: dict | None = None
) -> dict[str, int]:
    """The deactivation itself, for `user_deactivate` and an approved two-person
    request (`extra` names the request); the caller checks and locks."""
    if not user.is_active:
        raise ValidationError(ALREADY_INACTIVE)
    if successor is not None and (successor.pk == user.pk or not successor.is_active):
        raise ValidationError({"successor": SUCCESSOR_INVALID})
    steps = [step for step in HANDOVER_STEPS.values() if step.count(user)]
    if steps and successor is None:
        raise ValidationError({"successor": SUCCESSOR_REQUIRED})
    for step in steps:
        step.check(user, successor)
    handed = {
        step.key: step.transfer(actor=actor, user=user, successor=successor) for step in steps
    }
    before = snapshot(user, USER_FIELDS)
    user.is_active = False
    user.successor = successor
    user.save(update_fields=["is_active", "successor"])
    audit_log(
        actor=actor,
        action="user.deactivate",
        obj=user,
        unit=user.unit,
        before=before,
        after={
            **snapshot(user, USER_FIELDS),
            "successor": getattr(successor, "pk", None),
            "handed_over": handed,
            **(extra or {}),
        },
    )
    return handed


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_log(actor=actor, action="user.reactivate", obj=user, unit=user.unit)
    return user
