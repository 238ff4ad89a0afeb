from django.db.models import Count, Q, QuerySet

from tongxin.accounts.access import visible_units
from tongxin.accounts.models import Unit, User


def unit_directory_for_user(user: User) -> QuerySet[Unit]:
    """The units `user` may see, in tree order, with their member counts."""
    return visible_units(user).annotate(user_count=Count("users")).order_by("path")


def unit_members(unit: Unit) -> QuerySet[User]:
    return unit.users.filter(is_active=True).select_related("unit").order_by("username")


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.select_related("parent").order_by("sort_order", "code")


def accounts(*, q: str = "") -> QuerySet[User]:
    """Every account, for the administrators' list; `q` matches login or name."""
    qs = User.objects.select_related("unit").order_by("-is_active", "username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return qs
