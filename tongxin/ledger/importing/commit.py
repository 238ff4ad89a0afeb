"""Committing an import: every row or none, in one transaction, written as plain rows
(writing.py: COPY on PostgreSQL, INSERTs of 1,000 rows on SQLite)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.audit.services import audit_log
from tongxin.ledger.closing import REASON_REQUIRED, correction_request_late_item
from tongxin.ledger.importing.batches import rejected_save
from tongxin.ledger.importing.mapping import norm
from tongxin.ledger.importing.reading import (
    ImportPreview,
    already_imported_message,
    find_duplicates,
    import_preview,
)
from tongxin.ledger.importing.writing import rows_write
from tongxin.ledger.models import (
    Correction,
    ImportBatch,
    ImportMapping,
    ImportSource,
    RecordType,
)

ERRORS_IN_MESSAGE = 5
HAS_ERRORS = _("文件中有 {n} 处错误，未导入任何记录。请修改后重新上传。")
NOTHING_TO_IMPORT = _("没有可导入的记录。")
NO_LATE_ROWS = _("文件中没有已结账年度的行，无需补录。")


def _refuse(preview: ImportPreview) -> None:
    if preview.earlier is not None:
        raise ValidationError(already_imported_message(preview.earlier))
    if preview.errors:
        shown = [str(e) for e in preview.errors[:ERRORS_IN_MESSAGE]]
        raise ValidationError([HAS_ERRORS.format(n=len(preview.errors)), *shown])


def import_commit(
    *,
    actor,
    record_type: RecordType | None,
    uploaded_bytes: bytes,
    filename: str,
    skip_rows: set[int] | frozenset[int] = frozenset(),
    keep_duplicates: set[int] | frozenset[int] | None = None,
    valid_only: bool = False,
    source: str = ImportSource.WEB,
    remember_for=None,
    **reading,
) -> ImportBatch:
    """Import every row of the file but `skip_rows`, or nothing: the file is read and
    checked again, and one bad row refuses it all — unless `valid_only`, which imports
    the rows without errors and counts the rest as rejected. With `keep_duplicates`,
    every row found to duplicate a record (or an earlier row) is skipped unless listed
    there, so a duplicate that appeared since the preview is not imported unseen.
    Records arrive submitted, for the department to review. `reading` passes the
    page's choices (unit, year, sheet, remembered, chosen) on to the preview; the
    mapping used is remembered for the unit `remember_for`."""
    # The file is read and checked before the transaction opens: on SQLite the
    # transaction holds the database's write lock, which every other user waits for.
    preview = import_preview(
        actor=actor,
        record_type=record_type,
        uploaded_bytes=uploaded_bytes,
        filename=filename,
        check_duplicates=False,
        **reading,
    )
    if valid_only and preview.earlier is None and not preview.file_errors:
        if not preview.rows:
            raise ValidationError(NOTHING_TO_IMPORT)
    else:
        _refuse(preview)
    with transaction.atomic():
        batch = _write(actor, preview, set(skip_rows), keep_duplicates, source)
        if remember_for is not None and preview.columns:
            _remember_mapping(actor, remember_for, preview)
    rejected_save(batch, preview)
    return batch


def import_commit_late(
    *,
    actor,
    record_type: RecordType | None,
    uploaded_bytes: bytes,
    filename: str,
    late_reason: str,
    skip_rows: set[int] | frozenset[int] = frozenset(),
    keep_duplicates: set[int] | frozenset[int] | None = None,
    source: str = ImportSource.WEB,
    remember_for=None,
    **reading,
) -> tuple[ImportBatch | None, list[Correction]]:
    """`import_commit` for a file with rows dated in a closed year: each such row
    becomes a 补录 request (`closing.correction_request_late_item`, one per row, with
    `late_reason`; it enters the ledger once another editor approves it), the other
    rows are imported as usual; all in one transaction. Returns the batch (None when
    every row was late) and the requests."""
    if not late_reason.strip():
        raise ValidationError({"late_reason": REASON_REQUIRED})
    preview = import_preview(
        actor=actor,
        record_type=record_type,
        uploaded_bytes=uploaded_bytes,
        filename=filename,
        check_duplicates=False,
        late_ok=True,
        **reading,
    )
    _refuse(preview)
    rows = [row for row in preview.rows if row.row not in skip_rows]
    late = [row for row in rows if row.late]
    if not late:
        raise ValidationError(NO_LATE_ROWS)
    batch = None
    with transaction.atomic():
        if len(late) < len(rows):
            skip = set(skip_rows) | {row.row for row in late}
            batch = _write(actor, preview, skip, keep_duplicates, source)
            if remember_for is not None and preview.columns:
                _remember_mapping(actor, remember_for, preview)
        requests = [
            correction_request_late_item(
                actor=actor,
                unit=row.unit,
                record_type=row.record_type,
                date=row.date,
                title=row.title,
                reason=late_reason,
                area=row.area,
                end_date=row.end_date,
                description=row.description,
                count=row.count,
                participants=row.participants,
                amount=row.amount,
                tags=row.tags,
            )
            for row in late
        ]
    if batch is not None:
        rejected_save(batch, preview)
    return batch, requests


def _remember_mapping(actor, unit, preview: ImportPreview) -> None:
    columns = {norm(c.label): c.field for c in preview.columns}
    ImportMapping.objects.update_or_create(
        unit=unit, defaults={"columns": columns, "updated_by": actor}
    )


def _write(actor, preview: ImportPreview, skip_rows, keep_duplicates, source) -> ImportBatch:
    record_type = preview.record_type
    if keep_duplicates is not None:
        # Again inside the transaction: a record saved since the preview counts too.
        duplicates = find_duplicates(actor, preview.rows)
        skip_rows |= {d.row for d in duplicates} - set(keep_duplicates)
    rows = [row for row in preview.rows if row.row not in skip_rows]
    if not rows:
        raise ValidationError(NOTHING_TO_IMPORT)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                sha256=preview.sha256,
                filename=preview.filename[:200],
                record_type=record_type,
                unit=preview.unit,
                row_count=len(rows),
                rejected_count=len(preview.rejected),
                source=source,
                imported_by=actor,
            )
    except IntegrityError:
        # Another upload of the same file committed between the check and now.
        earlier = ImportBatch.objects.select_related("imported_by").get(
            sha256=preview.sha256, undone_at__isnull=True
        )
        raise ValidationError(already_imported_message(earlier)) from None
    rows_write(actor=actor, batch=batch, rows=rows, source=source, now=timezone.now())
    audit_log(
        actor=actor,
        action="import.commit",
        obj=batch,
        after={
            "filename": batch.filename,
            "sha256": batch.sha256,
            "record_type": record_type.code if record_type else None,
            "row_count": batch.row_count,
            "rejected_count": batch.rejected_count,
            "source": source,
            "skipped_rows": sorted(skip_rows & {row.row for row in preview.rows}),
        },
    )
    return batch
