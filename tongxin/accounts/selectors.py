from django.db.models import Count, Q, QuerySet

from tongxin.accounts.access import visible_units
from tongxin.accounts.models import AdminRequest, AdminRequestStatus, Unit, User


def unit_directory(user: User) -> QuerySet[Unit]:
    """The units `user` may see, in tree order, with their member counts."""
    return visible_units(user).annotate(user_count=Count("users")).order_by("path")


def subtree_unit_ids(path) -> list[int]:
    """The ids of the unit at `path` (a string, or an expression giving it) and of every
    unit below it, in one small query. Records filtered by this list, rather than by a
    join on the unit path, can be read from an index that starts with the unit, and on
    PostgreSQL keep that plan when a prepared statement turns generic."""
    return list(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


def unit_members(unit: Unit) -> QuerySet[User]:
    return unit.users.filter(is_active=True).select_related("unit").order_by("username")


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.select_related("parent").order_by("sort_order", "code")


def user_list(*, q: str = "") -> QuerySet[User]:
    """Every account, for the administrators' list; `q` matches login or name."""
    qs = User.objects.select_related("unit").order_by("-is_active", "username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return qs


def admin_request_list(*, user: User) -> dict[str, list]:
    """The two-person rule's page for one administrator: what waits on their
    approval (not their own requests, not requests about their own account), and
    the latest requests of all."""
    qs = AdminRequest.objects.select_related("target", "requested_by", "approved_by")
    pending = qs.filter(status=AdminRequestStatus.PENDING)
    return {
        "awaiting": list(pending.exclude(requested_by=user).exclude(target=user)),
        "mine": list(pending.filter(requested_by=user)),
        "recent": list(qs.exclude(status=AdminRequestStatus.PENDING)[:30]),
    }


def admin_request_awaiting_count(user: User) -> int:
    return (
        AdminRequest.objects.filter(status=AdminRequestStatus.PENDING)
        .exclude(requested_by=user)
        .exclude(target=user)
        .count()
    )
