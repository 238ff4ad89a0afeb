"""下载PDF: the review converted by LibreOffice (see `tongxin.reports.review_pdf`)."""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tongxin.accounts.decorators import business_user_required
from tongxin.reports.review_pdf import ConversionBusy, ConversionFailed, pdf_soffice, review_pdf
from tongxin.reports.selectors.reviews import review_get, review_version_rendered
from tongxin.reports.views.reviews import _version

log = logging.getLogger(__name__)


@business_user_required
def review_pdf_download(request, pk: int):
    review = review_get(request.user, pk)
    version = _version(review, request.GET.get("v"))
    back = redirect("reports:review_detail", pk=review.pk)
    if pdf_soffice() is None and not version.signed_at:
        messages.error(request, _("服务器未安装 LibreOffice，暂不能导出 PDF。"))
        return back
    rendered = review_version_rendered(version)
    if rendered.errors:
        messages.error(request, _("模板中有错误，不能导出：") + _("；").join(rendered.errors))
        return back
    try:
        pdf = review_pdf(version, rendered)
    except ConversionBusy:
        messages.warning(request, _("PDF 正在生成，请稍后再试。"))
        return back
    except (ConversionFailed, RuntimeError) as exc:
        log.warning("review %s v%s: PDF conversion failed: %s", review.pk, version.number, exc)
        messages.error(request, _("PDF 生成失败，请稍后再试或导出 Word。"))
        return back
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"review-{review.year}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
