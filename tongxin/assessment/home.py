"""The home page's card of the provincial standing: the latest tier and what this
year aims for, one query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.accounts.access import visible_units
from tongxin.assessment.models import ProvincialStanding


def standing_card(request) -> dict | None:
    top = visible_units(request.user).filter(parent=None).values_list("pk", flat=True)
    standings = list(ProvincialStanding.objects.filter(unit__in=top).order_by("-year")[:3])
    if not standings:
        return None
    rows = []
    placed = next((s for s in standings if s.tier), None)
    if placed:
        rows.append(
            {
                "key": "standing-tier",
                "label": _("%(year)s年全省考核") % {"year": placed.year},
                "value": placed.tier,
            }
        )
    aim = standings[0]
    if aim.slogan or aim.target_tier:
        rows.append(
            {
                "key": "standing-aim",
                "label": _("%(year)s年目标") % {"year": aim.year},
                "value": aim.slogan or aim.target_tier,
            }
        )
    return {"title": _("全省考核位次"), "url": reverse("assessment:standing"), "rows": rows}
