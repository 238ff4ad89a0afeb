"""Writing audit events. Callers are services already inside `transaction.atomic`,
so the event commits or rolls back with the change it describes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from tongxin.audit.context import client_ip
from tongxin.audit.models import AuditEvent


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
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        unit=unit,
        before=before,
        after=after,
        client_ip=client_ip.get(),
    )
