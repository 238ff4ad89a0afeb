"""The second factor: TOTP devices, their enrolment and verification, recovery codes."""

import base64
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts import permissions
from tongxin.accounts.models import User
from tongxin.accounts.roles import OTP_REQUIRED_ROLES
from tongxin.accounts.services.users import ADMIN_NEEDS_TWO
from tongxin.audit.services import audit_log

OTP_WRONG = _("验证码不正确或已过期，请重试。")


OTP_THROTTLED = _("尝试次数过多，请稍候 %(seconds)d 秒再试。")


OTP_REQUIRED_FOR_ROLE = _("管理员账号必须使用双因素认证，不能关闭。")


RECOVERY_CODE_COUNT = 10


def otp_required(user: User) -> bool:
    return user.role in OTP_REQUIRED_ROLES


def otp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def otp_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_wait_seconds(device) -> int:
    """How long the device refuses every code after repeated failures (django-otp's
    throttling), 0 when it accepts one now."""
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    locked_until = (info or {}).get("locked_until")
    if allowed or locked_until is None:
        return 0
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def otp_refusal_message(wait_seconds: int) -> str:
    """Why a code was not accepted: with `wait_seconds` (the device's throttle
    before the attempt) the wait, so a right code typed too soon is not reported
    as wrong."""
    if wait_seconds:
        return OTP_THROTTLED % {"seconds": wait_seconds}
    return OTP_WRONG


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
    wait = otp_wait_seconds(device)
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": otp_refusal_message(wait)})
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
        if actor is not None and otp_required(user):
            # An administrator's factor: two of them (services/admin_requests.py).
            raise ValidationError(ADMIN_NEEDS_TWO, code="two_person")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(actor=actor, action="otp.disable", obj=user, unit=user.unit)
