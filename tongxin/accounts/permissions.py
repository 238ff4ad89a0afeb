"""What each of the three administrators (三员) may do. Each holds one role, so no
account can do two of their jobs; the services check these, the views too.

- sysadmin 系统管理员: users (create, edit, reset password, unlock, deactivate) and units;
  never roles, never the audit trail.
- secadmin 安全管理员: grants and revokes roles, resets a lost second factor; never
  business data, users' details, units or the audit trail.
- auditor 安全审计员: reads and exports the audit trail, and nothing else.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.roles import ADMIN_ROLES, Role

NOT_ALLOWED = _("您的角色不能执行此操作。")


def _has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == role)


def can_manage_users(user) -> bool:
    return _has_role(user, Role.SYSADMIN)


def can_manage_units(user) -> bool:
    return _has_role(user, Role.SYSADMIN)


def can_grant_roles(user) -> bool:
    return _has_role(user, Role.SECADMIN)


def can_read_audit(user) -> bool:
    return _has_role(user, Role.AUDITOR)


def can_take_part_in_admin_requests(user) -> bool:
    """Requesting or approving a change to an administrator's account: any of the
    three, never on its own account, never approving its own request."""
    return bool(user and user.is_authenticated and user.is_active and user.role in ADMIN_ROLES)


def can_see_accounts(user) -> bool:
    """The user list: the two administrators who act on accounts."""
    return can_manage_users(user) or can_grant_roles(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def require_actor(actor, check) -> None:
    """Services: `actor` None is the console or the system itself (migrations, the
    demo, `createsuperuser`); anyone else must pass `check`."""
    if actor is not None:
        require(check(actor))
