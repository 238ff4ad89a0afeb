"""The audit trail's pages: the security auditor's, and nobody else's."""

import datetime as dt
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render

from tongxin.accounts import permissions
from tongxin.audit.describe import describe_events
from tongxin.audit.exporting import events_to_xlsx
from tongxin.audit.forms import AuditFilterForm
from tongxin.audit.selectors import audit_events
from tongxin.audit.services import audit_export_log

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params(request) -> dict:
    return {k: v for k, v in request.GET.items() if v and k != "page"}


@login_required
def event_list(request):
    permissions.require(permissions.can_read_audit(request.user))
    form = AuditFilterForm(request.GET or None)
    events = audit_events(form.to_filter() if form.is_bound else AuditFilterForm().to_filter())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    describe_events(page.object_list)
    query = "&".join(f"{k}={v}" for k, v in _params(request).items())
    return render(
        request,
        "audit/event_list.html",
        {"form": form if form.is_bound else AuditFilterForm(), "page": page, "query": query},
    )


@login_required
def event_export(request):
    permissions.require(permissions.can_read_audit(request.user))
    form = AuditFilterForm(request.GET or None)
    flt = form.to_filter() if form.is_bound else AuditFilterForm().to_filter()
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    count = events_to_xlsx(audit_events(flt), out)
    audit_export_log(actor=request.user, params=_params(request), row_count=count)
    out.seek(0)
    filename = f"审计日志-{dt.date.today():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)
