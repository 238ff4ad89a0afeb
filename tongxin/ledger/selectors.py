"""Reads of the ledger for pages, the inbox and (later) indicators."""

from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import (
    Count,
    QuerySet,
    Subquery,
    Sum,
)

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.ledger import search
from tongxin.ledger.models import (
    Correction,
    CorrectionStatus,
    FormDraft,
    RecordStatus,
    WorkRecord,
)
from tongxin.lib.dbvalues import summed_decimal
from tongxin.lib.similarity import title_similarity

SORTS = {
    "date": ("date", "id"),
    "-date": ("-date", "-id"),
    "title": ("title", "id"),
    "unit": ("unit__path", "-date", "-id"),
    "status": ("status", "-date", "-id"),
    "updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "-date"


@dataclass
class RecordFilter:
    year: int | None = None
    unit_id: int | None = None
    include_subunits: bool = True
    area_id: int | None = None
    type_id: int | None = None
    status: str | None = None
    tag: str | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    ids: list[int] = field(default_factory=list)


def records_visible_to(user: User) -> QuerySet[WorkRecord]:
    return scope_queryset(user, WorkRecord.objects.all(), unit_field="unit")


def get_record_for_user(user: User, pk) -> WorkRecord:
    """The one permission-checked lookup every record view goes through."""
    queryset = WorkRecord.objects.select_related(
        "unit", "record_type", "area", "created_by", "updated_by", "approved_by"
    )
    return get_object_for_user(user, queryset, pk, unit_field="unit")


def filtered_records(user: User, flt: RecordFilter) -> QuerySet[WorkRecord]:
    qs = records_visible_to(user)
    if flt.year:
        qs = qs.filter(date__year=flt.year)
    if flt.unit_id:
        if flt.include_subunits:
            from tongxin.accounts.models import Unit

            # The subtree's ids in one small query: a list (not a join on the unit path)
            # lets the (unit, date) index serve the count, the totals and the page, and
            # for a unit without subunits the page comes in index order, with no sort.
            path = Unit.objects.filter(pk=flt.unit_id).values("path")[:1]
            subtree = Unit.objects.filter(path__startswith=Subquery(path))
            qs = qs.filter(unit_id__in=list(subtree.values_list("pk", flat=True)))
        else:
            qs = qs.filter(unit_id=flt.unit_id)
    if flt.area_id:
        qs = qs.filter(area_id=flt.area_id)
    if flt.type_id:
        qs = qs.filter(record_type_id=flt.type_id)
    # Withdrawn records are shown only when asked for by status.
    qs = qs.filter(status=flt.status) if flt.status else qs.exclude(status=RecordStatus.WITHDRAWN)
    if flt.tag:
        qs = qs.filter(tags__name=flt.tag)
    if flt.q.strip():
        qs = search.filter_records(qs, flt.q)
    return qs.order_by(*SORTS.get(flt.sort, SORTS[DEFAULT_SORT]))


def record_list_page(qs: QuerySet[WorkRecord]) -> QuerySet[WorkRecord]:
    return qs.select_related("unit", "record_type", "area")


# A search's hits are counted up to this many (20 pages); past it the list says "more
# than" and leaves the totals out. At 5 million records a common word (统战) matches 1.6
# million, and counting them all took seconds on PostgreSQL; counting to 10,000 still
# took 65 ms at 100,000 records (docs/benchmarks.md).
SEARCH_COUNT_LIMIT = 1_000


def measure_totals(qs: QuerySet[WorkRecord], *, bounded: bool = False) -> dict:
    """Totals of each measure over the filtered set (one query). `bounded`: over at
    most SEARCH_COUNT_LIMIT + 1 records; when there are more, `capped` is true, the
    count is the limit and the sums are None (a partial sum would mislead)."""
    if bounded:
        first = qs.order_by().values("count", "participants", "amount")
        sql, params = first[: SEARCH_COUNT_LIMIT + 1].query.get_compiler(qs.db).as_sql()
        with connections[qs.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*), SUM(s.count), SUM(s.participants), SUM(s.amount) FROM ({sql}) s",
                params,
            )
            row = cursor.fetchone()
        totals = {
            "records": row[0],
            "count": row[1],
            "participants": row[2],
            "amount": None if row[3] is None else summed_decimal(row[3]),
        }
        if totals["records"] > SEARCH_COUNT_LIMIT:
            return {
                "records": SEARCH_COUNT_LIMIT,
                "capped": True,
                "count": None,
                "participants": None,
                "amount": None,
            }
        return {**totals, "capped": False}
    # COUNT(*), not COUNT(id): the unit-and-date index covers the measures but not the
    # id, so only this lets PostgreSQL read the index alone (60,000 table pages read for
    # a county's year at 5 million records, 400 ms, otherwise).
    totals = qs.order_by().aggregate(
        records=Count("*"),
        count=Sum("count"),
        participants=Sum("participants"),
        amount=Sum("amount"),
    )
    return {**totals, "capped": False}


