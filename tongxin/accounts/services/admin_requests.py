"""The two-person rule for the three administrators' own accounts (三员互相制约).

Resetting the password or second factor of, deactivating, or changing the role of
an administrator's account (and granting an administrator's role) needs two of
them: one requests, a different one approves; neither may be the target. A reset
leaves the target with no usable password and no second factor; what it needs to
get back in is a one-time credential split in two halves, one shown once to the
requester, the other once to the approver, handed to the target in person. Only
hashes of the halves are kept, so no single person ever holds enough to log in as
the target: the target enters both halves, sets its own password and enrols its
own second factor.
"""

import datetime as dt
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts import permissions
from tongxin.accounts.models import AdminAction, AdminRequest, AdminRequestStatus, User
from tongxin.accounts.roles import ADMIN_ROLES, Role
from tongxin.accounts.services import users as users_services
from tongxin.audit.services import audit_log

CREDENTIAL_VALID_HOURS = 72
# No 0/O, 1/I/L: the halves are read out and typed by hand.
CREDENTIAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CREDENTIAL_HALF_LENGTH = 10

NOT_AN_ADMIN_TARGET = _("业务账号不适用双人办理，请按原流程办理。")
OWN_ACCOUNT = _("不能为自己的账号提出申请。")
ALREADY_PENDING = _("该账号已有待批准的申请，请先处理。")
SAME_ROLE = _("该账号已是这个角色。")
NOT_PENDING = _("该申请已处理。")
SAME_PERSON = _("申请人不能批准自己的申请，须由另一名管理员批准。")
TARGET_DECIDES = _("不能审批针对自己账号的申请。")
ONLY_REQUESTER_CANCELS = _("只有申请人可以撤回申请。")
TARGET_INACTIVE = _("该账号已停用。")
CREDENTIAL_WRONG = _("用户名或凭据不正确，或凭据已使用、已过期。")
PASSWORDS_DIFFER = _("两次输入的新密码不一致。")
ADMIN_ACTIVATION_NEEDED = _(
    "该管理员账号须凭两名管理员分别交给您的两段一次性凭据启用，请在“启用管理员账号”页面设置密码。"
)


def admin_change_needs_two(*, user: User, role: str | None = None) -> bool:
    """True when a change to `user` (or giving it `role`) falls under the rule."""
    return user.role in ADMIN_ROLES or (role is not None and role in ADMIN_ROLES)


def _needs_activation(user: User) -> bool:
    """An account someone else knows the password of, or that never logged in."""
    return user.must_change_password or user.last_login is None


