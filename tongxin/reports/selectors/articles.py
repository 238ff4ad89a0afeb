from django.db.models import QuerySet

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.reports.models import Article
from tongxin.text import find_corruption


def article_queryset(user) -> QuerySet[Article]:
    return scope_queryset(
        user, Article.objects.select_related("unit", "publicity_record"), unit_field="unit"
    )


def article_get(user, pk) -> Article:
    return get_object_for_user(
        user, Article.objects.select_related("unit", "read_by"), pk, unit_field="unit"
    )


def article_segments(text: str, claims: list[dict]) -> list[dict]:
    """The body cut into plain, claim and corruption pieces, for the page to mark up."""
    marks = [(c["start"], c["end"], "claim", i) for i, c in enumerate(claims)]
    marks += [(s.start, s.end, "corrupt", None) for s in find_corruption(text)]
    marks.sort()
    segments, pos = [], 0
    for start, end, kind, index in marks:
        if start < pos:
            continue  # overlapping marks: the first wins
        if start > pos:
            segments.append({"kind": "text", "text": text[pos:start]})
        segments.append({"kind": kind, "text": text[start:end], "index": index})
        pos = end
    if pos < len(text):
        segments.append({"kind": "text", "text": text[pos:]})
    return segments
