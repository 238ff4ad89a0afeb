"""Reads of the ledger for pages, the inbox's sections and indicators."""

from dataclasses import dataclass, field

from django.db import connections
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
