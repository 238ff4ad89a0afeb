from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.core.decorators import business_user_required
from tongxin.ledger.forms import units_for
from tongxin.ledger.models import RecordType
from tongxin.ledger.permissions import can_record
from tongxin.reports import selectors, services
from tongxin.reports.forms import ArticleForm
from tongxin.reports.reading import text_from_upload


@business_user_required
def article_list(request):
    page = Paginator(selectors.articles_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
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
    if not can_record(request.user):
        raise PermissionDenied
    units = units_for(request.user)
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
            article = services.article_read(
                actor=request.user, unit=form.cleaned_data["unit"], text=text, source_name=name
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "文章已读入，并已登记为一条宣传报道记录（待审核）。")
            return redirect("reports:article_detail", pk=article.pk)
    return render(request, "reports/article_new.html", {"form": form})


@business_user_required
def article_detail(request, pk: int):
    article = selectors.get_article_for_user(request.user, pk)
    claims = services.article_claims(article)
    segments = selectors.highlighted_segments(article.body, claims)
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
    article = selectors.get_article_for_user(request.user, pk)
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
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:article_detail", pk=article.pk)
    messages.success(request, f"已生成 {len(drafts)} 条草稿记录，请到待办中核对后提交。")
    return redirect("ledger:inbox")