@dataclass
class Inbox:
    to_review: QuerySet
    returned: QuerySet
    drafts: QuerySet
    autosaved: QuerySet
    corrections: QuerySet
    overdue_cases: list = field(default_factory=list)
    missed_meetings: list = field(default_factory=list)

    @property
    def total(self) -> int:
        parts = (
            self.to_review,
            self.returned,
            self.drafts,
            self.autosaved,
            self.corrections,
            self.overdue_cases,
            self.missed_meetings,
        )
        return sum(len(x) for x in parts)


def inbox_for(user: User, *, limit: int = 50) -> Inbox:
    from tongxin.ledger.permissions import can_review

    base = records_visible_to(user).select_related("unit", "record_type")
    to_review = (
        base.filter(status=RecordStatus.SUBMITTED).order_by("submitted_at", "id")
        if can_review(user)
        else base.none()
    )
    returned = base.filter(status=RecordStatus.RETURNED, created_by=user).order_by("-updated_at")
    drafts = base.filter(status=RecordStatus.DRAFT, created_by=user).order_by("-updated_at")
    autosaved = FormDraft.objects.filter(user=user).select_related("record").order_by("-updated_at")
    corrections = (
        scope_queryset(
            user,
            Correction.objects.filter(status=CorrectionStatus.PENDING).select_related(
                "record", "record__unit", "requested_by"
            ),
            unit_field="record__unit",
        )
        if user.role == "editor"
        else Correction.objects.none()
    )
    from django.utils import timezone

    from tongxin.assessment.meetings import missed_for
    from tongxin.cases.selectors import overdue_cases_for

    return Inbox(
        overdue_cases=list(overdue_cases_for(user)[:limit]),
        missed_meetings=list(missed_for(user, timezone.localdate()))[:limit],
        corrections=corrections[:limit],
        to_review=to_review[:limit],
        returned=returned[:limit],
        drafts=drafts[:limit],
        autosaved=autosaved[:limit],
    )


# Each part of the 待办 count is counted up to this many: the navigation shows "99+"
# beyond 99. At 5 million records the editor's 260,000 drafts and 300,000 records to
# review took 90 ms to count on every page; a person acts on the first few anyway.
INBOX_COUNT_CAP = 100


def _inbox_count_sql(user: User) -> tuple[str, list, bool] | None:
    """SQL of one row: each part's count (up to INBOX_COUNT_CAP), then, when the last
    item is true, whether the user's unit is responsible for a recurring meeting."""
    from tongxin.assessment.meetings import meetings_for, responsible_for
    from tongxin.cases.selectors import overdue_cases_for
    from tongxin.ledger.permissions import can_review

    # Two counts rather than one with OR: each reads its own index (created_by, status
    # and status, date); the OR walked the whole table (seconds at 5M rows on
    # PostgreSQL). The two sets never overlap, their statuses differ.
    parts = [
        records_visible_to(user).filter(
            status__in=[RecordStatus.RETURNED, RecordStatus.DRAFT], created_by=user
        ),
        FormDraft.objects.filter(user=user),
        overdue_cases_for(user),
    ]
    if can_review(user):
        parts.append(records_visible_to(user).filter(status=RecordStatus.SUBMITTED))
    if user.role == "editor":
        parts.append(
            scope_queryset(
                user,
                Correction.objects.filter(status=CorrectionStatus.PENDING),
                unit_field="record__unit",
            )
        )
    # An empty part (a role without corrections, say) cannot compile.
    parts = [qs for qs in parts if not qs.query.is_empty()]
    columns, params, meetings_column = [], [], False
    for i, qs in enumerate(parts):
        sql, part_params = qs.order_by().values("pk")[:INBOX_COUNT_CAP].query.sql_with_params()
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) part{i})")
        params += part_params
    if user.unit_id:
        meetings = meetings_for(user).filter(responsible_for(user.unit.path))
        if not meetings.query.is_empty():
            sql, meeting_params = meetings.values("pk")[:1].query.sql_with_params()
            columns.append(f"EXISTS ({sql})")
            params += meeting_params
            meetings_column = True
    if not columns:
        return None
    # A SELECT without FROM: both PostgreSQL and SQLite take it.
    return f"SELECT {', '.join(columns)}", params, meetings_column


