"""Rollups: approved records' number and sums per month, unit, record type and area,
kept in the writing transaction by database triggers.

An indicator table is grouped passes over a period's approved records. Read from the
records, a year costs a pass over its hundreds of thousands of rows after every change;
read from `ledger_rollup`, it costs a few thousand rows whatever the ledger's size.
Each row is one (month, unit, type, area) and one facet: every approved record (tag 0,
no link kind), the records carrying one tag, or the records some link of one kind
points at (counted once however many links). Month grain serves the year, the halves,
the quarters and, with the days of a partial month read from the records, the year to
a date (`month_span`).

Triggers, not services, keep them, so no write path can forget one (services, imports,
COPY, corrections, owners' changes, 补录, the admin shell): any insert, update or
delete of a record that is or was approved, of a tag on one, or of a link to one adds
its signed delta with an upsert. On PostgreSQL `INSERT … ON CONFLICT DO UPDATE` takes
the row's lock, so two transactions approving records of the same unit and type queue
on that row and neither increment is lost. Sums are integers (amounts in fen), so a
row stays exact through any number of changes.

SQLite: row triggers (a table remake drops them; `ensure_triggers` runs after every
migrate and rebuilds the rows when it had to re-create them). PostgreSQL: statement
triggers over transition tables, so a COPY of 50,000 records is one grouped upsert.
Migration 0011 holds its own copy of this SQL. A bulk load that switches triggers off
(the benchmark's) calls `rebuild` afterwards. `differences` recounts from the records
for `tongxin indicators YEAR --verify`.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection as default_connection

from tongxin.ledger.models import RecordStatus
from tongxin.lib.dbvalues import execute_all, sqlite_triggers_present

ROLLUP = "ledger_rollup"
RECORDS = "ledger_workrecord"
TAGS = "ledger_workrecord_tags"
LINKS = "ledger_recordlink"
APPROVED = RecordStatus.APPROVED.value
KEY = "tag_id, link_kind, month, unit_id, record_type_id, area_id"
SUMS = ("records", "count_sum", "participants_sum", "amount_cents")
COLUMNS = f"{KEY}, {', '.join(SUMS)}"
UPSERT = f" ON CONFLICT ({KEY}) DO UPDATE SET " + ", ".join(
    f"{c} = {ROLLUP}.{c} + excluded.{c}" for c in SUMS
)


def _month(vendor: str, alias: str) -> str:
    if vendor == "sqlite":
        return f"CAST(substr({alias}.date, 1, 4) || substr({alias}.date, 6, 2) AS INTEGER)"
    return f"(extract(year FROM {alias}.date) * 100 + extract(month FROM {alias}.date))::int"


def _cents(vendor: str, alias: str) -> str:
    if vendor == "sqlite":
        return f"CAST(round(coalesce({alias}.amount, 0) * 100) AS INTEGER)"
    return f"round(coalesce({alias}.amount, 0) * 100)::bigint"


def _values(vendor: str, alias: str, sign: str, tag: str = "0", kind: str = "''") -> str:
    """The select list of one facet row of record `alias`, times `sign`."""
    return (
        f"{tag}, {kind}, {_month(vendor, alias)}, {alias}.unit_id, {alias}.record_type_id, "
        f'{alias}.area_id, {sign}, {sign} * coalesce({alias}."count", 0), '
        f"{sign} * coalesce({alias}.participants, 0), {sign} * {_cents(vendor, alias)}"
    )


# ---- SQLite: row triggers ----

SQLITE_TRIGGER_NAMES = (
    "ledger_rollup_record_ai",
    "ledger_rollup_record_au",
    "ledger_rollup_record_ad",
    "ledger_rollup_tag_ai",
    "ledger_rollup_tag_ad",
    "ledger_rollup_link_ai",
    "ledger_rollup_link_au",
    "ledger_rollup_link_ad",
)
_MOVED = ("status", "date", "unit_id", "record_type_id", "area_id", '"count"', "participants")


def _sqlite_record(alias: str, sign: str, when: str) -> str:
    """Every facet of record `alias` (its own row, its tags, the kinds of links to it)."""
    v = "sqlite"
    # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT (else it reads a join).
    return (
        f"INSERT INTO {ROLLUP} ({COLUMNS}) SELECT {_values(v, alias, sign)} WHERE {when}"
        f"{UPSERT}; "
        f"INSERT INTO {ROLLUP} ({COLUMNS}) SELECT {_values(v, alias, sign, tag='t.tag_id')} "
        f"FROM {TAGS} t WHERE t.workrecord_id = {alias}.id AND {when}{UPSERT}; "
        f"INSERT INTO {ROLLUP} ({COLUMNS}) SELECT {_values(v, alias, sign, kind='k.kind')} "
        f"FROM (SELECT DISTINCT kind FROM {LINKS} WHERE target_id = {alias}.id) k "
        f"WHERE {when}{UPSERT};"
    )


def _sqlite_tag(alias: str, sign: str) -> str:
    return (
        f"INSERT INTO {ROLLUP} ({COLUMNS}) "
        f"SELECT {_values('sqlite', 'r', sign, tag=f'{alias}.tag_id')} "
        f"FROM {RECORDS} r WHERE r.id = {alias}.workrecord_id AND r.status = '{APPROVED}'"
        f"{UPSERT};"
    )


def _sqlite_link(alias: str, sign: str, others: str) -> str:
    """A record counts under a link kind while at least one such link points at it:
    the first link in and the last link out move the rollup, no other."""
    return (
        f"INSERT INTO {ROLLUP} ({COLUMNS}) "
        f"SELECT {_values('sqlite', 'r', sign, kind=f'{alias}.kind')} "
        f"FROM {RECORDS} r WHERE r.id = {alias}.target_id AND r.status = '{APPROVED}' "
        f"AND NOT EXISTS (SELECT 1 FROM {LINKS} l WHERE l.target_id = {alias}.target_id "
        f"AND l.kind = {alias}.kind{others}){UPSERT};"
    )


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


_OLD_APPROVED = f"OLD.status = '{APPROVED}'"
_NEW_APPROVED = f"NEW.status = '{APPROVED}'"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_record_ai AFTER INSERT ON {RECORDS} "
    f"WHEN NEW.status = '{APPROVED}' BEGIN {_sqlite_record('NEW', '1', '1')} END",
    # The amount is compared rounded to fen: SQLite may read back '1.10' as 1.1.
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_record_au AFTER UPDATE ON {RECORDS} "
    f"WHEN (OLD.status = '{APPROVED}' OR NEW.status = '{APPROVED}') AND ("
    f"{_changed(_MOVED)} OR {_cents('sqlite', 'OLD')} IS NOT {_cents('sqlite', 'NEW')}) BEGIN "
    f"{_sqlite_record('OLD', '-1', _OLD_APPROVED)} {_sqlite_record('NEW', '1', _NEW_APPROVED)} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_record_ad AFTER DELETE ON {RECORDS} "
    f"WHEN OLD.status = '{APPROVED}' BEGIN {_sqlite_record('OLD', '-1', '1')} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_tag_ai AFTER INSERT ON {TAGS} BEGIN "
    f"{_sqlite_tag('NEW', '1')} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_tag_ad AFTER DELETE ON {TAGS} BEGIN "
    f"{_sqlite_tag('OLD', '-1')} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_link_ai AFTER INSERT ON {LINKS} BEGIN "
    f"{_sqlite_link('NEW', '1', ' AND l.id <> NEW.id')} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_link_au AFTER UPDATE ON {LINKS} "
    f"WHEN OLD.target_id IS NOT NEW.target_id OR OLD.kind IS NOT NEW.kind BEGIN "
    f"{_sqlite_link('OLD', '-1', '')} {_sqlite_link('NEW', '1', ' AND l.id <> NEW.id')} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_rollup_link_ad AFTER DELETE ON {LINKS} BEGIN "
    f"{_sqlite_link('OLD', '-1', '')} END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]


# ---- PostgreSQL: statement triggers over transition tables ----


def _pg_facets(table: str, sign: str) -> str:
    """Every facet row of the approved records of transition table `table`."""
    v = "postgresql"
    approved = f"x.status = '{APPROVED}'"
    return (
        f"SELECT {_values(v, 'x', sign)} FROM {table} x WHERE {approved} "
        f"UNION ALL SELECT {_values(v, 'x', sign, tag='t.tag_id')} "
        f"FROM {table} x JOIN {TAGS} t ON t.workrecord_id = x.id WHERE {approved} "
        f"UNION ALL SELECT {_values(v, 'x', sign, kind='k.kind')} FROM {table} x "
        f"JOIN LATERAL (SELECT DISTINCT kind FROM {LINKS} l WHERE l.target_id = x.id) k "
        f"ON true WHERE {approved}"
    )


def _pg_upsert(deltas: str) -> str:
    """Sum the signed facet rows by key and add them: an update that moves nothing
    (a title edited) sums to zero and touches no rollup row."""
    sums = ", ".join(f"sum({c})" for c in ("n", "c", "p", "a"))
    return (
        f"INSERT INTO {ROLLUP} ({COLUMNS}) SELECT {KEY}, {sums} FROM ({deltas}) "
        f"AS d(tag_id, link_kind, month, unit_id, record_type_id, area_id, n, c, p, a) "
        f"GROUP BY {KEY} HAVING sum(n) <> 0 OR sum(c) <> 0 OR sum(p) <> 0 OR sum(a) <> 0 "
        # One order for every writer: two transactions never wait on each other's rows
        # in opposite orders.
        f"ORDER BY {KEY}{UPSERT}"
    )


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{body}; RETURN NULL; END $$"
    )


def _pg_links(pairs: str) -> str:
    """`pairs`: (target_id, kind, added, removed) of the statement's links. A record
    moves under a kind when it had none of its links before and has some now, or the
    other way round."""
    now = f"(SELECT count(*) FROM {LINKS} l WHERE l.target_id = p.target_id AND l.kind = p.kind)"
    delta = "((q.now > 0)::int - (q.now - q.added + q.removed > 0)::int)"
    return _pg_upsert(
        f"SELECT {_values('postgresql', 'x', delta, kind='q.kind')} FROM "
        f"(SELECT p.target_id, p.kind, p.added, p.removed, {now} AS now FROM ({pairs}) p) q "
        f"JOIN {RECORDS} x ON x.id = q.target_id "
        f"WHERE x.status = '{APPROVED}' AND (q.now > 0) <> (q.now - q.added + q.removed > 0)"
    )


_PAIRS_ADDED = "SELECT target_id, kind, count(*) AS added, 0 AS removed FROM new_rows GROUP BY 1, 2"
_PAIRS_REMOVED = (
    "SELECT target_id, kind, 0 AS added, count(*) AS removed FROM old_rows GROUP BY 1, 2"
)
_PAIRS_CHANGED = (
    f"SELECT target_id, kind, sum(added) AS added, sum(removed) AS removed FROM "
    f"({_PAIRS_ADDED} UNION ALL {_PAIRS_REMOVED}) c GROUP BY 1, 2"
)


def _pg_tags(table: str, sign: str) -> str:
    return _pg_upsert(
        f"SELECT {_values('postgresql', 'x', sign, tag='c.tag_id')} FROM {table} c "
        f"JOIN {RECORDS} x ON x.id = c.workrecord_id WHERE x.status = '{APPROVED}'"
    )


_PG_FUNCTIONS = {
    "ledger_rollup_new_records": _pg_upsert(_pg_facets("new_rows", "1")),
    "ledger_rollup_old_records": _pg_upsert(_pg_facets("old_rows", "-1")),
    "ledger_rollup_changed_records": _pg_upsert(
        f"{_pg_facets('old_rows', '-1')} UNION ALL {_pg_facets('new_rows', '1')}"
    ),
    "ledger_rollup_tags_added": _pg_tags("new_rows", "1"),
    "ledger_rollup_tags_removed": _pg_tags("old_rows", "-1"),
    "ledger_rollup_links_added": _pg_links(_PAIRS_ADDED),
    "ledger_rollup_links_removed": _pg_links(_PAIRS_REMOVED),
    "ledger_rollup_links_changed": _pg_links(_PAIRS_CHANGED),
}
_PG_TRIGGERS = [
    ("ledger_rollup_record_ai", "INSERT", RECORDS, "NEW", "ledger_rollup_new_records"),
    ("ledger_rollup_record_au", "UPDATE", RECORDS, "OLD NEW", "ledger_rollup_changed_records"),
    ("ledger_rollup_record_ad", "DELETE", RECORDS, "OLD", "ledger_rollup_old_records"),
    ("ledger_rollup_tag_ai", "INSERT", TAGS, "NEW", "ledger_rollup_tags_added"),
    ("ledger_rollup_tag_ad", "DELETE", TAGS, "OLD", "ledger_rollup_tags_removed"),
    ("ledger_rollup_link_ai", "INSERT", LINKS, "NEW", "ledger_rollup_links_added"),
    ("ledger_rollup_link_au", "UPDATE", LINKS, "OLD NEW", "ledger_rollup_links_changed"),
    ("ledger_rollup_link_ad", "DELETE", LINKS, "OLD", "ledger_rollup_links_removed"),
]


def _referencing(tables: str) -> str:
    return " ".join(f"{t} TABLE AS {t.lower()}_rows" for t in tables.split())


POSTGRES_CREATE = [_pg_function(name, body) for name, body in _PG_FUNCTIONS.items()] + [
    f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {_referencing(tables)} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    for name, event, table, tables, function in _PG_TRIGGERS
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, _, table, _, _ in _PG_TRIGGERS
] + [f"DROP FUNCTION IF EXISTS {name}()" for name in _PG_FUNCTIONS]


# ---- rebuilding and recounting ----


def recount_sql(vendor: str) -> list[str]:
    """The rollup rows recounted from the records, one SELECT per facet, with the
    rollup's column names."""
    approved = f"x.status = '{APPROVED}'"
    month = _month(vendor, "x")
    rest = (
        f"{month} AS month, x.unit_id AS unit_id, x.record_type_id AS record_type_id, "
        "x.area_id AS area_id, count(*) AS records, "
        'sum(coalesce(x."count", 0)) AS count_sum, '
        "sum(coalesce(x.participants, 0)) AS participants_sum, "
        f"sum({_cents(vendor, 'x')}) AS amount_cents"
    )
    group = f"{month}, x.unit_id, x.record_type_id, x.area_id"
    return [
        f"SELECT 0 AS tag_id, '' AS link_kind, {rest} FROM {RECORDS} x "
        f"WHERE {approved} GROUP BY {group}",
        f"SELECT t.tag_id AS tag_id, '' AS link_kind, {rest} FROM {TAGS} t "
        f"JOIN {RECORDS} x ON x.id = t.workrecord_id WHERE {approved} GROUP BY t.tag_id, {group}",
        f"SELECT 0 AS tag_id, k.kind AS link_kind, {rest} FROM "
        f"(SELECT DISTINCT target_id, kind FROM {LINKS}) k JOIN {RECORDS} x ON x.id = k.target_id "
        f"WHERE {approved} GROUP BY k.kind, {group}",
    ]


