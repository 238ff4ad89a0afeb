"""The home page's card of the ledger: the year's records of the user's unit by state,
each count linking to the list behind it, and 新建记录 (large on the phone)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.roles import Role
from tongxin.ledger.models import RecordStatus
from tongxin.ledger.selectors import records_visible_to

STATES = [
    (RecordStatus.DRAFT, gettext_lazy("草稿")),
    (RecordStatus.RETURNED, gettext_lazy("被退回")),
    (RecordStatus.SUBMITTED, gettext_lazy("已提交待审核")),
    (RecordStatus.APPROVED, gettext_lazy("已审核")),
]


def records_card(request) -> dict:
    user = request.user
    year = timezone.localdate().year
    records = records_visible_to(user).filter(date__year=year)
    if user.role != Role.REPORTER:
        records = records.filter(unit=user.unit)  # the department's own work
    counts = records.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status, _label in STATES}
    )
    base = reverse("ledger:record_list")
    rows = [
        {
            "key": f"records-{status.value}",
            "label": str(label),
            "count": counts[status.value],
            "url": f"{base}?year={year}&status={status.value}",
        }
        for status, label in STATES
    ]
    card = {
        "title": _("%(year)s年%(unit)s的记录") % {"year": year, "unit": user.unit.name},
        "url": f"{base}?year={year}",
        "rows": rows,
    }
    if user.role in (Role.REPORTER, Role.EDITOR):
        card["action"] = {"label": _("新建记录"), "url": reverse("ledger:record_create")}
    return card
