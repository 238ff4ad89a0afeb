"""Bulk inserts through PostgreSQL's COPY, for imports of tens of thousands of rows.

`bulk_create` on PostgreSQL sends each column as an array for UNNEST, and psycopg
escapes every element of those arrays in Python: at 50,000 records (and their 50,000
audit events) that was a third of an import's time. COPY hands psycopg the rows as they
are (its C code writes them). Ids are taken from the table's sequence first, so the
objects get their primary keys as `bulk_create` gives them; database triggers fire as
for any insert. Elsewhere (SQLite) this is `bulk_create`.
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import Model


def copy_insert(
    objs: list[Model],
    *,
    using: str = "default",
    batch_size: int = 2000,
    extra_columns: dict[str, Callable[[Model], object]] | None = None,
) -> None:
    """Insert `objs` (all of one model, without primary keys) and set their keys.

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