def rebuild(connection=default_connection) -> None:
    """Every rollup row counted afresh from the records (after a bulk load with the
    triggers off, or a SQLite table remake)."""
    statements = [f"DELETE FROM {ROLLUP}"] + [
        f"INSERT INTO {ROLLUP} ({COLUMNS}) {select}" for select in recount_sql(connection.vendor)
    ]
    execute_all(connection, statements)


def ensure_triggers(connection=default_connection) -> None:
    """Re-create the SQLite triggers after a table remake (no-op when present) and
    recount the rows, since writes meanwhile went uncounted."""
    if connection.vendor != "sqlite" or ROLLUP not in connection.introspection.table_names():
        return
    if sqlite_triggers_present(connection, SQLITE_TRIGGER_NAMES):
        return
    execute_all(connection, SQLITE_CREATE)
    rebuild(connection)


def month_number(day: dt.date) -> int:
    return day.year * 100 + day.month


def month_span(start: dt.date, end: dt.date):
    """(first month, last month) of the whole months inside [start, end], or None; and
    the date ranges left over at either end, to be read from the records."""
    first = start if start.day == 1 else _next_month(start)
    after_end = end + dt.timedelta(days=1)
    last_end = after_end if after_end.day == 1 else after_end.replace(day=1)
    if first >= last_end:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if last_end <= end:
        edges.append((last_end, end))
    last = last_end - dt.timedelta(days=1)
    return (month_number(first), month_number(last)), edges


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def differences(first_month: int, last_month: int, connection=default_connection) -> list:
    """Rollup rows that differ from a recount over the records, for the months given:
    (key, kept, recounted), where key is (tag, link kind, month, unit, type, area) and
    each side (records, count, participants, fen). Empty when they agree."""
    vendor = connection.vendor
    recounted: dict[tuple, tuple] = {}
    with connection.cursor() as cursor:
        for select in recount_sql(vendor):
            cursor.execute(
                f"SELECT {COLUMNS} FROM ({select}) r WHERE r.month BETWEEN %s AND %s",
                [first_month, last_month],
            )
            for row in cursor.fetchall():
                recounted[tuple(row[:6])] = tuple(int(v) for v in row[6:])
        cursor.execute(
            f"SELECT {COLUMNS} FROM {ROLLUP} WHERE month BETWEEN %s AND %s",
            [first_month, last_month],
        )
        kept = {
            tuple(row[:6]): tuple(int(v) for v in row[6:])
            for row in cursor.fetchall()
            if any(row[6:])
        }
    zero = (0, 0, 0, 0)
    return [
        (key, kept.get(key, zero), recounted.get(key, zero))
        for key in sorted(set(kept) | set(recounted), key=repr)
        if kept.get(key, zero) != recounted.get(key, zero)
    ]


