"""Pages of the annual review: list, preview, edit with live preview, sign-off, .docx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.roles import Role
from tongxin.core.decorators import business_user_required
from tongxin.reports import review_services
from tongxin.reports.docx_export import review_docx
from tongxin.reports.models import Review
from tongxin.reports.review_selectors import (
    changes_since_publication,
    render_source,
    rendered_version,
    version_diff,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_review_for_user(user, pk) -> Review:
    return get_object_for_user(
        user, Review.objects.select_related("unit", "published_version"), pk, unit_field="unit"
    )


def _version(review: Review, number: str | None):
    versions = review.versions.select_related("created_by", "signed_by")
    if number and number.isdigit():
        found = versions.filter(number=int(number)).first()
        if found:
            return found
    return versions.order_by("-number").first()


@business_user_required
def review_list(request):
    reviews = scope_queryset(
        request.user, Review.objects.select_related("unit", "published_version"), unit_field="unit"
    )
    return render(request, "reports/review_list.html", {"reviews": reviews})


@business_user_required
def review_detail(request, pk: int):
    review = get_review_for_user(request.user, pk)
    version = _version(review, request.GET.get("v"))
    rendered = rendered_version(version)
    changed = changes_since_publication(version, rendered)
    other = request.GET.get("compare", "")
    diff = version_diff(_version(review, other), version) if other.isdigit() else None
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "version": version,
            "rendered": rendered,
            "changed": changed,
            "diff": diff,
            "versions": review.versions.select_related("created_by", "signed_by"),
            "comments": version.comments.select_related("author"),
            "can_edit": request.user.role == Role.EDITOR,
            "can_sign": request.user.role == Role.LEADER and not review.published_version_id,
        },
    )


@business_user_required
def review_edit(request, pk: int):
    review = get_review_for_user(request.user, pk)
    if request.user.role != Role.EDITOR:
        raise PermissionDenied
    latest = _version(review, None)
    source = request.POST.get("source", latest.source)
    if request.method == "POST":
        try:
            version = review_services.review_version_save(
                actor=request.user,
                review=review,
                source=source,
                note=request.POST.get("note", ""),
                based_on=int(request.POST["based_on"]),
            )
        except (ValidationError, ValueError, KeyError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", ["保存失败，请重试。"])))
        else:
            messages.success(request, f"已保存为第 {version.number} 版。")
            return redirect("reports:review_detail", pk=review.pk)
    rendered = render_source(title=review.title, source=source, year=review.year, unit=review.unit)
    return render(
        request,
        "reports/review_edit.html",
        {
            "review": review,
            "latest": latest,
            "source": source,
            "rendered": rendered,
        },
    )


@business_user_required
@require_POST
def review_preview(request, pk: int):
    """The live preview beside the editor (htmx)."""
    review = get_review_for_user(request.user, pk)
    rendered = render_source(
        title=review.title,
        source=request.POST.get("source", ""),
        year=review.year,
        unit=review.unit,
    )
    return render(request, "reports/_review_body.html", {"review": review, "rendered": rendered})


@business_user_required
@require_POST
def review_sign_off(request, pk: int):
    review = get_review_for_user(request.user, pk)
    version = _version(review, request.POST.get("v"))
    try:
        review_services.review_sign_off(actor=request.user, version=version)
        messages.success(request, f"已签发第 {version.number} 版。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect("reports:review_detail", pk=review.pk)


@business_user_required
@require_POST
def review_comment(request, pk: int):
    review = get_review_for_user(request.user, pk)
    version = _version(review, request.POST.get("v"))
    try:
        review_services.review_comment_add(
            actor=request.user, version=version, text=request.POST.get("text", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"/reports/reviews/{review.pk}/?v={version.number}")


@business_user_required
def review_docx_download(request, pk: int):
    review = get_review_for_user(request.user, pk)
    version = _version(review, request.GET.get("v"))
    rendered = rendered_version(version)
    if rendered.errors:
        messages.error(request, "模板中有错误，不能导出：" + "；".join(rendered.errors))
        return redirect("reports:review_detail", pk=review.pk)
    response = HttpResponse(review_docx(rendered.title, rendered.blocks), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="review-{review.year}.docx"'
    return response
