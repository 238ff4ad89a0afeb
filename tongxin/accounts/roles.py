"""The roles a user can hold. One role per account, so no account can hold two
of the three administrators' roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("部机关干部")
    REPORTER = "reporter", _("填报员")
    LEADER = "leader", _("部领导")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("安全审计员")
    # A new account, or one whose role the security administrator revoked: it can
    # log in and change its password, and sees nothing else.
    NONE = "none", _("未分配角色")


# Roles that work with business data (records, indicators, requests, reviews).
BUSINESS_ROLES = frozenset({Role.EDITOR, Role.REPORTER, Role.LEADER})
# 三员: they administer the system and never touch business data.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
# Roles that see every unit's business data.
CITYWIDE_ROLES = frozenset({Role.EDITOR, Role.LEADER})
# Roles that must log in with a second factor.
OTP_REQUIRED_ROLES = ADMIN_ROLES
