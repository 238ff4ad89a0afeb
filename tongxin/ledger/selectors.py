"""Reads of the ledger for pages, the inbox's sections and indicators."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import (
    Count,
    QuerySet,
    Subquery,
    Sum,
)

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.accounts.selectors import subtree_unit_ids
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
    return _searched(_filtered_but_not_searched(user, flt), flt)


def _searched(
    qs: QuerySet[WorkRecord], flt: RecordFilter, sample: search.HitSample | None = None
) -> QuerySet[WorkRecord]:
    if flt.q.strip():
        qs = search.filter_records(qs, flt.q, sample=sample)
    return qs.order_by(*SORTS.get(flt.sort, SORTS[DEFAULT_SORT]))


def _filtered_but_not_searched(user: User, flt: RecordFilter) -> QuerySet[WorkRecord]:
    qs = records_visible_to(user)
    if flt.year:
        qs = qs.filter(date__year=flt.year)
    if flt.unit_id:
        if flt.include_subunits:
            from tongxin.accounts.models import Unit

            # The subtree's ids as a list lets the (unit, date) index serve the count, the
            # totals and the page; for a unit without subunits the page comes in index
            # order, with no sort.
            path = Unit.objects.filter(pk=flt.unit_id).values("path")[:1]
            qs = qs.filter(unit_id__in=subtree_unit_ids(Subquery(path)))
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
    return qs


def record_list_page(qs: QuerySet[WorkRecord]) -> QuerySet[WorkRecord]:
    return qs.select_related("unit", "record_type", "area")


# A search's hits are counted up to this many (20 pages); past it the list says "more
# than" and leaves the totals out. At 5 million records a common word (统战) matches 1.6
# million, and counting them all took seconds on PostgreSQL; counting to 10,000 still
# took 65 ms at 100,000 records (docs/benchmarks.md). The exact count and totals are
# there on request (the list's totals=all).
SEARCH_COUNT_LIMIT = 1_000
# SQLite reads a search's first pages and its bounded count from this many times as
# many of the first hits in date order as it needs, when they suffice (search.HitSample):
# enough for the other filters of a county's reporter (a seventh of the records).
SEARCH_SAMPLE_FACTOR = 8


def _bounded_totals(qs: QuerySet[WorkRecord], also: tuple[str, list] | None = None):
    """(totals over at most SEARCH_COUNT_LIMIT + 1 records, the value of the scalar
    query `also` run in the same statement)."""
    first = qs.order_by().values("count", "participants", "amount")
    sql, params = first[: SEARCH_COUNT_LIMIT + 1].query.get_compiler(qs.db).as_sql()
    also_sql, also_params = also or ("NULL", [])
    with connections[qs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(s.count), SUM(s.participants), SUM(s.amount), ({also_sql}) "
            f"FROM ({sql}) s",
            [*also_params, *params],
        )
        row = cursor.fetchone()
    if row[0] > SEARCH_COUNT_LIMIT:
        totals = {"records": SEARCH_COUNT_LIMIT, "capped": True}
        return {**totals, "count": None, "participants": None, "amount": None}, row[4]
    totals = {
        "records": row[0],
        "count": row[1],
        "participants": row[2],
        "amount": None if row[3] is None else summed_decimal(row[3]),
        "capped": False,
    }
    return totals, row[4]


def measure_totals(qs: QuerySet[WorkRecord], *, bounded: bool = False) -> dict:
    """Totals of each measure over the filtered set (one query). `bounded`: over at
    most SEARCH_COUNT_LIMIT + 1 records; when there are more, `capped` is true, the
    count is the limit and the sums are None (a partial sum would mislead)."""
    if bounded:
        return _bounded_totals(qs)[0]
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


def search_totals(user: User, flt: RecordFilter, *, exact: bool = False) -> dict:
    """A search's totals counted to SEARCH_COUNT_LIMIT, as measure_totals(bounded=True),
    or, `exact`, all of them. On SQLite the bounded count reads the first hits in date
    order when they settle it: when they are all the hits there are, or when more than
    the limit of them pass the other filters; otherwise (as elsewhere) every hit."""
    base = _filtered_but_not_searched(user, flt)
    full = _searched(base, flt)
    if exact:
        return _exact_totals(full)
    if not search.can_sample(connections[full.db], flt.q):
        return measure_totals(full, bounded=True)
    size = SEARCH_SAMPLE_FACTOR * (SEARCH_COUNT_LIMIT + 1)
    sample = _searched(base, flt, search.HitSample(size))
    totals, hit_count = _bounded_totals(sample, also=search.hit_count_sql(flt.q, size))
    if totals["capped"] or hit_count < size:
        return totals
    # The other filters keep too few of the sample's hits to tell.
    return measure_totals(full, bounded=True)


# PostgreSQL's bitmap of a common term's hits outgrows the default 4 MB and turns lossy:
# every row of a lossy page is read and checked again (民营企业 at 5 million records:
# 575,229 hits in 424,508 pages, 21.4 s lossy, 12.4 s exact). 64 MB keeps it exact.
SEARCH_EXACT_WORK_MEM = "64MB"


def _exact_totals(qs: QuerySet[WorkRecord]) -> dict:
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return measure_totals(qs)
    with transaction.atomic(using=qs.db), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [SEARCH_EXACT_WORK_MEM])
        return measure_totals(qs)


@dataclass
class SearchPage:
    """A page of a search's records, read without counting the hits (the page's totals
    come apart: search_totals). `totals` only when this first page holds every hit."""

    object_list: list[WorkRecord]
    number: int
    has_next: bool
    totals: dict | None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def search_page(user: User, flt: RecordFilter, *, number: int, size: int) -> SearchPage:
    """Page `number` of a search, one more record read to know whether another page
    follows. On SQLite, in date order, from a sample of the first hits in that order
    when it holds the page (a page of 统战 then reads a few hundred hits of 331,062);
    otherwise from every hit."""
    base = _filtered_but_not_searched(user, flt)
    start = (number - 1) * size
    wanted = start + size + 1
    rows = None
    in_date_order = flt.sort in ("date", "-date")
    sampled = in_date_order and wanted <= SEARCH_COUNT_LIMIT + 1
    if sampled and search.can_sample(connections[base.db], flt.q):
        sample = search.HitSample(SEARCH_SAMPLE_FACTOR * wanted, ascending=flt.sort == "date")
        rows = list(record_list_page(_searched(base, flt, sample))[start:wanted])
        if len(rows) < wanted - start and not _fewer_hits_than(base.db, flt.q, sample.size):
            rows = None  # the sample was too small to hold the page
    if rows is None:
        rows = list(record_list_page(_searched(base, flt))[start:wanted])
    records = rows[:size]
    totals = None
    if number == 1 and len(rows) <= size:
        totals = _totals_of(records)
    return SearchPage(records, number, has_next=len(rows) > size, totals=totals)


def search_results(
    user: User, flt: RecordFilter, *, page, size: int, exact: bool
) -> tuple[SearchPage | Page, dict | None]:
    """The list's page of a search (`page` as the query string has it) and its totals:
    uncounted (the totals only when the first page holds every hit), or counted
    `exact`ly and paged as any list, its page still read as search_page reads it."""
    number = int(page) if page and page.isdigit() and 0 < int(page) < 100_000 else 1
    if not exact:
        found = search_page(user, flt, number=number, size=size)
        return found, found.totals
    totals = search_totals(user, flt, exact=True)
    paginator = Paginator(range(totals["records"]), size)
    number = paginator.get_page(number).number
    rows = search_page(user, flt, number=number, size=size).object_list
    return Page(rows, number, paginator), totals


def _fewer_hits_than(db: str, query: str, size: int) -> bool:
    with connections[db].cursor() as cursor:
        cursor.execute(*search.hit_count_sql(query, size))
        return cursor.fetchone()[0] < size


def _totals_of(records: list[WorkRecord]) -> dict:
    """measure_totals of records already read (SQL's SUM: None when every value is)."""

    def total(values):
        present = [v for v in values if v is not None]
        return sum(present) if present else None

    return {
        "records": len(records),
        "count": total(r.count for r in records),
        "participants": total(r.participants for r in records),
        "amount": total(r.amount for r in records),
        "capped": False,
    }


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
