"""Record owners: which module wrote a ledger record, and how it changes it.

Most records are written by a person through the record form; the ledger owns them.
Others are the ledger side of another app's object (a credit line's 授信签约 record, a
closed case's 解决问题 record, a training class's 培训班 record ...): that app owns them,
and a change to such a record should go through it, so the object and its record stay
one. The ledger cannot import those apps (they stand above it), so each owning app
registers an `OwnerKind` in its AppConfig.ready(), the way handover steps are
registered (accounts/handover.py). `record_owner` and `record_owners` then tell, for
a record or a list of them, which owner wrote it (None: the ledger itself).

Amending and withdrawing go through the owner: the ledger's services refuse to
change or withdraw an owned record unless the owner's own service calls them and says
so (`owner=`, `ensure_changed_by_owner`). In a closed year the owner's change becomes a
correction carrying it (`Correction.owner_kind` / `payload`), which the owner kind's
`apply` carries out once a second person approves it. `check` lists where an owner and
its records disagree (`tongxin check-owners`). Where an owner has no amend or withdraw
path the callable raises NotImplementedError.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit
from tongxin.ledger.models import WorkRecord

OWNED_RECORD = _("该记录由%(owner)s生成，请在%(place)s修改。")
# What the ledger may still change on an owned record without its owner: the notes a
# reviewer asks for (a returned credit record's contract). Every figure, date, unit,
# title and tag stays the owner's.
OWNER_FREE_FIELDS = frozenset({"description"})


@dataclass(frozen=True)
class OwnerKind:
    key: str  # "cases.credit_line"
    # The record types this owner writes; only records of these types are asked about.
    type_codes: frozenset[str]
    # {record pk: owning object} for those of `records` this owner wrote (a few queries
    # for the whole list, never one per record).
    find: Callable[[list[WorkRecord]], dict[int, Any]]
    label: Callable[[Any], str]  # 授信签约“某企业获某银行授信”
    url: Callable[[Any], str]  # the owner's page
    # Keyword-only: actor, record, owner (the owning object), changes, correction=None.
    amend: Callable[..., Any]
    # Keyword-only: actor, record, owner, correction=None.
    withdraw: Callable[..., Any]
    place: str = ""  # 授信页面: where the owner is changed
    # Keyword-only: actor, correction. Carries out an approved correction this owner
    # asked for (its `payload`), owner and records together; None: no such path.
    apply: Callable[..., Any] | None = None
    # year (or None: all) → disagreements between this owner's objects and their records
    check: Callable[[int | None], list[str]] | None = None


@dataclass(frozen=True)
class RecordOwner:
    """The owner of one record: its kind, the owning object and how to reach it."""

    kind: OwnerKind
    obj: Any
    label: str
    url: str

    def amend(self, **kwargs):
        return self.kind.amend(owner=self.obj, **kwargs)

    def withdraw(self, **kwargs):
        return self.kind.withdraw(owner=self.obj, **kwargs)

    @property
    def place(self) -> str:
        return self.kind.place or str(_("其所属页面"))

    def refusal(self) -> str:
        """该记录由授信签约“…”生成，请在授信页面修改。 (plain text)"""
        return OWNED_RECORD % {"owner": self.label, "place": self.place}

    def refusal_html(self):
        """The refusal with the owner's name as a link to its page."""
        link = format_html('<a href="{}">{}</a>', self.url, self.label)
        return format_html(
            str(OWNED_RECORD).replace("%(owner)s", "{owner}").replace("%(place)s", "{place}"),
            owner=link,
            place=self.place,
        )


class OwnedRecordError(ValidationError):
    """A change to an owned record asked of the ledger instead of its owner."""

    def __init__(self, owner: "RecordOwner"):
        self.owner = owner
        super().__init__(owner.refusal())


OWNER_KINDS: dict[str, OwnerKind] = {}


def register(kind: OwnerKind) -> None:
    OWNER_KINDS[kind.key] = kind


def owner_kind(key: str) -> OwnerKind:
    return OWNER_KINDS[key]


