"""What waits on a user: the 待办 page and the count beside it in the navigation,
from the sections the apps register (core/inbox.py)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from tongxin.core.inbox import INBOX_SECTIONS, InboxSection, inbox_sections


@dataclass
class Inbox:
    sections: list[InboxSection]
    # Each section's first items, by its key; also `inbox.<key>`.
    items: dict[str, Sequence]

    def __getattr__(self, key: str):
        try:
            return self.__dict__["items"][key]
        except KeyError:
            raise AttributeError(key) from None

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.items.values())


def inbox_for(user, *, limit: int = 50) -> Inbox:
    today = timezone.localdate()
    sections = inbox_sections()
    return Inbox(
        sections=sections,
        items={s.key: s.items(user, limit=limit, today=today) for s in sections},
    )


# Each part of the 待办 count is counted up to this many: the navigation shows "99+"
# beyond 99. At 5 million records the editor's 260,000 drafts and 300,000 records to
# review took 90 ms to count on every page; a person acts on the first few anyway.
INBOX_COUNT_CAP = 100


def _inbox_count_sql(user) -> tuple[str, list, tuple[str, ...], tuple[str, ...]] | None:
    """SQL of one row: each counted part (up to INBOX_COUNT_CAP), then, for each
    section worked out in Python, whether it may have items (the keys of both
    returned)."""
    sections = inbox_sections()
    parts = [(s.key, s.count_rows(user)) for s in sections if s.count_rows is not None]
    # An empty part (a role without corrections, say) cannot compile.
    parts = [(k, qs) for k, qs in parts if qs is not None and not qs.query.is_empty()]
    counted = tuple(k for k, _qs in parts)
    columns, params, computed = [], [], []
    for i, (_key, qs) in enumerate(parts):
        sql, part_params = qs.order_by().values("pk")[:INBOX_COUNT_CAP].query.sql_with_params()
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) part{i})")
        params += part_params
    for section in sections:
        if section.maybe_rows is None:
            continue
        rows = section.maybe_rows(user)
        if rows is None or rows.query.is_empty():
            continue
        sql, part_params = rows.values("pk")[:1].query.sql_with_params()
        columns.append(f"EXISTS ({sql})")
        params += part_params
        computed.append(section.key)
    if not columns:
        return None
    # A SELECT without FROM: both PostgreSQL and SQLite take it.
    return f"SELECT {', '.join(columns)}", params, counted, tuple(computed)


# Compiled count queries by (database, user, role, unit and its path, day): building the
# query through the ORM took 15 ms of every page view, running it 1 ms. What the SQL
# says depends on nothing else (the data is read when it runs).
_INBOX_SQL: dict[tuple, tuple[str, list, tuple[str, ...], tuple[str, ...]] | None] = {}
_INBOX_SQL_MAX = 4096


def inbox_section_counts(user) -> dict[str, int]:
    """Each section's count (up to INBOX_COUNT_CAP), by key, for the home page: one
    query of counts, and sections worked out in Python only when that query says they
    may have items."""
    today = timezone.localdate()
    unit_path = user.unit.path if user.unit_id else None
    key = (connection.alias, user.pk, user.is_active, user.role, user.unit_id, unit_path, today)
    if key not in _INBOX_SQL:
        if len(_INBOX_SQL) >= _INBOX_SQL_MAX:
            _INBOX_SQL.clear()
        _INBOX_SQL[key] = _inbox_count_sql(user)
    compiled = _INBOX_SQL[key]
    if compiled is None:
        return {}
    sql, params, counted, computed = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    counts = dict(zip(counted, row[: len(counted)], strict=True))
    for section_key, may_have in zip(computed, row[len(counted) :], strict=True):
        counts[section_key] = INBOX_SECTIONS[section_key].count(user, today) if may_have else 0
    return counts


def inbox_count(user) -> int:
    """The number shown beside 待办 in the navigation: every item the inbox lists
    (`inbox_for`, before its limit per section), each part counted up to
    INBOX_COUNT_CAP. One query of counts; sections worked out in Python (recurring
    meetings: two queries more) only when that query says they may have items."""
    return sum(inbox_section_counts(user).values())


def inbox_badge(user) -> int | str:
    """The figure beside 待办: each part is counted up to INBOX_COUNT_CAP, so past
    99 it says "99+"."""
    # The home page's 待办 card counted them a moment ago, in this request.
    counted = getattr(user, "_inbox_counts_for_badge", None)
    if counted is not None:
        del user._inbox_counts_for_badge  # once: a later count asks afresh
    count = sum(counted.values()) if counted is not None else inbox_count(user)
    return "99+" if count > 99 else count
