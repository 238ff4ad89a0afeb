"""Signing in: the lockout of an account and the slowing of an address after failed
attempts (throttling), and the record of each attempt."""

import datetime as dt
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import LoginAddress, LoginName, User
from tongxin.audit.services import audit_log

ACCOUNT_LOCKED = _("该账号因连续{failures}次登录失败已被锁定，请于{until}后重试。")


ADDRESS_SLOWED = _("从您所在地址登录失败的次数过多，请{seconds}秒后重试。")


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
    if user is None:
        # An unknown name is locked like an account (no telling which names exist).
        user = LoginName.objects.select_for_update().filter(username=username).first()
        if user is None or user.locked_until is None:
            return None
        if user.locked_until <= now:
            user.locked_until = None
            user.save(update_fields=["locked_until"])
            return None
        audit_log(
            action="auth.login_refused",
            actor_name=username[:150],
            after={"reason": "locked", "locked_until": user.locked_until.isoformat()},
        )
        _address_failure(address)
        return locked_message(user)
    if user.locked_until is None:
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


def name_locked_message(username: str) -> str | None:
    """The lock message for `username`, an account's or an unknown name's alike."""
    user = User.objects.filter(username=username).first() or (
        LoginName.objects.filter(username=username).first()
    )
    return locked_message(user) if user is not None else None


def locked_message(user: User | LoginName) -> str | None:
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
    elif user is None:
        _unknown_name_failure(username[:150])
    _address_failure(address)


def _unknown_name_failure(username: str) -> None:
    """Count a failure under a name with no account exactly as an account's would
    be counted, so that the fifth one answers with the same lock message."""
    now = _now()
    # Names not tried for a day are forgotten (an account's count never expires,
    # but nobody can tell the difference a day later).
    LoginName.objects.filter(last_failure_at__lt=now - dt.timedelta(days=1)).delete()
    row, _ = LoginName.objects.select_for_update().get_or_create(
        username=username, defaults={"last_failure_at": now}
    )
    row.failed_logins += 1
    row.last_failure_at = now
    if row.failed_logins >= settings.LOGIN_LOCK_FAILURES:
        row.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        row.failed_logins = 0
        audit_log(
            action="auth.lock",
            actor_name=username,
            after={
                "failures": settings.LOGIN_LOCK_FAILURES,
                "locked_until": row.locked_until.isoformat(),
                "account": None,
            },
        )
    row.save()


@transaction.atomic
def login_success_record(*, user: User) -> None:
    if user.failed_logins:
        user.failed_logins = 0
        user.save(update_fields=["failed_logins"])
    audit_log(actor=user, action="auth.login", obj=user, unit=user.unit)
