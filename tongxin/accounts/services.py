"""Writes to units and users, and the security events of logging in. Each is
atomic and leaves its audit row in the same transaction."""

import base64
import datetime as dt
import math
import secrets
import string

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts import permissions
from tongxin.accounts.handover import HANDOVER_STEPS
from tongxin.accounts.models import LoginAddress, Unit, UnitKind, User
from tongxin.accounts.roles import OTP_REQUIRED_ROLES, Role
from tongxin.audit.services import audit_log, snapshot

UNIT_FIELDS = ["code", "name", "kind", "parent", "sort_order", "is_active"]
USER_FIELDS = ["username", "display_name", "unit", "role", "is_active"]

UNIT_CODE_TAKEN = "单位代码“{code}”已被使用。"
UNIT_PARENT_CYCLE = "上级单位不能是本单位或其下级单位。"
USER_NEEDS_UNIT = "填报员必须属于一个单位。"
USERNAME_TAKEN = "用户名“{username}”已被使用。"
ROLE_NOT_GRANTED_HERE = "角色由安全管理员授予；新建账号时不能指定角色。"
OWN_ROLE = "不能变更自己的角色。"
UNKNOWN_ROLE = "没有这个角色。"
OWN_ACCOUNT = "不能停用自己的账号。"
SUCCESSOR_REQUIRED = "该账号还有未办结事项，请指定交接人。"
SUCCESSOR_INVALID = "交接人须是另一个启用中的账号。"
ALREADY_INACTIVE = "该账号已停用。"
PASSWORD_SAME = "新密码不能与原密码相同。"
ACCOUNT_LOCKED = "该账号因连续{failures}次登录失败已被锁定，请于{until}后重试。"
ADDRESS_SLOWED = "从您所在地址登录失败的次数过多，请{seconds}秒后重试。"
OTP_WRONG = "验证码不正确或已过期，请重试。"
OTP_REQUIRED_FOR_ROLE = "管理员账号必须使用双因素认证，不能关闭。"
RECOVERY_CODE_COUNT = 10


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
        password_changed_at=_now(),
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


# --- Logging in: failures, locks, the growing delay per address ---------------------


def _now() -> dt.datetime:
    return timezone.now()


def _local_time(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%H:%M}"


def _address_failure(address: str | None) -> None:
    """Count a failure from `address`; past the free allowance it must wait a delay
    that doubles with each further failure. The address is never locked."""
    if not address:
        return
    now = _now()
    window = dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    row, _ = LoginAddress.objects.select_for_update().get_or_create(
        address=address, defaults={"window_start": now}
    )
    if row.window_start < now - window:
        row.failures, row.window_start, row.blocked_until = 0, now, None
    row.failures += 1
    excess = row.failures - settings.LOGIN_ADDRESS_FREE_FAILURES
    if excess > 0:
        delay = min(2 ** (excess - 1), settings.LOGIN_ADDRESS_MAX_DELAY)
        row.blocked_until = now + dt.timedelta(seconds=delay)
        audit_log(action="auth.address_slowed", after={"address": address, "delay_s": delay})
    row.save()


@transaction.atomic
def login_refusal(*, username: str, address: str | None) -> str | None:
    """Why a login attempt is refused before its password is even checked (the
    account is locked, or its address must wait), or None. A lock that has run
    out is lifted here, audited."""
    now = _now()
    if address:
        slowed = LoginAddress.objects.filter(address=address, blocked_until__gt=now).first()
        if slowed is not None:
            seconds = math.ceil((slowed.blocked_until - now).total_seconds())
            audit_log(
                action="auth.login_refused",
                actor_name=username[:150],
                after={"reason": "address_slowed", "wait_s": seconds},
            )
            return ADDRESS_SLOWED.format(seconds=seconds)
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None or user.locked_until is None:
        return None
    if user.locked_until <= now:
        user.locked_until = None
        user.save(update_fields=["locked_until"])
        audit_log(action="auth.unlock", obj=user, unit=user.unit, after={"reason": "expired"})
        return None
    audit_log(
        action="auth.login_refused",
        actor_name=username[:150],
        obj=user,
        unit=user.unit,
        after={"reason": "locked", "locked_until": user.locked_until.isoformat()},
    )
    _address_failure(address)
    return locked_message(user)


