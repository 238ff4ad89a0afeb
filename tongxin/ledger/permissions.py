"""What a user may do with a record. Visibility itself lives in accounts.access."""

from tongxin.accounts.roles import Role
from tongxin.ledger.models import RecordStatus, WorkRecord

EDITABLE_STATUSES = {
    RecordStatus.DRAFT,
    RecordStatus.SUBMITTED,
    RecordStatus.RETURNED,
    RecordStatus.APPROVED,
}


def can_record(user) -> bool:
    """May create records at all."""
    return user.is_authenticated and user.role in (Role.EDITOR, Role.REPORTER)


def can_edit(user, record: WorkRecord) -> bool:
    # Callers hold a record fetched through the scoped lookup, so the unit is visible.
    return can_record(user) and record.status in EDITABLE_STATUSES


def can_review(user) -> bool:
    """May approve and return submitted records."""
    return user.is_authenticated and user.role in (Role.EDITOR, Role.LEADER)
