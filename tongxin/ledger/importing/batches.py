"""Import history, undoing a batch, and the workbook of rejected rows."""

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from tongxin.audit.context import client_ip
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_log
from tongxin.ledger.importing.reading import ImportPreview
from tongxin.ledger.models import ImportBatch, RecordStatus

NOT_YOURS = _("只能撤销自己导入的批次。")
ALREADY_UNDONE = _("该批次已撤销。")
NOT_ALL_SUBMITTED = _("该批次中已有 {n} 条记录被审核或修改，不能整批撤销。")
REASON_HEADER = "错误原因"  # i18n: data (a column of the returned workbook)


def import_batches_for(user, *, limit: int = 100) -> list[ImportBatch]:
    """The user's imports, newest first (the import history page), each marked
    `undoable` when all its records are still 待审核. One query."""
    batches = list(
        ImportBatch.objects.filter(imported_by=user)
        .select_related("record_type", "unit", "imported_by")
        .annotate(reviewed=Count("records", filter=~Q(records__status=RecordStatus.SUBMITTED)))
        .order_by("-imported_at")[:limit]
    )
    for batch in batches:
        batch.undoable = batch.undone_at is None and batch.reviewed == 0
    return batches


def batch_undoable(batch: ImportBatch) -> bool:
    if batch.undone_at is not None:
        return False
    return not batch.records.exclude(status=RecordStatus.SUBMITTED).exists()


@transaction.atomic
def import_batch_undo(*, actor, batch: ImportBatch) -> int:
    """Withdraw every record of a batch whose records are all still 待审核; the file
    may then be imported again. One audit row per record and one for the batch."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.imported_by_id != actor.pk:
        raise PermissionDenied(NOT_YOURS)
    if batch.undone_at is not None:
        raise ValidationError(ALREADY_UNDONE)
    others = batch.records.exclude(status=RecordStatus.SUBMITTED).count()
    if others:
        raise ValidationError(NOT_ALL_SUBMITTED.format(n=others))
    records = list(batch.records.values_list("id", "unit_id"))
    now = timezone.now()
    batch.records.update(
        status=RecordStatus.WITHDRAWN,
        status_before_withdrawal=RecordStatus.SUBMITTED,
        updated_by=actor,
        updated_at=now,
    )
    ip = client_ip.get()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                actor_name=actor.get_username(),
                action="record.withdraw",
                object_type="ledger.workrecord",
                object_id=str(pk),
                unit_id=unit_id,
                before={"status": RecordStatus.SUBMITTED},
                after={"status": RecordStatus.WITHDRAWN, "import_batch": batch.pk},
                client_ip=ip,
            )
            for pk, unit_id in records
        ],
        batch_size=2000,
    )
    batch.undone_at, batch.undone_by = now, actor
    batch.save(update_fields=["undone_at", "undone_by"])
    audit_log(actor=actor, action="import.undo", obj=batch, after={"withdrawn": len(records)})
    return len(records)


def rejected_rows_xlsx(preview: ImportPreview) -> bytes:
    """The rows the preview refused, under the file's own header, with a 错误原因
    column: fixed in Excel, the workbook imports as it is."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(preview.sheet_name[:31] or "Sheet1")
    # The sheet's empty columns before the table are left out.
    start = next((i for i, v in enumerate(preview.header) if v is not None), 0)
    header = list(preview.header[start:])
    if preview.year_source in ("title", "page"):
        # i18n: data
        sheet.append([f"{preview.year}年"])  # where dates written without a year belong
    sheet.append([*header, REASON_HEADER])
    by_row = preview.errors_by_row()
    for rownum, values in sorted(preview.rejected.items()):
        cells = list(values[start:]) + [None] * (len(header) - len(values) + start)
        reasons = "；".join(f"{e.column}：{e.message}" for e in by_row.get(rownum, ()))
        sheet.append([*cells[: len(header)], reasons])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rejected_path(batch: ImportBatch) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"rejected-{batch.pk}.xlsx"


def rejected_save(batch: ImportBatch, preview: ImportPreview) -> None:
    """Kept with the batch: offered for download from the history until fixed."""
    if preview.rejected:
        _rejected_path(batch).write_bytes(rejected_rows_xlsx(preview))


def rejected_load(batch: ImportBatch) -> bytes | None:
    try:
        return _rejected_path(batch).read_bytes()
    except OSError:
        return None
