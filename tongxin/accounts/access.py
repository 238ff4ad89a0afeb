"""The one permission layer: who may see which unit's objects.

Every view that takes an id fetches through `get_object_for_user` (or a
`get_<thing>_for_user` built on it), so unit scoping is decided here and
nowhere else. An object is visible to
- users whose unit is the object's owning unit or above it (the owner's subtree
  is theirs: a county reporter sees its own county's objects; the rule
  `user.unit.path` is a prefix of the object's unit path),
- users of units taking part in it (an assisting unit on a request, say),
- the department's editors and leaders, who see every unit.
The three administrators see no business data.
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import ADMIN_ROLES, CITYWIDE_ROLES, Role

NOT_FOUND = _("找不到该对象，或您无权查看。")


def sees_all_units(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in CITYWIDE_ROLES


def _unit_path(user: User) -> str | None:
    if not (user.is_authenticated and user.is_active) or user.unit_id is None:
        return None
    return user.unit.path


def scope_queryset(
    user: User,
    queryset: QuerySet,
    *,
    unit_field: str = "unit",
    participant_field: str | None = None,
) -> QuerySet:
    """`queryset` narrowed to the business objects `user` may see."""
    if sees_all_units(user):
        return queryset
    if user.role in ADMIN_ROLES or user.role != Role.REPORTER:
        return queryset.none()
    path = _unit_path(user)
    if path is None:
        return queryset.none()
    # The unit ids as a subquery, not a join on the path: the database can then read
    # an index that starts with the unit (the ledger's unit-and-date index covers a
    # county's list and totals) instead of walking every record of the period.
    subtree = Unit.objects.filter(path__startswith=path).values("pk")
    condition = Q(**{f"{unit_field}__in": subtree})
    if participant_field:
        condition |= Q(**{f"{participant_field}__in": subtree})
        return queryset.filter(condition).distinct()
    return queryset.filter(condition)


def get_object_for_user(
    user: User,
    queryset: QuerySet,
    pk,
    *,
    unit_field: str = "unit",
    participant_field: str | None = None,
) -> Model:
    """The object with `pk` if `user` may see it; otherwise 404 (never 403, so
    the existence of another unit's object is not revealed)."""
    scoped = scope_queryset(
        user, queryset, unit_field=unit_field, participant_field=participant_field
    )
    try:
        return scoped.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def can_act_for_unit(user: User, unit: Unit) -> bool:
    """May `user` record business data on behalf of `unit`?"""
    if sees_all_units(user):
        return True
    path = _unit_path(user) if user.role == Role.REPORTER else None
    return path is not None and unit.path.startswith(path)


def visible_units(user: User) -> QuerySet[Unit]:
    """Units shown in the directory: all for the department and the system and
    security administrators, a reporter's own subtree; none for the auditor, who
    reads the audit trail and nothing else."""
    units = Unit.objects.select_related("parent")
    if not (user.is_authenticated and user.is_active) or user.role == Role.AUDITOR:
        return units.none()
    if sees_all_units(user) or user.role in ADMIN_ROLES:
        return units
    path = _unit_path(user)
    return units.filter(path__startswith=path) if path else units.none()


def get_unit_for_user(user: User, pk) -> Unit:
    try:
        return visible_units(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def get_account_for_admin(user: User, pk) -> User:
    """An account, for the system and security administrators' pages: 403 for
    anyone else, 404 when there is no such account."""
    from tongxin.accounts import permissions

    permissions.require(permissions.can_see_accounts(user))
    try:
        return User.objects.select_related("unit", "successor").get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def get_unit_for_admin(user: User, pk) -> Unit:
    """A unit, for the system administrator's edit page: 403 for anyone else."""
    from tongxin.accounts import permissions

    permissions.require(permissions.can_manage_units(user))
    return get_unit_for_user(user, pk)
