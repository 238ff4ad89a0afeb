"""The department's standing in the provincial assessment: its rank each year (a
manual, lower-is-better indicator, with the rank's target and floor, kept by the
indicators app) beside the tier it was placed in and aimed for, and the year's aim
in words (保五奔三), kept here. Reads for the standing page and the dashboard."""

import re
from dataclasses import dataclass
from decimal import Decimal

from tongxin.accounts.access import scope_queryset
from tongxin.accounts.models import Unit, User
from tongxin.assessment.models import ProvincialStanding
from tongxin.indicators.models import Indicator, IndicatorKind, ManualValue, PeriodKind, Target
from tongxin.indicators.progress import Progress, progress

# Offered as suggestions only: provinces name their tiers their own way.
# i18n: data (tier names are the provinces' own words)
TIER_SUGGESTIONS = ["第一方阵", "第二方阵", "第三方阵"]
# i18n: data (what the slogan parser reads)
DIGITS = "一二三四五六七八九"
# 保五奔三, 保三争一, 保5冲3: hold the first number, reach for the second.
# i18n: data
RANK = "[0-9一二两三四五六七八九十]+"
# i18n: data
SLOGAN = re.compile(rf"^保第?(?P<floor>{RANK})名?[奔争冲进]第?(?P<aim>{RANK})名?$")


def is_ranking(indicator: Indicator) -> bool:
    """A rank entered by hand, where lower is better: the provincial ranking."""
    return indicator.kind == IndicatorKind.MANUAL and not indicator.higher_is_better


def standing_indicators():
    return Indicator.objects.filter(
        kind=IndicatorKind.MANUAL, higher_is_better=False, is_active=True
    ).order_by("sort_order", "code")


def numeral(n: int) -> str:
    """1–99 in Chinese numerals, as a slogan writes a rank: 五, 十, 十二, 二十一."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + (DIGITS[ones - 1] if ones else "")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二")
    if "十" not in text:
        return DIGITS.index(text) + 1 if len(text) == 1 and text in DIGITS else None
    tens, _, ones = text.partition("十")
    if (tens and tens not in DIGITS) or (ones and ones not in DIGITS) or len(tens + ones) > 2:
        return None
    return (DIGITS.index(tens) + 1 if tens else 1) * 10 + (DIGITS.index(ones) + 1 if ones else 0)


def slogan_ranks(slogan: str) -> tuple[int, int] | None:
    """(floor, aim) of a slogan such as 保五奔三 → (5, 3); None for any other wording."""
    match = SLOGAN.match(slogan.strip())
    if not match:
        return None
    floor, aim = _number(match["floor"]), _number(match["aim"])
    return (floor, aim) if floor and aim else None


def standing_slogan(target: Target | None) -> str:
    """The slogan a target says: aim 3, floor 5 → 保五奔三."""
    if target is None or target.floor is None:
        return ""
    return f"保{numeral(int(target.floor))}奔{numeral(int(target.value))}"


def standing_year_target(indicator: Indicator, unit: Unit, year: int) -> Target | None:
    return Target.objects.filter(
        indicator=indicator, unit=unit, year=year, period=PeriodKind.YEAR
    ).first()


@dataclass
class StandingYear:
    year: int
    rank: Decimal | None
    target: Target | None
    standing: ProvincialStanding | None
    indicator: Indicator

    @property
    def progress(self) -> Progress:
        return progress(
            self.rank,
            self.target.value if self.target else None,
            higher_is_better=False,
            floor=self.target.floor if self.target else None,
        )


def standing_history(user: User, indicator: Indicator, unit: Unit) -> list[StandingYear]:
    """Every year with a rank, a target or a standing, newest first (three queries)."""
    ranks = dict(
        ManualValue.objects.filter(
            indicator=indicator, unit=unit, period=PeriodKind.YEAR
        ).values_list("year", "value")
    )
    targets = {
        t.year: t
        for t in Target.objects.filter(indicator=indicator, unit=unit, period=PeriodKind.YEAR)
    }
    standings = {
        s.year: s
        for s in scope_queryset(
            user, ProvincialStanding.objects.filter(indicator=indicator, unit=unit)
        )
    }
    years = sorted({*ranks, *targets, *standings}, reverse=True)
    return [
        StandingYear(y, ranks.get(y), targets.get(y), standings.get(y), indicator) for y in years
    ]


def dashboard_parts(cards: list, *, unit: Unit, year: int, years: int = 5) -> dict:
    """The dashboard's part beside each ranking card (indicators/cards.py; `cards`
    as `build_dashboard` makes them), by indicator: `standing`, the year's tiers and
    slogan, and `history`, the tiers of the trend's years, oldest first; only for
    cards with either. One query, none when no card is a ranking. `unit` is the
    dashboard's, already fetched through the permission layer."""
    cards = [card for card in cards if is_ranking(card["indicator"])]
    if not cards:
        return {}
    found: dict[int, dict[int, ProvincialStanding]] = {}
    for standing in ProvincialStanding.objects.filter(
        unit=unit,
        indicator__in=[card["indicator"].pk for card in cards],
        year__gt=year - years,
        year__lte=year,
    ):
        found.setdefault(standing.indicator_id, {})[standing.year] = standing
    parts = {}
    for card in cards:
        mine = found.get(card["indicator"].pk, {})
        standing = mine.get(year)
        history = [mine[y] for y in sorted(mine) if mine[y].tier]
        if standing or history:
            parts[card["indicator"].pk] = {"standing": standing, "history": history}
    return parts
