"""Chinese substring search over record titles and descriptions."""

from django.db.models import Q, QuerySet


def filter_records(qs: QuerySet, query: str) -> QuerySet:
    """Records whose title or description contains every space-separated term."""
    for term in query.split():
        qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    return qs