def approved_sums(
    first_month: int, last_month: int, *, by_area: bool, tags=(), link_kinds=()
) -> list[dict]:
    """Grouped rows over the months given, in the shape of the indicators' passes:
    every approved record (no tags or link kinds given), or the tag and link-kind
    facets asked for (`tag` the tag, or `flags` {("link", kind)})."""
    from django.db import connection

    keys = ["unit_id", "record_type_id", *(["area_id"] if by_area else [])]
    params: list = []
    if tags or link_kinds:
        facets = []
        if tags:
            facets.append(f"(tag_id IN ({', '.join(['%s'] * len(tags))}) AND link_kind = '')")
            params += list(tags)
        if link_kinds:
            facets.append(f"(tag_id = 0 AND link_kind IN ({', '.join(['%s'] * len(link_kinds))}))")
            params += list(link_kinds)
        keys = ["tag_id", "link_kind", *keys]
        where = "(" + " OR ".join(facets) + ")"
    else:
        where = "tag_id = 0 AND link_kind = ''"
    sql = (
        f"SELECT {', '.join(keys)}, {', '.join(f'SUM({c})' for c in SUMS)} FROM {ROLLUP} "
        f"WHERE {where} AND month >= %s AND month <= %s GROUP BY {', '.join(keys)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first_month, last_month])
        fetched = cursor.fetchall()
    rows = []
    for row in fetched:
        out = dict(zip(keys, row[: len(keys)], strict=True))
        n, c, p, cents = (int(v or 0) for v in row[len(keys) :])
        if not n:
            continue  # every record of the group has left it
        if tags or link_kinds:
            tag, kind = out.pop("tag_id"), out.pop("link_kind")
            out["tag"] = tag or None
            out["flags"] = frozenset({("link", kind)}) if kind else frozenset()
        out.setdefault("area_id", None)
        out.update(n=n, c=c, p=p, a=Decimal(cents) / 100)
        rows.append(out)
    return rows