# Compiled count queries by (database, user, role, unit and its path, day): building the
# query through the ORM took 15 ms of every page view, running it 1 ms. What the SQL
# says depends on nothing else (the data is read when it runs).
_INBOX_SQL: dict[tuple, tuple[str, list, bool] | None] = {}
_INBOX_SQL_MAX = 4096


def inbox_count(user: User) -> int:
    """The number shown beside 待办 in the navigation: every item the inbox lists
    (`inbox_for`, before its limit per section), each section counted up to
    INBOX_COUNT_CAP. One query of counts; recurring meetings are worked out in Python
    (`missed_for`, two queries more), so only when that query finds the user's unit
    responsible for an active one."""
    from django.utils import timezone

    from tongxin.assessment.meetings import missed_for

    today = timezone.localdate()
    unit_path = user.unit.path if user.unit_id else None
    key = (connection.alias, user.pk, user.is_active, user.role, user.unit_id, unit_path, today)
    if key not in _INBOX_SQL:
        if len(_INBOX_SQL) >= _INBOX_SQL_MAX:
            _INBOX_SQL.clear()
        _INBOX_SQL[key] = _inbox_count_sql(user)
    compiled = _INBOX_SQL[key]
    if compiled is None:
        return 0
    sql, params, meetings_column = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    has_meetings = bool(row.pop()) if meetings_column else False
    total = sum(row)
    if has_meetings:
        total += len(missed_for(user, today))
    return total


def record_links(record: WorkRecord):
    outgoing = record.links_out.select_related("target", "target__unit")
    incoming = record.links_in.select_related("source", "source__unit")
    return outgoing, incoming


@dataclass
class Duplicates:
    visible: list  # similar records the user may open
    hidden_count: int  # similar records of units the user may not see


def possible_duplicates(
    user: User, *, record_type_id: int, date, title: str, exclude_pk=None
) -> Duplicates:
    """Same type and date, similar title: the department and a county often
    record the same event. Searched across all units; another unit's record is
    only counted, never shown, to a user who may not see it."""
    candidates = (
        WorkRecord.objects.filter(record_type_id=record_type_id, date=date)
        .exclude(status=RecordStatus.WITHDRAWN)
        .exclude(pk=exclude_pk)
        .select_related("unit")
        .order_by("id")[:200]
    )
    similar = [r for r in candidates if title_similarity(r.title, title) >= 0.5]
    visible_ids = set(
        records_visible_to(user).filter(pk__in=[r.pk for r in similar]).values_list("pk", flat=True)
    )
    visible = [r for r in similar if r.pk in visible_ids]
    return Duplicates(visible=visible, hidden_count=len(similar) - len(visible))


def filter_units(user: User):
    """The units offered in the list's unit filter."""
    from tongxin.accounts.access import visible_units

    return visible_units(user).select_related(None).only("id", "name", "path")


# A record still waiting on the person who made it: a handover moves these.
OPEN_STATUSES = (RecordStatus.DRAFT, RecordStatus.SUBMITTED, RecordStatus.RETURNED)


def records_open_for(user: User) -> QuerySet[WorkRecord]:
    """The records `user` made that are not settled: drafts, submitted, returned."""
    return WorkRecord.objects.filter(created_by=user, status__in=OPEN_STATUSES)