def _half() -> str:
    chars = "".join(secrets.choice(CREDENTIAL_ALPHABET) for _ in range(CREDENTIAL_HALF_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def _normalise(half: str) -> str:
    text = "".join(c for c in half.upper() if c.isalnum())
    return f"{text[:5]}-{text[5:]}"


def _require_admin(actor: User) -> None:
    permissions.require(permissions.can_take_part_in_admin_requests(actor))


def _reset_access(*, target: User) -> None:
    """Nobody can log in as `target` until it uses the credential: no usable
    password, no second factor."""
    target.set_unusable_password()
    target.must_change_password = True
    target.locked_until = None
    target.failed_logins = 0
    target.save(update_fields=["password", "must_change_password", "locked_until", "failed_logins"])
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()


@transaction.atomic
def admin_request_create(
    *, actor: User, target: User, action: str, role: str = "", reason: str = ""
) -> tuple[AdminRequest, str]:
    """Request a change to an administrator's account. Returns the request and the
    requester's half of the credential ("" when the change needs none), shown once."""
    _require_admin(actor)
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.pk == actor.pk:
        raise ValidationError(OWN_ACCOUNT)
    if action not in AdminAction.values:
        raise ValidationError({"action": _("没有这个事项。")})
    if action == AdminAction.ROLE_SET:
        if role not in Role.values:
            raise ValidationError({"role": users_services.UNKNOWN_ROLE})
        if role == target.role:
            raise ValidationError({"role": SAME_ROLE})
        if role == Role.REPORTER and target.unit_id is None:
            raise ValidationError({"role": users_services.USER_NEEDS_UNIT})
    else:
        role = ""
    if not admin_change_needs_two(user=target, role=role or None):
        raise ValidationError(NOT_AN_ADMIN_TARGET)
    if not target.is_active:
        raise ValidationError(TARGET_INACTIVE)
    if AdminRequest.objects.filter(target=target, status=AdminRequestStatus.PENDING).exists():
        raise ValidationError(ALREADY_PENDING)
    needs_credential = action in (AdminAction.PASSWORD_RESET, AdminAction.OTP_RESET) or (
        action == AdminAction.ROLE_SET and role in ADMIN_ROLES and _needs_activation(target)
    )
    half = _half() if needs_credential else ""
    request = AdminRequest.objects.create(
        target=target,
        action=action,
        role=role,
        reason=reason.strip()[:200],
        requested_by=actor,
        credential_a_hash=make_password(half) if half else "",
    )
    audit_log(
        actor=actor,
        action="admin_request.create",
        obj=target,
        unit=target.unit,
        after={"request": request.pk, "action": action, "role": role, "reason": request.reason},
    )
    return request, half


def _pending(request: AdminRequest) -> AdminRequest:
    request = AdminRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AdminRequestStatus.PENDING:
        raise ValidationError(NOT_PENDING)
    return request


def _require_second_person(actor: User, request: AdminRequest) -> None:
    _require_admin(actor)
    if actor.pk == request.requested_by_id:
        raise ValidationError(SAME_PERSON)
    if actor.pk == request.target_id:
        raise ValidationError(TARGET_DECIDES)


@transaction.atomic
def admin_request_approve(*, actor: User, request: AdminRequest) -> str:
    """A second administrator approves: the change is made, audited under both
    names. Returns the approver's half of the credential ("" when none), shown once."""
    request = _pending(request)
    _require_second_person(actor, request)
    target = User.objects.select_for_update().get(pk=request.target_id)
    if not target.is_active:
        raise ValidationError(TARGET_INACTIVE)
    two = {"request": request.pk, "requested_by": request.requested_by_id}
    if request.action == AdminAction.DEACTIVATE:
        users_services.deactivate_account(actor=actor, user=target, successor=None, extra=two)
    elif request.action == AdminAction.ROLE_SET:
        users_services.set_role(actor=actor, user=target, role=request.role, extra=two)
    half = ""
    if request.needs_credential:
        _reset_access(target=target)
        half = _half()
        request.credential_b_hash = make_password(half)
        request.credential_expires_at = timezone.now() + dt.timedelta(hours=CREDENTIAL_VALID_HOURS)
        action = {
            AdminAction.PASSWORD_RESET: "user.password_reset",
            AdminAction.OTP_RESET: "otp.disable",
        }.get(request.action, "user.access_reset")
        audit_log(actor=actor, action=action, obj=target, unit=target.unit, after=two)
    request.status = AdminRequestStatus.APPROVED
    request.approved_by = actor
    request.decided_at = timezone.now()
    request.save()
    audit_log(
        actor=actor,
        action="admin_request.approve",
        obj=target,
        unit=target.unit,
        after={**two, "action": request.action, "role": request.role},
    )
    return half


@transaction.atomic
def admin_request_refuse(*, actor: User, request: AdminRequest) -> AdminRequest:
    request = _pending(request)
    _require_second_person(actor, request)
    request.status = AdminRequestStatus.REFUSED
    request.approved_by = actor
    request.decided_at = timezone.now()
    request.credential_a_hash = ""
    request.save()
    audit_log(
        actor=actor,
        action="admin_request.refuse",
        obj=request.target,
        unit=request.target.unit,
        after={"request": request.pk, "requested_by": request.requested_by_id},
    )
    return request


@transaction.atomic
def admin_request_cancel(*, actor: User, request: AdminRequest) -> AdminRequest:
    request = _pending(request)
    if actor.pk != request.requested_by_id:
        raise ValidationError(ONLY_REQUESTER_CANCELS)
    request.status = AdminRequestStatus.CANCELLED
    request.decided_at = timezone.now()
    request.credential_a_hash = ""
    request.save()
    audit_log(
        actor=actor,
        action="admin_request.cancel",
        obj=request.target,
        unit=request.target.unit,
        after={"request": request.pk},
    )
    return request


@transaction.atomic
def admin_credential_console(*, user: User) -> tuple[str, str]:
    """The console (`tongxin grantrole` on a fresh install, when only one
    administrator exists): both halves for an administrator account that has
    never logged in or whose password someone else set. Audited."""
    user = User.objects.select_for_update().get(pk=user.pk)
    AdminRequest.objects.filter(target=user, status=AdminRequestStatus.PENDING).update(
        status=AdminRequestStatus.CANCELLED, decided_at=timezone.now()
    )
    half_a, half_b = _half(), _half()
    request = AdminRequest.objects.create(
        target=user,
        action=AdminAction.ROLE_SET,
        role=user.role,
        reason="console",
        requested_by=user,
        status=AdminRequestStatus.APPROVED,
        decided_at=timezone.now(),
        credential_a_hash=make_password(half_a),
        credential_b_hash=make_password(half_b),
        credential_expires_at=timezone.now() + dt.timedelta(hours=CREDENTIAL_VALID_HOURS),
    )
    _reset_access(target=user)
    audit_log(
        action="user.access_reset",
        obj=user,
        unit=user.unit,
        after={"request": request.pk, "by": "console"},
    )
    return half_a, half_b


def admin_needs_activation(user: User) -> bool:
    """An administrator whose password someone else set: its password alone never
    logs it in; it needs the two halves (the activation page)."""
    return user.role in ADMIN_ROLES and user.must_change_password


@transaction.atomic
def admin_credential_redeem(
    *, username: str, half_a: str, half_b: str, password1: str, password2: str
) -> User:
    """The target, in person: user name, both halves and a password of its own.
    The credential is used up; the target enrols its second factor next."""
    user = User.objects.select_for_update().filter(username=username, is_active=True).first()
    request = None
    if user is not None:
        request = (
            AdminRequest.objects.select_for_update()
            .filter(
                target=user,
                status=AdminRequestStatus.APPROVED,
                credential_used_at=None,
                credential_expires_at__gt=timezone.now(),
            )
            .exclude(credential_b_hash="")
            .order_by("-decided_at", "-id")
            .first()
        )
    if request is None:
        make_password(half_a)  # the same work either way: no telling names apart
    if (
        request is None
        or not check_password(_normalise(half_a), request.credential_a_hash)
        or not check_password(_normalise(half_b), request.credential_b_hash)
    ):
        raise ValidationError(CREDENTIAL_WRONG, code="credential")
    if password1 != password2:
        raise ValidationError({"password2": PASSWORDS_DIFFER})
    validate_password(password1, user)
    request.credential_used_at = timezone.now()
    request.save(update_fields=["credential_used_at"])
    user.set_password(password1)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_log(
        actor=user,
        action="admin_request.credential_used",
        obj=user,
        unit=user.unit,
        after={"request": request.pk},
    )
    return user
