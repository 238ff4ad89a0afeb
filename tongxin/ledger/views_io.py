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

from tongxin.core.decorators import business_user_required
from tongxin.ledger import importing, permissions, selectors
from tongxin.ledger.exporting import (
    record_filter_from_params,
    records_export_log,
    records_to_xlsx,
)
from tongxin.ledger.models import RecordType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500
DUPLICATES_SHOWN = 1000
SAMPLE_ROWS = 10
NOT_XLSX = gettext_lazy("请上传 .xlsx 格式的 Excel 文件（旧的 .xls 请先另存为 .xlsx）。")
IMPORTED = gettext_lazy("已导入 {n} 条记录（文件“{filename}”），等待审核。")


def importer_required(view):
    """Import pages: editors and reporters. Leaders and the three administrators get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_record(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ImportUploadForm(forms.Form):
    record_type = forms.ModelChoiceField(
        label=gettext_lazy("记录类型"), queryset=RecordType.objects.filter(is_active=True)
    )
    file = forms.FileField(
        label=gettext_lazy("Excel 文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_IMPORT_BYTES:
            raise ValidationError(importing.reading.FILE_TOO_LARGE)
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # an xlsx is a zip archive
            raise ValidationError(NOT_XLSX)
        return upload


@importer_required
def import_start(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            sha = importing.pending_save(
                actor=request.user,
                record_type=form.cleaned_data["record_type"],
                filename=upload.name,
                content=upload.read(),
            )
            return redirect("ledger:ledger_io:import_preview", sha=sha)
    else:
        chosen = RecordType.objects.filter(is_active=True, code=request.GET.get("type")).first()
        form = ImportUploadForm(initial={"record_type": chosen})
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


@importer_required
def import_preview(request, sha: str):
    pending = _pending_or_404(request, sha)
    preview = importing.import_preview(
        actor=request.user,
        record_type=pending.record_type,
        uploaded_bytes=pending.content,
        filename=pending.filename,
    )
    row_errors = [e for e in preview.errors if e.row is not None]
    context = {
        "pending": pending,
        "preview": preview,
        "file_errors": [e for e in preview.errors if e.row is None],
        "row_errors": row_errors[:ERRORS_SHOWN],
        "hidden_errors": max(0, len(row_errors) - ERRORS_SHOWN),
        "duplicates": preview.duplicates[:DUPLICATES_SHOWN],
        "hidden_duplicates": max(0, len(preview.duplicates) - DUPLICATES_SHOWN),
        "sample": preview.rows[:SAMPLE_ROWS],
        "to_import": len(preview.rows) - len(preview.duplicates),
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
    try:
        batch = importing.import_commit(
            actor=request.user,
            record_type=pending.record_type,
            uploaded_bytes=pending.content,
            filename=pending.filename,
            keep_duplicates=keep,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _go(request, reverse("ledger:ledger_io:import_preview", kwargs={"sha": sha}))
    importing.pending_discard(actor=request.user, sha256=sha)
    messages.success(request, IMPORTED.format(n=batch.row_count, filename=batch.filename))
    return _go(request, reverse("ledger:record_list") + "?status=submitted")


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