def ensure_changed_by_owner(
    record: WorkRecord, owner: Any = None, *, fields: Iterable[str] = ()
) -> None:
    """Refuse to change `fields` of (or withdraw, restore: no fields) an owned record
    unless its owner's service asks, passing the owning object (`owner`). A change only
    to OWNER_FREE_FIELDS needs no owner. No query for a type no owner writes."""
    fields = set(fields)
    if fields and fields <= OWNER_FREE_FIELDS:
        return
    found = record_owner(record)
    if found is None:
        return
    # A secondment batch shares one record: any row of the batch holding it stands for
    # the owner.
    if owner is not None and (owner == found.obj or getattr(owner, "record_id", 0) == record.pk):
        return
    raise OwnedRecordError(found)


def no_path(kind: str, what: str) -> Callable[..., Any]:
    """The amend or withdraw callable of an owner that has no such path yet."""

    def refuse(**kwargs):
        raise NotImplementedError(f"{kind}: no {what} path yet")

    return refuse


def record_owners(records: Iterable[WorkRecord]) -> dict[int, RecordOwner]:
    """{record pk: its owner} for the records some registered owner wrote; a record
    the ledger owns is left out. Reads `record.record_type` (select it related)."""
    by_code: dict[str, list[WorkRecord]] = {}
    for record in records:
        by_code.setdefault(record.record_type.code, []).append(record)
    out: dict[int, RecordOwner] = {}
    for kind in OWNER_KINDS.values():
        asked = [r for code in kind.type_codes for r in by_code.get(code, ())]
        asked = [r for r in asked if r.pk not in out]
        if not asked:
            continue
        for pk, obj in kind.find(asked).items():
            out[pk] = RecordOwner(kind=kind, obj=obj, label=kind.label(obj), url=kind.url(obj))
    return out


def record_owner(record: WorkRecord) -> RecordOwner | None:
    """The owner that wrote `record`, or None when the ledger owns it."""
    return record_owners([record]).get(record.pk)


DISAGREE = _(
    "%(owner)s（台账记录 #%(record)s）：%(what)s不一致，本身为“%(mine)s”，记录为“%(theirs)s”"
)
NO_RECORD = _("%(owner)s：没有台账记录")


def _unit_name(pk):
    """A unit id compared in a check, as the reader knows it (only on a disagreement)."""
    return Unit.objects.filter(pk=pk).values_list("name", flat=True).first() or pk


def disagreement(owner: str, record: WorkRecord, what: str, mine, theirs) -> str:
    if str(what) == str(_("单位")):
        mine, theirs = _unit_name(mine), _unit_name(theirs)
    return str(DISAGREE) % {
        "owner": owner,
        "record": record.pk,
        "what": what,
        "mine": mine,
        "theirs": theirs,
    }


def compare(owner: str, record: WorkRecord | None, pairs: list[tuple[str, Any, Any]]) -> list[str]:
    """The disagreements between an owner and its record: (what, owner's value, the
    record's value) for each compared field."""
    if record is None:
        return [str(NO_RECORD) % {"owner": owner}]
    return [
        disagreement(owner, record, what, mine, theirs)
        for what, mine, theirs in pairs
        if mine != theirs
    ]


def counted(record: WorkRecord) -> bool:
    """Does the record stand (not withdrawn)? What an owner's state is compared with."""
    from tongxin.ledger.models import RecordStatus

    return record.status != RecordStatus.WITHDRAWN


def state_pair(owner_stands: bool, record: WorkRecord) -> tuple[str, str, str]:
    """(what, owner's, record's) for comparing an owner's state with its record's."""
    return (
        str(_("状态")),
        str(_("计入")) if owner_stands else str(_("已撤销")),
        str(_("计入")) if counted(record) else str(_("已撤销")),
    )


def check_standing(rows, *, label: Callable[[Any], str], record_attr: str = "record") -> list[str]:
    """For owners with no withdraw path: their record must still stand."""
    out = []
    for row in rows:
        record = getattr(row, record_attr)
        if record is not None:
            out += compare(label(row), record, [state_pair(True, record)])
    return out


def owners_check(year: int | None = None) -> list[str]:
    """Every registered owner compared with its records (`tongxin check-owners`)."""
    out: list[str] = []
    for kind in OWNER_KINDS.values():
        if kind.check is not None:
            out += kind.check(year)
    return out
