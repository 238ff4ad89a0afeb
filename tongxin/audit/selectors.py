import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from tongxin.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor", "unit").filter(
        object_type=object_type, object_id=object_id
    )


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor asks for; every field empty means every event."""

    actor: str = ""  # a login name, or part of one
    unit_id: int | None = None  # the unit and the units below it
    action: str = ""  # one action, or a family ending in "." ("auth.")
    object_type: str = ""  # a model label, "ledger.workrecord"
    object_id: str = ""
    since: dt.date | None = None  # local dates, both ends included
    until: dt.date | None = None
    params: dict = field(default_factory=dict, compare=False)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(flt: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit trail narrowed by `flt`, newest first."""
    qs = AuditEvent.objects.select_related("actor", "unit")
    if flt.actor:
        qs = qs.filter(actor_name__icontains=flt.actor)
    if flt.unit_id is not None:
        from tongxin.accounts.models import Unit

        unit = Unit.objects.filter(pk=flt.unit_id).only("path").first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if flt.action:
        qs = (
            qs.filter(action__startswith=flt.action)
            if flt.action.endswith(".")
            else qs.filter(action=flt.action)
        )
    if flt.object_type:
        qs = qs.filter(object_type=flt.object_type)
    if flt.object_id:
        qs = qs.filter(object_id=flt.object_id)
    if flt.since:
        qs = qs.filter(at__gte=_day_start(flt.since))
    if flt.until:
        qs = qs.filter(at__lt=_day_start(flt.until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-id")


def object_type_choices() -> list[tuple[str, str]]:
    """The project's models, by label and Chinese name (no query)."""
    choices = []
    for model in apps.get_models():
        if model._meta.app_label in {"accounts", "ledger", "indicators", "reports", "audit"}:
            choices.append((model._meta.label_lower, str(model._meta.verbose_name)))
    return sorted(choices)
