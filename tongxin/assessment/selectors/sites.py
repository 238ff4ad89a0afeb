"""Reads of the sites registry: a site is visible to its unit's subtree and to the
department; the records held there are shown as the user may see them."""

from django.db.models import Count, QuerySet

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.assessment.models import Site, SiteCategory
from tongxin.ledger.models import WorkRecord


def site_list(user: User, *, category: str = "") -> QuerySet[Site]:
    qs = scope_queryset(user, Site.objects.select_related("unit", "record"))
    if category in SiteCategory.values:
        qs = qs.filter(category=category)
    return qs


def site_counts_by_category(user: User) -> list[tuple[str, str, int]]:
    """(category, label, how many sites) for the sites the user may see: one query."""
    counts = dict(
        scope_queryset(user, Site.objects.all())
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
    )
    return [(value, label, counts.get(value, 0)) for value, label in SiteCategory.choices]


def site_get(user: User, pk) -> Site:
    return get_object_for_user(user, Site.objects.select_related("unit", "record"), pk)


def site_records(user: User, site: Site) -> QuerySet[WorkRecord]:
    return (
        scope_queryset(user, WorkRecord.objects.filter(sites_held_at=site))
        .select_related("unit", "record_type")
        .order_by("-date", "-id")
    )
