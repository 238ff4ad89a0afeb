"""Every write to API tokens: atomic, permission-checked, audited."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import User
from tongxin.accounts.roles import BUSINESS_ROLES
from tongxin.api.models import ApiToken
from tongxin.audit.services import audit_log

TOKEN_PREFIX = "tx_"
NAME_REQUIRED = _("请填写令牌名称。")
NOT_FOR_ROLE = _("只有业务账号（部机关干部、填报员、部领导）可以创建接口令牌。")
ALREADY_REVOKED = _("该令牌已撤销。")
BAD_EXPIRY = _("有效期应为 1 至 3650 天。")
# At most this many usable tokens per account: each is a key to the account's data.
MAX_TOKENS = 10
TOO_MANY = format_lazy(_("每个账号最多保留 {max} 个有效令牌，请先撤销不用的令牌。"), max=MAX_TOKENS)


def token_hash(raw: str) -> str:
    """What is stored and looked up: the token's SHA-256 (the token is 256 random bits,
    so a fast hash is enough; a salt would only stop the lookup by hash)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _snapshot(token: ApiToken) -> dict:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token of `actor`'s, and the token itself: shown once, never stored."""
    if not (actor.is_authenticated and actor.is_active and actor.role in BUSINESS_ROLES):
        raise PermissionDenied(NOT_FOR_ROLE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationError({"expires_in_days": BAD_EXPIRY})
    now = timezone.now()
    usable = ApiToken.objects.filter(owner=actor, revoked_at=None).exclude(expires_at__lte=now)
    if usable.count() >= MAX_TOKENS:
        raise ValidationError(TOO_MANY)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=actor,
        name=name[:50],
        token_hash=token_hash(raw),
        prefix=raw[:10],
        expires_at=now + dt.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    audit_log(
        actor=actor, action="api_token.create", obj=token, unit=actor.unit, after=_snapshot(token)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s own tokens (callers fetch it with `get_token_for_owner`)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.owner_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        unit=actor.unit,
        before=_snapshot(token),
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def api_token_touch(*, token: ApiToken) -> None:
    """Note the token's use. No audit row (a read is not a change) and no transaction
    of its own: it is one UPDATE, on every authenticated request."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