def locked_message(user: User) -> str | None:
    if user.locked_until is None or user.locked_until <= _now():
        return None
    return ACCOUNT_LOCKED.format(
        failures=settings.LOGIN_LOCK_FAILURES, until=_local_time(user.locked_until)
    )


@transaction.atomic
def login_failure_record(*, username: str, address: str | None) -> None:
    """A wrong password (or an unknown account): audited; the account's failures
    counted, locking it at the limit; the address's failures counted."""
    user = User.objects.select_for_update().filter(username=username).first()
    audit_log(
        action="auth.login_failed",
        actor_name=username[:150],
        obj=user,
        unit=user.unit if user else None,
    )
    if user is not None and user.is_active:
        user.failed_logins += 1
        fields = ["failed_logins"]
        if user.failed_logins >= settings.LOGIN_LOCK_FAILURES:
            user.locked_until = _now() + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            user.failed_logins = 0
            fields.append("locked_until")
            audit_log(
                action="auth.lock",
                obj=user,
                unit=user.unit,
                after={
                    "failures": settings.LOGIN_LOCK_FAILURES,
                    "locked_until": user.locked_until.isoformat(),
                },
            )
        user.save(update_fields=fields)
    _address_failure(address)


@transaction.atomic
def login_success_record(*, user: User) -> None:
    if user.failed_logins:
        user.failed_logins = 0
        user.save(update_fields=["failed_logins"])
    audit_log(actor=user, action="auth.login", obj=user, unit=user.unit)


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


# --- Passwords -----------------------------------------------------------------------


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
    user.password_changed_at = _now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_log(actor=actor, action="user.password_change", obj=user, unit=user.unit)
    return user


@transaction.atomic
def user_password_reset(*, actor: User | None, user: User) -> str:
    """The system administrator resets a password (there is no e-mail): a temporary
    one, shown once, that the user must change at next login. Returns it."""
    _require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    password = _temporary_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = _now()
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


# --- Accounts: details, roles, deactivation ------------------------------------------


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
    if role == Role.REPORTER and user.unit_id is None:
        raise ValidationError({"role": USER_NEEDS_UNIT})
    before = {"role": user.role}
    user.role = role
    user.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action="user.role_set",
        obj=user,
        unit=user.unit,
        before=before,
        after={"role": role},
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


# --- Second factor (TOTP) and recovery codes -----------------------------------------


def otp_required(user: User) -> bool:
    return user.role in OTP_REQUIRED_ROLES


def otp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def otp_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_secret_text(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def otp_enrol_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (kept across
    reloads, so the QR code a phone scanned stays valid until confirmed)."""
    device = otp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def otp_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the device with a code from the app; returns the recovery codes,
    shown once."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": OTP_WRONG})
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit_log(actor=user, action="otp.enable", obj=user, unit=user.unit)
    return codes


@transaction.atomic
def otp_recovery_codes_renew(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_log(actor=user, action="otp.recovery_codes", obj=user, unit=user.unit)
    return codes


@transaction.atomic
def otp_verify(*, user: User, token: str):
    """The device that accepts `token` (the app's code, or a recovery code, used up
    by this), or None; audited either way. Devices throttle repeated failures."""
    token = token.strip().replace(" ", "")
    device = None
    totp = otp_device(user)
    if totp is not None and token.isdigit() and totp.verify_token(token):
        device = totp
    if device is None:
        static = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if static is not None and static.verify_token(token.lower()):
            device = static
    if device is None:
        audit_log(actor=user, action="otp.failed", obj=user, unit=user.unit)
    else:
        used = "recovery_code" if isinstance(device, StaticDevice) else "totp"
        audit_log(actor=user, action="otp.verified", obj=user, unit=user.unit, after={"with": used})
    return device


@transaction.atomic
def otp_disable(*, actor: User | None, user: User) -> None:
    """The user turns the second factor off (not allowed for administrators), or the
    security administrator resets it for a user who lost their phone (they enrol
    again at next login)."""
    if actor is not None and actor.pk == user.pk:
        if otp_required(user):
            raise ValidationError(OTP_REQUIRED_FOR_ROLE)
    else:
        permissions.require_actor(actor, permissions.can_grant_roles)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(actor=actor, action="otp.disable", obj=user, unit=user.unit)
