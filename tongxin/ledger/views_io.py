"""Excel import and export pages. Thin: the work is in `importing` and `exporting`."""

import datetime as dt
import tempfile
from functools import wraps
from io import BytesIO

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.models import Unit
from tongxin.ledger import importing, permissions, selectors
from tongxin.ledger.exporting import (
    record_filter_from_params,
    records_export_log,
    records_to_xlsx,
)
from tongxin.ledger.importing.mapping import FIELD_LABELS
from tongxin.ledger.models import ImportBatch, ImportMapping, RecordType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500
DUPLICATES_SHOWN = 1000
SAMPLE_ROWS = 10
NOT_XLSX = gettext_lazy("请上传 .xlsx 格式的 Excel 文件，或 .xls、.ods、.csv 文件。")
IMPORTED = gettext_lazy("已导入 {n} 条记录（文件“{filename}”），等待审核。")
REJECTED = gettext_lazy("另有 {n} 行未导入：可在下方下载这些行（含“错误原因”列），修改后再导入。")
LATE_SENT = gettext_lazy("已提交 {n} 条补录申请，待另一位部机关干部批准后记入台账。")
UNDONE = gettext_lazy("已撤销导入“{filename}”：{n} 条记录已撤销。")


def importer_required(view):
    """Import pages: editors and reporters. Leaders and the three administrators get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_record(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


UPLOAD_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


class ImportUploadForm(forms.Form):
    record_type = forms.ModelChoiceField(
        label=gettext_lazy("记录类型"),
        queryset=RecordType.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("按表中“类别”列（可多种类型）"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("按表中“单位”列"),
        help_text=gettext_lazy("表中没有单位列时，各行都记在所选单位。"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("年份"),
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=gettext_lazy("“3月5日”这类没写年份的日期记在该年；留空则从表头或表名中识别。"),
    )
    sheet = forms.CharField(
        label=gettext_lazy("工作表"),
        required=False,
        max_length=31,
        help_text=gettext_lazy("留空则读取第一张工作表。"),
    )
    file = forms.FileField(
        label=gettext_lazy("Excel 或 CSV 文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES) + "," + XLSX}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_IMPORT_BYTES:
            raise ValidationError(importing.reading.FILE_TOO_LARGE)
        head = upload.read(4)
        upload.seek(0)
        name = (upload.name or "").lower()
        if head != b"PK\x03\x04" and not name.endswith(UPLOAD_SUFFIXES):
            raise ValidationError(NOT_XLSX)
        return upload


@importer_required
def import_start(request):
    units = importing.reading.actable_units(request.user)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            sha = importing.pending_save(
                actor=request.user,
                record_type=form.cleaned_data["record_type"],
                filename=upload.name,
                content=upload.read(),
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                sheet=form.cleaned_data["sheet"],
            )
            return redirect("ledger:ledger_io:import_preview", sha=sha)
    else:
        chosen = RecordType.objects.filter(is_active=True, code=request.GET.get("type")).first()
        form = ImportUploadForm(initial={"record_type": chosen}, units=units)
    types = RecordType.objects.filter(is_active=True)
    return render(request, "ledger/io/import_start.html", {"form": form, "types": types})


@importer_required
def template_download(request):
    record_type = RecordType.objects.filter(is_active=True, code=request.GET.get("type")).first()
    if record_type is None:
        raise Http404
    content = importing.build_template(actor=request.user, record_type=record_type)
    return FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=_("{type}导入模板.xlsx").format(type=record_type.name),
        content_type=XLSX,
    )


def _pending_or_404(request, sha: str) -> importing.PendingUpload:
    # Uploads are kept per user: another user's upload is as absent as a made-up hash.
    pending = importing.pending_load(actor=request.user, sha256=sha)
    if pending is None:
        raise Http404
    return pending


def _chosen_mapping(params) -> dict[int, str]:
    """The mapping set on the page: map_<column index>=<field>."""
    allowed = set(FIELD_LABELS)
    chosen = {}
    for key, value in params.items():
        if key.startswith("map_") and key[4:].isdigit() and value in allowed:
            chosen[int(key[4:])] = value
    return chosen


def _mapping_unit(request, pending):
    """Whose remembered mapping applies: the unit chosen, else the uploader's."""
    return pending.unit or request.user.unit


def _reading(request, pending, params) -> dict:
    mapping = ImportMapping.objects.filter(unit=_mapping_unit(request, pending)).first()
    remembered = mapping.columns if mapping else None
    return {
        "unit": pending.unit,
        "year": pending.year,
        "sheet": pending.sheet,
        "remembered": remembered,
        "chosen": _chosen_mapping(params),
    }


def _row_table(preview) -> list[dict]:
    """The rows shown: every error and skipped row, and the first valid ones."""
    late = set(preview.late_rows)
    entries = [
        {"row": row, "status": "late" if row in late else "error", "errors": errors}
        for row, errors in preview.errors_by_row().items()
        if row in preview.rejected
    ][:ERRORS_SHOWN]
    entries += [{"row": row, "status": "skipped", "reason": r} for row, r in preview.skipped]
    entries += [{"row": r.row, "status": "ok", "record": r} for r in preview.rows[:SAMPLE_ROWS]]
    return sorted(entries, key=lambda e: e["row"])


