"""The casebook download: /reports/casebook/?year=2022&tag=十大创新特色案例."""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.decorators import business_user_required
from tongxin.reports.casebook import (
    NO_CASES,
    casebook_docx,
    casebook_records,
    casebook_title,
    casebook_unit,
)
from tongxin.reports.views.reviews import DOCX

BAD_YEAR = _("请用 year 参数指定年度（如 ?year=2022）。")


@business_user_required
def casebook_download(request):
    year = request.GET.get("year", "").strip()
    if not (year.isdigit() and 1900 <= int(year) <= 2999):
        return HttpResponseBadRequest(BAD_YEAR, content_type="text/plain; charset=utf-8")
    year = int(year)
    tag = request.GET.get("tag", "").strip()[:30] or None
    records = list(casebook_records(user=request.user, year=year, tag=tag))
    if not records:
        messages.info(request, NO_CASES)
        return redirect("reports:review_list")
    unit = casebook_unit(request.user)
    title = casebook_title(year=year, tag=tag)
    content = casebook_docx(records=records, title=title, unit=unit.name if unit else "", year=year)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"casebook-{year}.docx\"; filename*=UTF-8''{quote(title)}.docx"
    )
    return response
