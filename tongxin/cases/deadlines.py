"""Working-day arithmetic for case deadlines (framework-free).

Weekends are not working days; public holidays are not modelled (a deadline may
fall on one, erring on the side of the enterprise)."""

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (`start` itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


# name, days to accept or refuse (受理), days to reply with a solution (办结).
# i18n: data (seed vocabulary stored in the database)
DEFAULT_CATEGORIES = [
    ("融资信贷", 1, 7),
    ("用工人才", 1, 7),
    ("政策咨询", 1, 5),
    ("审批服务", 1, 10),
    ("要素保障", 1, 10),
    ("其他", 1, 7),
]
