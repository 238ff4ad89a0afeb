"""The home page's card of the annual review: where last year's and this year's
reviews of the department stand (drafted, signed), one query."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import visible_units
from tongxin.reports.models import Review


def review_card(request) -> dict | None:
    top = visible_units(request.user).filter(parent=None).values_list("pk", flat=True)
    year = timezone.localdate().year
    reviews = (
        Review.objects.filter(unit__in=top, year__gte=year - 1)
        .select_related("published_version")
        .annotate(latest=Max("versions__number"))
        .order_by("year")
    )
    rows = []
    for review in reviews:
        if review.published_version_id:
            state = _("已签发（第%(number)s版）") % {"number": review.published_version.number}
        else:
            state = _("起草中（第%(number)s版）") % {"number": review.latest or 1}
        rows.append(
            {
                "key": f"review-{review.year}",
                "label": _("%(year)s年综述") % {"year": review.year},
                "value": state,
                "url": reverse("reports:review_detail", args=[review.pk]),
            }
        )
    card = {"title": _("年度综述"), "url": reverse("reports:review_list"), "rows": rows}
    if not rows:
        card["text"] = _("%(year)s年综述尚未开始。") % {"year": year - 1}
    return card
