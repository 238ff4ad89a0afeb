"""The home page's 待办 card: each inbox section's count (one query), linking to the
inbox where the items are listed, what needs the user's action first."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core.inbox import inbox_sections
from tongxin.inbox.selectors import inbox_section_counts


def tasks_card(request) -> dict:
    counts = inbox_section_counts(request.user)
    # The navigation's badge, drawn later in this request, takes these (one query less).
    request.user._inbox_counts_for_badge = counts
    url = reverse("inbox:inbox")
    rows = [
        {"key": s.key, "label": str(s.title), "count": counts[s.key], "url": f"{url}#{s.key}"}
        for s in inbox_sections()
        if s.key in counts
    ]
    total = sum(counts.values())
    return {
        "title": _("待办"),
        "url": url,
        "rows": rows,
        "text": "" if total else _("暂无待办事项。"),
    }
