"""Recurring meetings: which occurrences of an expectation are held (an approved
ledger record in the period), due, missed or still to come. One query of records
serves any number of expectations."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet, Value
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.assessment.models import MeetingScope, RecurringMeeting
from tongxin.ledger.models import RecordStatus, WorkRecord

HELD, DUE, MISSED, UPCOMING = "held", "due", "missed", "upcoming"
STATUS_LABELS = {
    HELD: _("已召开"),
    DUE: _("待召开"),
    MISSED: _("未按期召开"),
    UPCOMING: _("未到期"),
}
QUARTERS = [_("一季度"), _("二季度"), _("三季度"), _("四季度")]


@dataclass
class Occurrence:
    meeting: RecurringMeeting
    year: int
    label: str
    start: dt.date
    end: dt.date
    status: str = UPCOMING
    records: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def meeting_periods(per_year: int, year: int) -> list[tuple[str, dt.date, dt.date]]:
    months = 12 // per_year
    out = []
    for i in range(per_year):
        first, last = i * months + 1, (i + 1) * months
        start = dt.date(year, first, 1)
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        out.append((_label(per_year, i, first), start, end))
    return out


def _label(per_year: int, i: int, month: int) -> str:
    if per_year == 1:
        return gettext("全年")
    if per_year == 2:
        return (gettext("上半年"), gettext("下半年"))[i]
    if per_year == 4:
        return QUARTERS[i]
    return gettext("{month}月").format(month=month)


def _matches(meeting: RecurringMeeting, record: WorkRecord) -> bool:
    if record.record_type_id != meeting.record_type_id:
        return False
    if meeting.title_contains and meeting.title_contains not in record.title:
        return False
    if meeting.scope == MeetingScope.OWN:
        return record.unit_id == meeting.unit_id
    return record.unit.path.startswith(meeting.unit.path)


def meeting_occurrences(
    meetings: list[RecurringMeeting], years: list[int], today: dt.date
) -> dict[int, list[Occurrence]]:
    """Every occurrence of each meeting in `years`, by meeting id, oldest first."""
    meetings = list(meetings)
    if not meetings or not years:
        return {}
    where = Q()
    for m in meetings:
        where |= Q(record_type_id=m.record_type_id, unit__path__startswith=m.unit.path)
    records = list(
        WorkRecord.objects.filter(
            where,
            status=RecordStatus.APPROVED,
            date__gte=dt.date(min(years), 1, 1),
            date__lte=dt.date(max(years), 12, 31),
        )
        .select_related("unit")
        .only("id", "title", "date", "record_type_id", "unit__path", "unit__name")
        .order_by("date", "id")
    )
    out = {}
    for m in meetings:
        mine = [r for r in records if _matches(m, r)]
        found = []
        for year in sorted(years):
            if year < m.start_year:
                continue
            for label, start, end in meeting_periods(m.per_year, year):
                name = gettext("{year}年{period}").format(year=year, period=label)
                occ = Occurrence(m, year, name, start, end)
                occ.records = [r for r in mine if start <= r.date <= end]
                if occ.records:
                    occ.status = HELD
                elif today > end:
                    occ.status = MISSED
                elif today >= start:
                    occ.status = DUE
                found.append(occ)
        out[m.pk] = found
    return out


def meeting_queryset(user: User) -> QuerySet[RecurringMeeting]:
    return scope_queryset(
        user, RecurringMeeting.objects.select_related("unit", "record_type")
    ).filter(is_active=True)


def meeting_get(user: User, pk) -> RecurringMeeting:
    return get_object_for_user(
        user, RecurringMeeting.objects.select_related("unit", "record_type"), pk
    )


def meeting_responsible_condition(user_unit_path) -> StartsWith:
    """Meetings whose unit is `user_unit_path`'s unit or above it: the users
    responsible for them. `user_unit_path` may be an expression (an `OuterRef`),
    so the navigation's count can ask this inside its one query."""
    if isinstance(user_unit_path, str):
        user_unit_path = Value(user_unit_path)
    return StartsWith(user_unit_path, F("unit__path"))


def meeting_responsible_list(user: User) -> QuerySet[RecurringMeeting]:
    """The active meetings whose inbox is `user`'s: users whose unit is the
    meeting's unit or inside it (the department's staff for the department's
    meetings, a county's reporters for the county's)."""
    if user.unit_id is None:
        return RecurringMeeting.objects.none()
    return meeting_queryset(user).filter(meeting_responsible_condition(user.unit.path))


def meeting_missed_list_for(user: User, today: dt.date) -> list[Occurrence]:
    """Missed and due occurrences of this year and last, for the inbox of the
    responsible unit. One query for the meetings, one for the records."""
    meetings = list(meeting_responsible_list(user))
    found = meeting_occurrences(meetings, [today.year - 1, today.year], today)
    return [occ for m in meetings for occ in found.get(m.pk, []) if occ.status in (MISSED, DUE)]
