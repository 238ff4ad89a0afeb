from django.db.models import QuerySet

from tongxin.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor", "unit").filter(
        object_type=object_type, object_id=object_id
    )
