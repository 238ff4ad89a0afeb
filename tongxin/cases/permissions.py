"""What a user may do with enterprises and cases. Visibility lives in accounts.access."""

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.roles import Role
from tongxin.cases.models import Case


def can_keep_enterprise(user, district) -> bool:
    """Editors keep every enterprise; a reporter those of their own subtree."""
    if not user.is_authenticated or user.role not in (Role.EDITOR, Role.REPORTER):
        return False
    return district is None or can_act_for_unit(user, district)


def can_register(user) -> bool:
    """Receive, screen, assign, record feedback and close: the department's staff."""
    return user.is_authenticated and user.role == Role.EDITOR


def can_handle(user, case: Case) -> bool:
    """Start and reply: the department, or a reporter of the lead or an assisting unit."""
    if can_register(user):
        return True
    if not user.is_authenticated or user.role != Role.REPORTER:
        return False
    units = ([case.lead_unit] if case.lead_unit_id else []) + list(case.assisting_units.all())
    return any(can_act_for_unit(user, unit) for unit in units)
