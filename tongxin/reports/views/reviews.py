"""Pages of the annual review: list, preview, edit with live preview, sign-off, .docx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import scope_queryset, visible_units
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.reports.docx_export import review_docx
from tongxin.reports.models import Review
from tongxin.reports.review_pdf import pdf_soffice
from tongxin.reports.review_source import (
    KINDS,
    blocks_from_source,
    display_names,
    figure_token,
    from_display,
    literal_figures,
    mark_literals,
    source_from_blocks,
)
from tongxin.reports.selectors.reviews import (
    indicator_codes,
    review_changes_since_publication,
    review_figure_choices,
    review_get,
    review_render,
    review_version_diff,
    review_version_rendered,
)
from tongxin.reports.services import reviews as review_services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _versions(review: Review) -> list:
    """The review's versions, newest first (a review has tens at most)."""
    return list(review.versions.select_related("created_by", "signed_by").order_by("-number"))


def _chosen(versions: list, number: str | None):
    """The version numbered `number` among `versions` (newest first), else the newest;
    None when there are none."""
    if number and number.isdigit():
        found = next((v for v in versions if v.number == int(number)), None)
        if found:
            return found
    return versions[0] if versions else None


def _version(review: Review, number: str | None):
    return _chosen(_versions(review), number)


@business_user_required
def review_list(request):
    reviews = scope_queryset(
        request.user,
        # Meta.ordering is dropped in a GROUP BY query: order explicitly.
        Review.objects.select_related("unit", "published_version__signed_by")
        .annotate(version_count=Count("versions"))
        .order_by("-year", "unit__path"),
        unit_field="unit",
    )
    return render(
        request,
        "reports/review_list.html",
        {"reviews": reviews, "can_create": request.user.role == Role.EDITOR},
    )


@business_user_required
def review_new(request):
    """新建综述: a year and a unit, from last year's review of the unit or the default."""
    if request.user.role != Role.EDITOR:
        raise PermissionDenied
    units = visible_units(request.user).order_by("path")
    year = request.POST.get("year") or str(timezone.localdate().year)
    if request.method == "POST":
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        try:
            if unit is None or not year.isdigit() or not 2000 <= int(year) <= 2999:
                raise ValidationError(_("请选择单位并填写年度。"))
            review = review_services.review_start(
                actor=request.user,
                year=int(year),
                unit=unit,
                from_previous=request.POST.get("start") != "default",
            )
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
        else:
            messages.success(request, _("已新建{year}年综述。").format(year=review.year))
            return redirect("reports:review_edit", pk=review.pk)
    return render(request, "reports/review_new.html", {"units": units, "year": year})


@business_user_required
def review_detail(request, pk: int):
    review = review_get(request.user, pk)
    # Read once: the page lists them all, and shows one and maybe compares another.
    versions = _versions(review)
    version = _chosen(versions, request.GET.get("v"))
    rendered = review_version_rendered(version)
    changed = review_changes_since_publication(version)
    other = request.GET.get("compare", "")
    diff = review_version_diff(_chosen(versions, other), version) if other.isdigit() else None
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "version": version,
            "rendered": rendered,
            "changed": changed,
            "diff": diff,
            "versions": versions,
            "comments": version.comments.select_related("author"),
            "can_edit": request.user.role == Role.EDITOR,
            # Re-publishing: a version saved after the signed one may be signed in turn.
            "can_sign": request.user.role == Role.LEADER
            and not version.signed_at
            and (
                not review.published_version_id or version.number > review.published_version.number
            ),
            "pdf_enabled": pdf_soffice() is not None,
        },
    )


def _posted_source(request) -> str | None:
    """The source from the structured editor's fields (or a raw `source`)."""
    if "kind" in request.POST:
        texts = request.POST.getlist("text")
        codes = indicator_codes(set().union(*map(display_names, texts)) if texts else set())
        return source_from_blocks(
            request.POST.getlist("kind"),
            request.POST.getlist("lead"),
            [from_display(text, codes) for text in texts],
        )
    return request.POST.get("source")


def _preview(review, source: str):
    rendered = review_render(title=review.title, source=source, year=review.year, unit=review.unit)
    mark_literals(rendered.blocks, review.year)
    return rendered


@business_user_required
def review_edit(request, pk: int):
    review = review_get(request.user, pk)
    if request.user.role != Role.EDITOR:
        raise PermissionDenied
    latest = _version(review, None)
    source = _posted_source(request) or latest.source
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
            messages.error(
                request, _("；").join(getattr(exc, "messages", [_("保存失败，请重试。")]))
            )
        else:
            messages.success(request, _("已保存为第 {number} 版。").format(number=version.number))
            return redirect("reports:review_detail", pk=review.pk)
    rendered = _preview(review, source)
    # The editor's tokens name the indicators the preview has just read.
    names = {code: indicator.name for code, indicator in rendered.indicators.items()}
    return render(
        request,
        "reports/review_edit.html",
        {
            "review": review,
            "latest": latest,
            "blocks": blocks_from_source(source, names),
            "kinds": KINDS,
            "rendered": rendered,
            "literals": literal_figures(source, review.year),
        },
    )


@business_user_required
@require_POST
def review_preview(request, pk: int):
    """The live preview beside the editor (htmx): figures and errors marked in place,
    literal years and numbers flagged."""
    review = review_get(request.user, pk)
    source = _posted_source(request) or ""
    return render(
        request,
        "reports/_review_preview.html",
        {
            "review": review,
            "rendered": _preview(review, source),
            "literals": literal_figures(source, review.year),
        },
    )


@business_user_required
def review_figures(request, pk: int):
    """The figure picker's results (htmx): indicators matching the search, each with
    this year's value as it will print in every style that suits it."""
    review = review_get(request.user, pk)
    if request.user.role != Role.EDITOR:
        raise PermissionDenied
    choices = review_figure_choices(review=review, query=request.GET.get("q", ""))
    for choice in choices:
        choice.styles = [
            (style, label, printed, figure_token(choice.indicator.name, style))
            for style, label, printed in choice.styles
        ]
    return render(request, "reports/_review_figures.html", {"choices": choices})


@business_user_required
@require_POST
def review_sign_off(request, pk: int):
    review = review_get(request.user, pk)
    version = _version(review, request.POST.get("v"))
    try:
        review_services.review_sign_off(actor=request.user, version=version)
        messages.success(request, _("已签发第 {number} 版。").format(number=version.number))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    return redirect("reports:review_detail", pk=review.pk)


@business_user_required
@require_POST
def review_comment(request, pk: int):
    review = review_get(request.user, pk)
    version = _version(review, request.POST.get("v"))
    try:
        review_services.review_comment_add(
            actor=request.user, version=version, text=request.POST.get("text", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"/reports/reviews/{review.pk}/?v={version.number}")


@business_user_required
def review_docx_download(request, pk: int):
    review = review_get(request.user, pk)
    version = _version(review, request.GET.get("v"))
    rendered = review_version_rendered(version)
    if rendered.errors:
        messages.error(request, _("模板中有错误，不能导出：") + _("；").join(rendered.errors))
        return redirect("reports:review_detail", pk=review.pk)
    response = HttpResponse(review_docx(rendered.title, rendered.blocks), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="review-{review.year}.docx"'
    return response
