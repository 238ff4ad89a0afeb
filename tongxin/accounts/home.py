"""The administrators' home cards: the system administrator's units and users, the
security administrator's locked accounts and roles to grant."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role


def _user_counts() -> dict:
    return User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        no_role=Count("pk", filter=Q(is_active=True, role=Role.NONE)),
        locked=Count("pk", filter=Q(locked_until__gt=timezone.now())),
    )


def sysadmin_card(request) -> dict:
    counts = _user_counts()
    users = reverse("accounts:user_list")
    return {
        "title": _("单位与用户"),
        "url": users,
        "rows": [
            {
                "key": "units",
                "label": _("单位"),
                "count": Unit.objects.count(),
                "url": reverse("accounts:unit_list"),
            },
            {"key": "users", "label": _("在用账号"), "count": counts["active"], "url": users},
            {"key": "no-role", "label": _("待分配角色"), "count": counts["no_role"], "url": users},
        ],
        "action": {"label": _("新建用户"), "url": reverse("accounts:user_create")},
    }


def secadmin_card(request) -> dict:
    counts = _user_counts()
    users = reverse("accounts:user_list")
    return {
        "title": _("账号安全"),
        "url": users,
        "rows": [
            {"key": "locked", "label": _("被锁定的账号"), "count": counts["locked"], "url": users},
            {"key": "no-role", "label": _("待授予角色"), "count": counts["no_role"], "url": users},
        ],
    }
