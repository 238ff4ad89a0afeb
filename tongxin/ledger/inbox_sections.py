"""The ledger's sections of the 待办 inbox (core/inbox.py), registered in
LedgerConfig.ready(): corrections and records to review, records returned, drafts,
and forms autosaved but not saved."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import scope_queryset
from tongxin.accounts.roles import Role
from tongxin.core.inbox import InboxSection
from tongxin.ledger.models import (
    Correction,
    CorrectionStatus,
    Evidence,
    FormDraft,
    RecordStatus,
)
from tongxin.ledger.permissions import can_review
from tongxin.ledger.selectors import records_visible_to


def _records(user) -> QuerySet:
    return records_visible_to(user).select_related("unit", "record_type")


def records_to_review(user) -> QuerySet:
    if not can_review(user):
        return records_visible_to(user).none()
    return records_visible_to(user).filter(status=RecordStatus.SUBMITTED)


def records_returned_or_draft(user) -> QuerySet:
    # One count for both, on the (created_by, status) index: an OR with the records
    # to review walked the whole table (seconds at 5M rows on PostgreSQL).
    return records_visible_to(user).filter(
        status__in=[RecordStatus.RETURNED, RecordStatus.DRAFT], created_by=user
    )


def corrections_to_review(user) -> QuerySet:
    if user.role != Role.EDITOR:
        return Correction.objects.none()
    return scope_queryset(
        user,
        Correction.objects.filter(status=CorrectionStatus.PENDING),
        unit_field="unit",
    )


# What waits on the user's own action comes first (decisions, then records to fix),
# before the reminders of other apps (overdue requests 10, missed meetings 20).
SECTIONS = [
    InboxSection(
        key="corrections",
        title=_("待审核的更正"),
        order=5,
        template="ledger/_inbox_corrections.html",
        items=lambda user, *, limit, today: corrections_to_review(user).select_related(
            "record", "unit", "requested_by"
        )[:limit],
        count_rows=corrections_to_review,
    ),
    InboxSection(
        key="to_review",
        title=_("待审核的记录"),
        order=6,
        template="ledger/_inbox_to_review.html",
        items=lambda user, *, limit, today: (
            records_to_review(user)
            .select_related("unit", "record_type")
            # The approver sees the evidence in the row: one query for all rows.
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.filter(is_removed=False),
                    to_attr="shown_evidence",
                )
            )
            .order_by("submitted_at", "id")[:limit]
        ),
        count_rows=records_to_review,
    ),
    InboxSection(
        key="returned",
        title=_("被退回的记录"),
        order=7,
        template="ledger/_inbox_returned.html",
        items=lambda user, *, limit, today: (
            _records(user)
            .filter(status=RecordStatus.RETURNED, created_by=user)
            .order_by("-updated_at")[:limit]
        ),
        # The drafts too (their section counts nothing of its own).
        count_rows=records_returned_or_draft,
    ),
    InboxSection(
        key="drafts",
        title=_("未提交的草稿"),
        order=60,
        template="ledger/_inbox_drafts.html",
        items=lambda user, *, limit, today: (
            _records(user)
            .filter(status=RecordStatus.DRAFT, created_by=user)
            .order_by("-updated_at")[:limit]
        ),
    ),
    InboxSection(
        key="autosaved",
        title=_("未保存完的填写"),
        order=70,
        template="ledger/_inbox_autosaved.html",
        items=lambda user, *, limit, today: (
            FormDraft.objects.filter(user=user)
            .select_related("record")
            .order_by("-updated_at")[:limit]
        ),
        count_rows=lambda user: FormDraft.objects.filter(user=user),
    ),
]
