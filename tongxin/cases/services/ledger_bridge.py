"""Writing the results of registry objects into the ledger, so the indicators count
them (docs/architecture.md, "Counting beyond the ledger")."""

import datetime as dt
from decimal import Decimal

from tongxin.accounts.models import Unit, User
from tongxin.cases.models import Enterprise, Ownership, ProjectStage, Satisfaction

# Tags are data the indicators filter on, so they are fixed Chinese words, never the
# (translatable) labels of the choices.
# i18n: data
OWNERSHIP_TAGS = {
    Ownership.PRIVATE: "民营企业",
    Ownership.TAIWAN: "台资企业",
    Ownership.HONGKONG: "港资企业",
    Ownership.MACAO: "澳资企业",
    Ownership.OVERSEAS_CHINESE: "侨资企业",
    Ownership.FOREIGN: "外资企业",
    Ownership.STATE: "国有企业",
    Ownership.OTHER: "其他企业",
}
# i18n: data
ON_TIME_TAG = "按期办结"
# i18n: data
SATISFACTION_TAGS = {Satisfaction.SATISFIED: "满意", Satisfaction.BASICALLY: "基本满意"}
# i18n: data
STAGE_TAGS = {
    ProjectStage.TALKS: "项目洽谈",
    ProjectStage.SIGNED: "项目签约",
    ProjectStage.STARTED: "项目开工",
}


def ownership_tag(enterprise: Enterprise) -> str:
    return "港澳台侨企业" if enterprise.is_hmto else "民营企业"


def ownership_category_tag(enterprise: Enterprise) -> str:
    """The enterprise's own category (台资企业, 侨资企业 ...)."""
    return OWNERSHIP_TAGS[enterprise.ownership]


def ledger_record(
    *,
    actor: User,
    unit: Unit,
    type_code: str,
    date: dt.date,
    title: str,
    description: str = "",
    amount: Decimal | None = None,
    count: int = 1,
    tags: list[str] = (),
    link_to=None,
    link_kind: str = "",
    is_illustrative: bool = False,
    reviewer: User | None = None,
    correction=None,
):
    """A submitted record of `type_code` (`count` items, 1 unless said), approved at
    once by `reviewer` (else `actor`) when they may approve, otherwise left in the
    department's review inbox; linked `link_kind` to `link_to` when given.
    `correction`: the approved 补录 it carries out in a closed year. Callers are
    atomic."""
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
        count=count,
        amount=amount,
        tags=list(tags),
        submit=True,
        is_illustrative=is_illustrative,
        correction=correction,
    )
    approver = reviewer or actor
    if can_review(approver):
        record = record_approve(actor=approver, record=record, correction=correction)
    if link_to is not None:
        record_link_create(actor=actor, source=record, target=link_to, kind=link_kind)
    return record
