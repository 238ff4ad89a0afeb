"""Bulk inserts for imports of tens of thousands of rows, past Django's insert compiler.

`bulk_create` prepares every value of every object in Python through the insert
compiler: at 50,000 records (and their 50,000 audit events) that was most of an import's
time on SQLite, and on PostgreSQL psycopg escaped each element of its UNNEST arrays in
Python. Here rows go to the driver as plain tuples: COPY on PostgreSQL (psycopg's C code
writes them), INSERT statements of up to 1,000 rows elsewhere (SQLite: see
ROWS_PER_STATEMENT). Database triggers fire as for any insert.

- `insert_rows`: plain tuples of a model's values, adapted as Django stores them (dates,
  datetimes, decimals, JSON through the field's own `get_db_prep_save`); every column
  not given takes the field's default, auto_now fields the time of the call.
- `reserve_ids`: primary keys for rows about to be inserted, so the caller can refer to
  them (audit rows, links) before they exist.
- `copy_insert`: the same for model objects (pre_save runs for each field).
"""

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from django.db import connections
from django.db.models import Model
from django.utils import timezone

# Field types whose values the drivers take as they are (numbers, text, keys, flags).
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
# SQLite: rows per INSERT statement. FTS5 writes the terms it has gathered to disk at
# each savepoint, which every statement firing its trigger opens, so one row per
# statement (executemany) left a segment per record to merge: 20,000 records took 14 s
# with one row per statement, 10 s with 50 (bulk_create's batches), 6.5 s with 1,000 and
# 7.3 s with 10,000 (into a 20,000-record database, medians of 3, loaded machine). 1,000
# rows of 19 columns also stay within old SQLite builds' default of 32,766 variables.
ROWS_PER_STATEMENT = 1000
# Values a column repeats (a few hundred dates, one timestamp): adapted once each.
_MEMO_TYPES = (dt.date, dt.datetime, dt.time)


def _adapter(field, connection) -> Callable | None:
    """The field's own adaptation (`get_db_prep_save`), or None when the value goes to
    the driver as it is."""
    if field.get_internal_type() in _AS_IS:
        return None
    prep = field.get_db_prep_save
    memo: dict = {}

    def adapt(value):
        if value is None:
            return None
        if isinstance(value, _MEMO_TYPES):
            # Keyed by type as well: values equal across types share no adaptation.
            key = (type(value), value)
            if key not in memo:
                memo[key] = prep(value, connection)
            return memo[key]
        return prep(value, connection)

    return adapt


def reserve_ids(model: type[Model], n: int, *, using: str = "default") -> list[int]:
    """`n` primary keys no other row has or will get, for rows the caller inserts with
    `insert_rows` in the same transaction.

    PostgreSQL: taken from the table's sequence. SQLite: the ones after the largest key
    ever given (the table's AUTOINCREMENT counter, so the key of a removed row is never
    reused); the transaction holds the write lock from its start (transaction_mode
    IMMEDIATE in settings), so no other writer takes them meanwhile, and an insert
    naming a key sets the counter past it."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids must be called inside transaction.atomic")
    meta = model._meta
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        table, pk = (
            connection.ops.quote_name(meta.db_table),
            connection.ops.quote_name(meta.pk.column),
        )
        cursor.execute(
            f"SELECT max(coalesce((SELECT max({pk}) FROM {table}), 0), "
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [meta.db_table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + n))


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    using: str = "default",
    extra_columns: Sequence[str] = (),
) -> int:
    """Insert `rows`, each the values of `columns` (field names or attnames: "unit_id"
    takes a key) and then of `extra_columns` (columns the model does not declare, such
    as the PostgreSQL search column, passed as they are). Values are what the model's
    attributes would hold; they are adapted as `bulk_create` would store them. The
    model's other concrete fields take their defaults, auto_now fields the time of
    the call; a field with a callable default must be given. Returns the number of
    rows. Nothing is validated: the caller has checked the values."""
    connection = connections[using]
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    now = timezone.now()
    constant_fields, constants = [], []
    for field in meta.concrete_fields:
        if field in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default() and callable(field.default):
            raise ValueError(f"{meta.label}.{field.name} has a callable default: give it")
        else:
            value = field.get_default()
        constant_fields.append(field)
        constants.append(field.get_db_prep_save(value, connection))
    adapters = [
        (i, adapt)
        for i, field in enumerate(given)
        if (adapt := _adapter(field, connection)) is not None
    ]
    constants = tuple(constants)
    width = len(given) + len(extra_columns)

    def prepared(row: Sequence) -> tuple:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values for {width} columns")
        if adapters:
            row = list(row)
            for i, adapt in adapters:
                row[i] = adapt(row[i])
        return (*row, *constants)

    # Ordered as `prepared` builds each row: given, extra, then the constants.
    names = [*(f.column for f in given), *extra_columns, *(f.column for f in constant_fields)]
    table = connection.ops.quote_name(meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in names)
    values = [prepared(row) for row in rows]
    if not values:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            one = "(" + ", ".join(["%s"] * len(names)) + ")"
            per = _rows_per_statement(connection, len(names))
            for start in range(0, len(values), per):
                part = values[start : start + per]
                cursor.execute(
                    f"INSERT INTO {table} ({quoted}) VALUES {', '.join([one] * len(part))}",
                    [value for row in part for value in row],
                )
    return len(values)


def _rows_per_statement(connection, width: int) -> int:
    """SQLite: rows per INSERT, up to ROWS_PER_STATEMENT within the bound variables the
    library allows (250,000 in current builds, 999 in old ones)."""
    try:
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python < 3.11, or another driver
        limit = connection.features.max_query_params
    return max(1, min(ROWS_PER_STATEMENT, limit // width))


def copy_insert(
    objs: list[Model],
    *,
    using: str = "default",
    batch_size: int = 2000,
    extra_columns: dict[str, Callable[[Model], object]] | None = None,
) -> None:
    """Insert `objs` (all of one model, without primary keys) and set their keys:
    COPY on PostgreSQL, `bulk_create` elsewhere.

    `extra_columns` (PostgreSQL only): columns the model does not declare, which the
    database would otherwise compute (the search column), each with its value of an
    object."""
    extra = extra_columns or {}
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    if connection.vendor != "postgresql":
        model.objects.using(using).bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c) for c in [pk.column, *(f.column for f in fields), *extra]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for obj, new_id in zip(objs, ids, strict=True):
            setattr(obj, pk.attname, new_id)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                # pre_save fills auto_now fields as save() and bulk_create do;
                # get_db_prep_save turns JSON into text and the like.
                copy.write_row(
                    [
                        getattr(obj, pk.attname),
                        *(
                            f.get_db_prep_save(f.pre_save(obj, add=True), connection)
                            for f in fields
                        ),
                        *(value(obj) for value in extra.values()),
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
