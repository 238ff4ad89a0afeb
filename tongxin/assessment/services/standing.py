"""Writes to the department's provincial standing (tier and slogan of a year).
Atomic and audited; the department's editors only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.assessment.models import ProvincialStanding
from tongxin.assessment.selectors.standing import is_ranking, slogan_ranks, standing_year_target
from tongxin.assessment.services.schemes import _require_editor
from tongxin.audit.services import audit_log, snapshot
from tongxin.indicators.models import Indicator

FIELDS = ["indicator", "year", "tier", "target_tier", "slogan", "note"]
NOT_A_RANKING = _("排名指标须为“手工填报”且“越低越好”的指标。")
NOTHING_TO_SAVE = _("请至少填写所在方阵、目标方阵或目标表述中的一项。")
SLOGAN_DISAGREES = _(
    "“{slogan}”是保第{floor}名、争第{aim}名，与{year}年的目标值"
    "（目标第{target}名、底线第{target_floor}名）不一致：请改写目标表述，或先修改目标值。"
)


def _check_slogan(slogan: str, target) -> None:
    """A slogan that names ranks (保五奔三) must say what the year's target says, so
    the dashboard and the review never show two different aims."""
    ranks = slogan_ranks(slogan)
    if ranks is None or target is None:
        return
    floor, aim = ranks
    if aim != target.value or (target.floor is not None and floor != target.floor):
        raise ValidationError(
            {
                "slogan": SLOGAN_DISAGREES.format(
                    slogan=slogan,
                    floor=floor,
                    aim=aim,
                    year=target.year,
                    target=int(target.value),
                    target_floor=int(target.floor) if target.floor is not None else "—",
                )
            }
        )


@transaction.atomic
def provincial_standing_set(
    *,
    actor: User | None,
    indicator: Indicator,
    unit: Unit,
    year: int,
    tier: str = "",
    target_tier: str = "",
    slogan: str = "",
    note: str = "",
) -> ProvincialStanding:
    """The year's tier, tier aimed for and slogan for `unit` (the department) on the
    ranking `indicator`: created, or replaced when the year has one."""
    _require_editor(actor)
    if not is_ranking(indicator):
        raise ValidationError({"indicator": NOT_A_RANKING})
    tier, target_tier, slogan, note = (s.strip() for s in (tier, target_tier, slogan, note))
    if not (tier or target_tier or slogan):
        raise ValidationError(NOTHING_TO_SAVE)
    _check_slogan(slogan, standing_year_target(indicator, unit, year))
    standing = (
        ProvincialStanding.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, year=year)
        .first()
    )
    before = snapshot(standing, FIELDS) if standing else None
    if standing is None:
        standing = ProvincialStanding(indicator=indicator, unit=unit, year=year)
    standing.tier, standing.target_tier, standing.slogan, standing.note = (
        tier,
        target_tier,
        slogan,
        note,
    )
    standing.updated_by = actor
    standing.full_clean(exclude=["updated_by"])  # None: the system (the demo)
    standing.save()
    audit_log(
        actor=actor,
        action="assessment.standing_set",
        obj=standing,
        unit=unit,
        before=before,
        after=snapshot(standing, FIELDS),
    )
    return standing
