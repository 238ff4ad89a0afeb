"""Writing audit events. Callers are services already inside `transaction.atomic`,
so the event commits or rolls back with the change it describes."""

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.audit.chain import audit_prune_rows
from tongxin.audit.context import client_ip
from tongxin.audit.models import AuditEvent

# The Cybersecurity Law (网络安全法 Art. 21) requires network logs kept at least six
# months: nothing younger than this is ever removed.
RETENTION_FLOOR_DAYS = 180
BELOW_RETENTION_FLOOR = _("审计日志至少保留{floor}天，不能清理{days}天以内的记录。")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-ready values (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        out[name] = _jsonable(value)
    return out


def audit_log(
    *,
    actor=None,
    action: str,
    obj: models.Model | None = None,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    actor_name: str = "",
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        # A change and its audit row must commit together; calling outside a
        # transaction is a programming error, caught in tests.
        raise RuntimeError("audit_log must be called inside transaction.atomic")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # A renamed model keeps its old name in the trail (audit_object_type), so its history
    # stays one and the export's values do not change.
    object_type = "" if obj is None else getattr(obj, "audit_object_type", obj._meta.label_lower)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None else "",
        unit=unit,
        before=before,
        after=after,
        client_ip=client_ip.get(),
    )


@transaction.atomic
def audit_export_log(*, actor, params: dict, row_count: int) -> None:
    """Exporting the trail is itself an event: who took which events out."""
    audit_log(
        actor=actor,
        action="audit.export",
        unit=getattr(actor, "unit", None),
        after={"filter": params, "row_count": row_count},
    )


@transaction.atomic
def audit_prune(*, actor=None, keep_days: int, dry_run: bool = False) -> int:
    """Remove events older than `keep_days` days (never fewer than the legal floor),
    leaving an `audit.prune` event that says what went. Returns how many."""
    if keep_days < RETENTION_FLOOR_DAYS:
        raise ValidationError(
            BELOW_RETENTION_FLOOR.format(floor=RETENTION_FLOOR_DAYS, days=keep_days)
        )
    cutoff = timezone.now() - dt.timedelta(days=keep_days)
    if dry_run:
        return AuditEvent.objects.filter(at__lt=cutoff).count()
    # Sealed first, then removed through the triggers' one bypass (audit/chain.py); the
    # head before the removal goes into the pruning's own event.
    removed, head = audit_prune_rows(cutoff=cutoff)
    audit_log(
        actor=actor,
        action="audit.prune",
        actor_name="" if actor else "tongxin pruneaudit",
        after={
            "keep_days": keep_days,
            "cutoff": cutoff.isoformat(),
            "removed": removed,
            "chain_head": head,
        },
    )
    return removed
