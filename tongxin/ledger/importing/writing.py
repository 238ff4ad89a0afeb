"""An import's rows written: records, their tags and one audit row each, as plain tuples
(tongxin/lib/copyinsert.py: COPY on PostgreSQL, INSERTs of 1,000 rows on SQLite) inside
the commit's transaction.

`bulk_create` built a model object per record and per audit row and prepared each of
their fields in Django's insert compiler: most of a 50,000-row commit on SQLite. The
values here are those objects' values (each field's default where the import sets
none) and the audit rows say what `snapshot` and `content_hash` say of them, so the
rows stored are the same; the database triggers (search index, year stamps, rollups)
fire as for any insert.
"""

from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from django.db import connection

from tongxin.audit.context import client_ip
from tongxin.audit.models import AuditEvent, content_hash
from tongxin.audit.services import snapshot
from tongxin.ledger.importing.rows import ImportRow
from tongxin.ledger.models import ImportBatch, RecordStatus, Tag, WorkRecord
from tongxin.ledger.search import prepared_search_grams
from tongxin.ledger.services import RECORD_FIELDS
from tongxin.lib.copyinsert import insert_rows, reserve_ids

AUDIT_COLUMNS = [  # in the order _audit_rows builds each row
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "unit_id",
    "before",
    "after",
    "client_ip",
    "row_hash",
]


def rows_write(*, actor, batch: ImportBatch, rows: list[ImportRow], source: str, now) -> None:
    """Insert `rows` as submitted records of `batch`, with their tags and audit rows.
    The caller holds the transaction and has checked every row."""
    # In date order (the file's order within a day), keys ascending: the date indexes
    # grow at a few places instead of all over, and FTS5, which writes out what it has
    # gathered whenever a rowid comes lower than the last, gets them in its key order
    # when that key leads with the date (migration 0012). 20,000 records at 1M: 1.86 s
    # of CPU in date order, 3.55 s in a file's order; 1.97 and 2.30 s with the id key.
    rows = sorted(rows, key=lambda row: row.date)
    record_ids = reserve_ids(WorkRecord, len(rows))
    records = [
        _record(row, record_id, actor, batch, now)
        for row, record_id in zip(rows, record_ids, strict=True)
    ]
    columns = list(records[0])
    if connection.vendor == "postgresql":
        # The search column computed here: its insert trigger keeps a value it is given
        # (PL/pgSQL took 0.28 ms a row). SQLite's triggers index each row.
        extra = ["search_grams"]
        values = [
            (*r.values(), prepared_search_grams(r["title"], r["description"])) for r in records
        ]
    else:
        extra, values = [], [tuple(r.values()) for r in records]
    # The audit rows are built (pure Python: snapshots and hashes) while the database
    # writes the records: sqlite3 and psycopg let go of the interpreter lock while a
    # statement runs, and on SQLite the records' triggers (the search index) are most of
    # the commit. The thread touches no database connection.
    with ThreadPoolExecutor(max_workers=1) as pool:
        audit = pool.submit(_audit_rows, actor, rows, records, batch, source, now, client_ip.get())
        insert_rows(WorkRecord, columns, values, extra_columns=extra)
        _tags_attach(record_ids, rows)
        events = audit.result()
    insert_rows(AuditEvent, AUDIT_COLUMNS, events)


def _record(row: ImportRow, record_id: int, actor, batch: ImportBatch, now) -> dict:
    """The values (by attname) `WorkRecord(...)` was given; the other fields take their
    defaults in `insert_rows`."""
    return {
        "id": record_id,
        "unit_id": row.unit.pk,
        "record_type_id": row.record_type.pk,
        "area_id": row.area.pk if row.area else None,
        "date": row.date,
        "end_date": row.end_date,
        "title": row.title,
        "description": row.description,
        "count": row.count,
        "participants": row.participants,
        "amount": row.amount,
        "status": RecordStatus.SUBMITTED.value,
        "submitted_at": now,
        "import_batch_id": batch.pk,
        "created_by_id": actor.pk,
        "updated_by_id": actor.pk,
        # auto_now fields: the one time of the commit, as submitted_at.
        "created_at": now,
        "updated_at": now,
    }


def _tags_attach(record_ids: list[int], rows: list[ImportRow]) -> None:
    names = {name for row in rows for name in row.tags}
    if not names:
        return
    # One query for new and existing tags alike: the upsert returns every key.
    tags = Tag.objects.bulk_create(
        [Tag(name=n) for n in sorted(names)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["name"],
    )
    ids = {tag.name: tag.pk for tag in tags}
    links = [
        (record_id, ids[name])
        for record_id, row in zip(record_ids, rows, strict=True)
        for name in row.tags
    ]
    insert_rows(WorkRecord.tags.through, ["workrecord_id", "tag_id"], links)


def _audit_rows(actor, rows: list[ImportRow], records: list[dict], batch, source, now, ip):
    """One `record.import` event per record (values in AUDIT_COLUMNS order): the
    record's `snapshot` (as `audit_log` callers write it) with its tags, batch, row and
    source; its hash as `ContentHashField.pre_save` computes it."""
    meta = WorkRecord._meta
    defaults = {f.attname: f.get_default() for f in meta.concrete_fields}
    name = actor.get_username()
    events = []
    for row, values in zip(rows, records, strict=True):
        # snapshot() reads attributes through the model's fields: a stand-in holding
        # the stored values serves as well as a model object, at a fraction of the cost.
        after = snapshot(SimpleNamespace(_meta=meta, **{**defaults, **values}), RECORD_FIELDS)
        after.update(tags=row.tags, import_batch=batch.pk, row=row.row, source=source)
        event = SimpleNamespace(
            at=now,
            actor_id=actor.pk,
            actor_name=name,
            action="record.import",
            object_type="ledger.workrecord",
            object_id=str(values["id"]),
            unit_id=values["unit_id"],
            before=None,
            after=after,
            client_ip=ip,
        )
        events.append(
            (
                now,
                actor.pk,
                name,
                event.action,
                event.object_type,
                event.object_id,
                event.unit_id,
                None,
                after,
                ip,
                content_hash(event),
            )
        )
    return events
