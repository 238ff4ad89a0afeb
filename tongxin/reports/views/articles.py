from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tongxin.accounts.decorators import business_user_required
from tongxin.ledger.forms import units_for
from tongxin.ledger.models import RecordType
from tongxin.ledger.permissions import can_record
from tongxin.reports.forms import ArticleFactsForm, ArticleForm
from tongxin.reports.reading import text_from_upload
from tongxin.reports.selectors import articles as selectors
from tongxin.reports.services import articles as services

# How much of the body the facts step shows, to recognise the article by.
PREVIEW_CHARS = 400


@business_user_required
def article_list(request):
    page = Paginator(selectors.article_queryset(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/article_list.html",
        {
            "page": page,
            "can_record": can_record(request.user),
        },
    )


@business_user_required
def article_new(request):
    """Two steps: the text (pasted or a file) is read, then its title, outlet, date
    and author are shown, filled from the text, to correct before saving."""
    if not can_record(request.user):
        raise PermissionDenied
    units = units_for(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        facts_form = ArticleFactsForm(request.POST, units=units)
        if facts_form.is_valid():
            data = facts_form.cleaned_data
            try:
                article = services.article_read(
                    actor=request.user,
                    unit=data["unit"],
                    text=data["text"],
                    source_name=data["source_name"],
                    title=data["title"],
                    outlet=data["outlet"],
                    published_on=data["published_on"],
                    author=data["author"],
                )
            except ValidationError as exc:
                facts_form.add_error(None, exc.messages)
            else:
                messages.success(request, _("文章已读入，并已登记为一条宣传报道记录（待审核）。"))
                return redirect("reports:article_detail", pk=article.pk)
        return _facts_page(request, facts_form, body=facts_form.data.get("text", ""))
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": request.user.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                text, name = text_from_upload(upload.name, upload.read()), upload.name
            else:
                text, name = form.cleaned_data["text"], ""
            facts = services.article_facts(text)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            facts_form = ArticleFactsForm(
                initial={
                    "unit": form.cleaned_data["unit"].pk,
                    "title": facts["title"],
                    "outlet": facts["outlet"],
                    "published_on": facts["published_on"],
                    "author": facts["author"],
                    "text": text,
                    "source_name": name,
                },
                units=units,
            )
            return _facts_page(request, facts_form, body=facts["body"])
    return render(request, "reports/article_new.html", {"form": form})


def _facts_page(request, facts_form, *, body: str):
    excerpt = body.strip()[:PREVIEW_CHARS]
    return render(
        request,
        "reports/article_facts.html",
        {"form": facts_form, "excerpt": excerpt, "more": len(body.strip()) > PREVIEW_CHARS},
    )


@business_user_required
def article_detail(request, pk: int):
    article = selectors.article_get(request.user, pk)
    claims = services.article_claims(article)
    segments = selectors.article_segments(article.body, claims)
    return render(
        request,
        "reports/article_detail.html",
        {
            "article": article,
            "claims": list(enumerate(claims)),
            "segments": segments,
            "corruption_count": sum(1 for s in segments if s["kind"] == "corrupt"),
            "types": RecordType.objects.filter(is_active=True),
            "can_record": can_record(request.user),
        },
    )


@business_user_required
@require_POST
def article_drafts(request, pk: int):
    article = selectors.article_get(request.user, pk)
    if not can_record(request.user):
        raise PermissionDenied
    types = {str(t.pk): t for t in RecordType.objects.filter(is_active=True)}
    choices = {}
    for raw in request.POST.getlist("claims"):
        if raw.isdigit() and types.get(request.POST.get(f"type_{raw}", "")):
            choices[int(raw)] = types[request.POST[f"type_{raw}"]]
    try:
        drafts = services.article_claims_to_drafts(
            actor=request.user, article=article, choices=choices
        )
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
        return redirect("reports:article_detail", pk=article.pk)
    message = ngettext(
        "已生成 %(n)d 条草稿记录，请到待办中核对后提交。",
        "已生成 %(n)d 条草稿记录，请到待办中核对后提交。",
        len(drafts),
    )
    messages.success(request, message % {"n": len(drafts)})
    return redirect("inbox:inbox")
