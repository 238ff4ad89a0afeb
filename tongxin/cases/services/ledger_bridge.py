"""Writing the results of registry objects into the ledger, so the indicators count
them (docs/architecture.md, "Counting beyond the ledger")."""

import datetime as dt
from decimal import Decimal

from tongxin.accounts.models import Unit, User
from tongxin.cases.models import Enterprise


def ownership_tag(enterprise: Enterprise) -> str:
    return "港澳台侨企业" if enterprise.is_hmto else "民营企业"


def ledger_record(
    *,
    actor: User,
    unit: Unit,
    type_code: str,
    date: dt.date,
    title: str,
    description: str = "",
    amount: Decimal | None = None,
    tags: list[str] = (),
    link_to=None,
    link_kind: str = "",
    is_illustrative: bool = False,
):
    """A submitted record of `type_code` (count 1), approved at once when `actor` may
    approve; linked `link_kind` to `link_to` when given. Callers are atomic."""
    from tongxin.ledger.models import RecordType
    from tongxin.ledger.permissions import can_review
    from tongxin.ledger.services import record_approve, record_create, record_link_create

    record = record_create(
        clear_autosave=False,  # a case's record never came from the user's record form
        actor=actor,
        unit=unit,
        record_type=RecordType.objects.get(code=type_code),
        date=date,
        title=title[:200],
        description=description,
        count=1,
        amount=amount,
        tags=list(tags),
        submit=True,
        is_illustrative=is_illustrative,
    )
    if can_review(actor):
        record = record_approve(actor=actor, record=record)
    if link_to is not None:
        record_link_create(actor=actor, source=record, target=link_to, kind=link_kind)
    return record
