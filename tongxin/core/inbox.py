"""The sections of the 待办 inbox, a registry: each app whose objects wait on a user
(the ledger's records, cases' overdue requests, assessment's recurring meetings)
registers its sections in its AppConfig.ready(); the inbox app (tongxin/inbox/) draws
the page and the navigation's count from them.

The count is one query: each section whose items are rows gives the queryset of
those rows (`count_rows`), compiled into one SELECT of counts. A section whose items
are worked out in Python (missed meetings) gives instead a queryset that has a row
when there may be some (`maybe_rows`, asked with EXISTS in the same query) and how
many there are (`count`), called only when that row exists."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class InboxSection:
    # Also the name its items take in the page's context, for `template`.
    key: str
    title: object  # lazy translation
    order: int
    # Renders the section from the context variable `key`; nothing when it is empty.
    template: str
    # (user, *, limit, today) -> the first `limit` items waiting on `user` (a sliced
    # queryset or a list).
    items: Callable[..., Sequence]
    # (user) -> the rows the count counts, or None when another section's rows
    # already count these items (or there are none for `user`).
    count_rows: Callable[..., object] | None = None
    # For items worked out in Python: (user) -> rows that exist when there may be
    # items, and (user, today) -> how many there are.
    maybe_rows: Callable[..., object] | None = None
    count: Callable[..., int] | None = None


INBOX_SECTIONS: dict[str, InboxSection] = {}


def register_inbox_section(section: InboxSection) -> None:
    INBOX_SECTIONS[section.key] = section


def inbox_sections() -> list[InboxSection]:
    return sorted(INBOX_SECTIONS.values(), key=lambda s: s.order)
