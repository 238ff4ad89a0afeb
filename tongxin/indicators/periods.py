"""Reporting periods: a calendar year, a half, a quarter, or the year to a date."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_BOUNDS = {
    "Y": ((1, 1), (12, 31)),
    "H1": ((1, 1), (6, 30)),
    "H2": ((7, 1), (12, 31)),
    "Q1": ((1, 1), (3, 31)),
    "Q2": ((4, 1), (6, 30)),
    "Q3": ((7, 1), (9, 30)),
    "Q4": ((10, 1), (12, 31)),
}
LABELS = {
    "Y": _("全年"),
    "H1": _("上半年"),
    "H2": _("下半年"),
    "Q1": _("一季度"),
    "Q2": _("二季度"),
    "Q3": _("三季度"),
    "Q4": _("四季度"),
}


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # Y, H1, H2, Q1..Q4, or "to" for the year up to `end`
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "to":
            return gettext("{year}年1月1日至{month}月{day}日").format(
                year=self.year, month=self.end.month, day=self.end.day
            )
        return gettext("{year}年{period}").format(year=self.year, period=LABELS[self.kind])

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}" if self.kind != "to" else f"to-{self.end.isoformat()}"

    @property
    def target_kind(self) -> str:
        """The period whose targets and manual values apply (the year, for a to-date)."""
        return "Y" if self.kind == "to" else self.kind

    def elapsed_share(self, today: dt.date) -> float:
        """How much of the period has passed: 0.0 before it, 1.0 after it."""
        if today < self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return ((today - self.start).days + 1) / ((self.end - self.start).days + 1)

    def previous_years(self, n: int) -> list["Period"]:
        """The same period in the n years up to and including this one, oldest first."""
        return [period_for(self.year - i, self.target_kind) for i in range(n - 1, -1, -1)]


def period_for(year: int, kind: str = "Y") -> Period:
    if kind not in _BOUNDS:
        raise ValueError(f"unknown period {kind!r}")
    (m1, d1), (m2, d2) = _BOUNDS[kind]
    return Period(year, kind, dt.date(year, m1, d1), dt.date(year, m2, d2))


def period_to_date(day: dt.date) -> Period:
    return Period(day.year, "to", dt.date(day.year, 1, 1), day)


def parse_period(key: str, *, default_year: int) -> Period:
    """`2022-Y`, `2022-Q3`, `to-2022-09-30`; anything else is the default year."""
    try:
        if key.startswith("to-"):
            return period_to_date(dt.date.fromisoformat(key[3:]))
        year, kind = key.split("-", 1)
        return period_for(int(year), kind)
    except (ValueError, AttributeError):
        return period_for(default_year, "Y")
