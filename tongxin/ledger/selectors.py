"""Reads of the ledger for pages, the inbox and (later) indicators."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
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


def _decimal(value) -> Decimal:
    # SQLite sums a decimal column as an int or a float; PostgreSQL gives a Decimal.
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    return Decimal(value)


# A search's hits are counted up to this many; past it the list says "more than" and
# leaves the totals out. At 5 million records a common word (统战) matches 1.6 million,
# and counting them all took seconds on PostgreSQL (docs/benchmarks.md).
SEARCH_COUNT_LIMIT = 10_000


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
            "amount": None if row[3] is None else _decimal(row[3]),
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
    totals = qs.order_by().aggregate(
        records=Count("id"),
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


def _count(queryset: QuerySet) -> Subquery:
    """`queryset`'s number of rows as a scalar subquery: COUNT as a plain function,
    so no GROUP BY and always one row."""
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the index alone.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(n=count).values("n"))


def _inbox_count_query(user: User):
    """The count query of `inbox_count` as a queryset of one row."""
    from tongxin.assessment.meetings import meetings_for, responsible_for
    from tongxin.cases.selectors import overdue_cases_for
    from tongxin.ledger.permissions import can_review

    # Two counts rather than one with OR: each reads its own index (created_by, status
    # and status, date); the OR walked the whole table (seconds at 5M rows on
    # PostgreSQL). The two sets never overlap, their statuses differ.
    parts = {
        "records": records_visible_to(user).filter(
            status__in=[RecordStatus.RETURNED, RecordStatus.DRAFT], created_by=user
        ),
        "autosaved": FormDraft.objects.filter(user=user),
        "overdue_cases": overdue_cases_for(user),
    }
    if can_review(user):
        parts["to_review"] = records_visible_to(user).filter(status=RecordStatus.SUBMITTED)
    if user.role == "editor":
        parts["corrections"] = scope_queryset(
            user,
            Correction.objects.filter(status=CorrectionStatus.PENDING),
            unit_field="record__unit",
        )
    meetings = meetings_for(user).filter(responsible_for(OuterRef("unit__path")))
    parts["meetings"] = meetings
    # An empty part (a role without corrections, say) cannot compile as a subquery.
    parts = {name: qs for name, qs in parts.items() if not qs.query.is_empty()}
    if not parts:
        return None
    columns = {name: _count(qs) for name, qs in parts.items() if name != "meetings"}
    if "meetings" in parts:
        columns["has_meetings"] = Exists(meetings)
    return User.objects.filter(pk=user.pk).values(**columns)


# Compiled count queries by (database, user, role, unit and its path, day): building the
# query through the ORM took 15 ms of every page view, running it 1 ms. What the SQL
# says depends on nothing else (the data is read when it runs).
_INBOX_SQL: dict[tuple, tuple[str, tuple] | None] = {}
_INBOX_SQL_MAX = 4096


def inbox_count(user: User) -> int:
    """The number shown beside 待办 in the navigation: every item the inbox lists
    (`inbox_for`, before its limit per section). One query of counts; recurring
    meetings are worked out in Python (`missed_for`, two queries more), so only when
    that query finds the user's unit responsible for an active one."""
    from django.db import connection
    from django.utils import timezone

    from tongxin.assessment.meetings import missed_for

    today = timezone.localdate()
    unit_path = user.unit.path if user.unit_id else None
    key = (connection.alias, user.pk, user.is_active, user.role, user.unit_id, unit_path, today)
    if key not in _INBOX_SQL:
        query = _inbox_count_query(user)
        compiled = None if query is None else query.query.sql_with_params()
        if len(_INBOX_SQL) >= _INBOX_SQL_MAX:
            _INBOX_SQL.clear()
        _INBOX_SQL[key] = compiled
    compiled = _INBOX_SQL[key]
    if compiled is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    total = sum(row[name] or 0 for name in names if name != "has_meetings")
    if row.get("has_meetings"):
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
