"""The auditor's home card: the events of the last day and the latest few."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.labels import action_label
from tongxin.audit.models import AuditEvent

LATEST = 5


def recent_events_card(request) -> dict:
    url = reverse("audit:event_list")
    since = timezone.now() - dt.timedelta(days=1)
    latest = list(AuditEvent.objects.order_by("-at").values("at", "actor_name", "action")[:LATEST])
    rows = [
        {
            "key": "audit-day",
            "label": _("近24小时的事件"),
            "count": AuditEvent.objects.filter(at__gte=since).count(),
            "url": url,
        }
    ]
    for i, event in enumerate(latest):
        rows.append(
            {
                "key": f"audit-latest-{i}",
                "label": f"{event['actor_name'] or _('系统')} · {action_label(event['action'])}",
                "value": timezone.localtime(event["at"]).strftime("%m-%d %H:%M"),
                "url": url,
            }
        )
    return {"title": _("最近的审计事件"), "url": url, "rows": rows}