@importer_required
def import_preview(request, sha: str):
    pending = _pending_or_404(request, sha)
    reading = _reading(request, pending, request.GET)
    preview = importing.import_preview(
        actor=request.user,
        record_type=pending.record_type,
        uploaded_bytes=pending.content,
        filename=pending.filename,
        **reading,
    )
    row_errors = [e for e in preview.errors if e.row is not None]
    context = {
        "pending": pending,
        "preview": preview,
        "file_errors": preview.file_errors,
        "row_errors": row_errors[:ERRORS_SHOWN],
        "hidden_errors": max(0, len(row_errors) - ERRORS_SHOWN),
        "duplicates": preview.duplicates[:DUPLICATES_SHOWN],
        "hidden_duplicates": max(0, len(preview.duplicates) - DUPLICATES_SHOWN),
        "sample": preview.rows[:SAMPLE_ROWS],
        "row_table": _row_table(preview),
        "to_import": len(preview.rows) - len(preview.duplicates),
        "field_choices": list(FIELD_LABELS.items()),
        "chosen": reading["chosen"],
        # Every refused row is refused only for its closed year: offer them as 补录.
        "late_only": bool(preview.late_rows)
        and not preview.file_errors
        and set(preview.late_rows) == set(preview.rejected),
        "mapping_ok": bool(preview.columns)
        and not any(e.row == preview.header_row for e in row_errors),
    }
    return render(request, "ledger/io/import_preview.html", context)


def _go(request, url: str):
    # The commit form posts through htmx (for the "正在导入…" indicator); htmx
    # follows a redirect only when told so in its header.
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@importer_required
def import_commit(request, sha: str):
    pending = _pending_or_404(request, sha)
    keep = {int(v) for v in request.POST.getlist("keep") if v.isdigit()}
    valid_only = request.POST.get("mode") == "valid"
    reading = _reading(request, pending, request.POST)
    if request.POST.get("late_reason", "").strip():
        return _commit_late(request, pending, reading)
    try:
        batch = importing.import_commit(
            actor=request.user,
            record_type=pending.record_type,
            uploaded_bytes=pending.content,
            filename=pending.filename,
            keep_duplicates=keep,
            valid_only=valid_only,
            remember_for=_mapping_unit(request, pending),
            **reading,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        url = reverse("ledger:ledger_io:import_preview", kwargs={"sha": sha})
        return _go(request, url + _mapping_query(reading["chosen"]))
    importing.pending_discard(actor=request.user, sha256=sha)
    messages.success(request, IMPORTED.format(n=batch.row_count, filename=batch.filename))
    if batch.rejected_count:
        messages.warning(request, REJECTED.format(n=batch.rejected_count))
        return _go(request, reverse("ledger:ledger_io:import_history"))
    return _go(request, reverse("ledger:record_list") + "?status=submitted")


def _commit_late(request, pending, reading):
    """Rows dated in a closed year go as 补录 requests, the others are imported."""
    try:
        batch, late = importing.import_commit_late(
            actor=request.user,
            record_type=pending.record_type,
            uploaded_bytes=pending.content,
            filename=pending.filename,
            late_reason=request.POST["late_reason"],
            keep_duplicates=set(),
            remember_for=_mapping_unit(request, pending),
            **reading,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        url = reverse("ledger:ledger_io:import_preview", kwargs={"sha": pending.sha256})
        return _go(request, url + _mapping_query(reading["chosen"]))
    importing.pending_discard(actor=request.user, sha256=pending.sha256)
    messages.success(request, LATE_SENT.format(n=len(late)))
    if batch is not None:
        messages.success(request, IMPORTED.format(n=batch.row_count, filename=batch.filename))
    if batch is not None:
        return _go(request, reverse("ledger:ledger_io:import_history"))
    return _go(request, reverse("ledger:correction_detail", args=[late[0].pk]))


def _mapping_query(chosen: dict) -> str:
    if not chosen:
        return ""
    return "?" + "&".join(f"map_{i}={f}" for i, f in sorted(chosen.items()))


@importer_required
def import_history(request):
    batches = importing.import_batches_for(request.user)
    return render(request, "ledger/io/import_history.html", {"batches": batches})


def _own_batch_or_404(request, pk: int) -> ImportBatch:
    # A batch is its importer's: anyone else's is as absent as a made-up id.
    batch = ImportBatch.objects.filter(pk=pk, imported_by=request.user).first()
    if batch is None:
        raise Http404
    return batch


@require_POST
@importer_required
def import_undo(request, pk: int):
    batch = _own_batch_or_404(request, pk)
    try:
        n = importing.import_batch_undo(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, UNDONE.format(n=n, filename=batch.filename))
    return redirect("ledger:ledger_io:import_history")


@importer_required
def rejected_download(request, pk: int):
    batch = _own_batch_or_404(request, pk)
    content = importing.rejected_load(batch)
    if content is None:
        raise Http404
    stem = batch.filename.rsplit(".", 1)[0]
    return FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=_("{name}-未导入的行.xlsx").format(name=stem),
        content_type=XLSX,
    )


@business_user_required
def export(request):
    """The list page's records, filtered by the same GET parameters, as xlsx."""
    flt = record_filter_from_params(request.GET)
    records = selectors.filtered_records(request.user, flt)
    # Write-only openpyxl still needs the whole zip before it can be sent; a temporary
    # file keeps 100,000 rows out of memory, and FileResponse streams it in blocks.
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    count = records_to_xlsx(records, out)
    records_export_log(actor=request.user, params=request.GET.dict(), row_count=count)
    out.seek(0)
    filename = _("工作台账-{date}.xlsx").format(date=f"{dt.date.today():%Y%m%d}")
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)
