"""The ledger record reports writes, as a record owner (ledger/owners.py), registered
in ReportsConfig.ready(): an article read in is counted as a publicity record."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.ledger.owners import OwnerKind, check_standing, no_path, register
from tongxin.reports.models import Article


def _articles(records):
    rows = Article.objects.filter(publicity_record__in=[r.pk for r in records])
    return {row.publicity_record_id: row for row in rows}


def _label(article: Article) -> str:
    return _("文章“{title}”").format(title=article.title)


def _check(year):
    rows = Article.objects.select_related("publicity_record").filter(publicity_record__isnull=False)
    if year:
        rows = rows.filter(publicity_record__date__year=year)
    return check_standing(rows, label=_label, record_attr="publicity_record")


def register_record_owners() -> None:
    key = "reports.article"
    register(
        OwnerKind(
            key=key,
            type_codes=frozenset(["publicity"]),
            find=_articles,
            label=_label,
            url=lambda article: reverse("reports:article_detail", args=[article.pk]),
            amend=no_path(key, "amend"),
            withdraw=no_path(key, "withdraw"),
            place=_("文章页面"),
            check=_check,
        )
    )
