"""Chinese substring search over record titles and descriptions.

A term matches a record when it is a substring of the title or of the description (Latin
letters case-insensitive). Chinese has no spaces between words, and a trigram index cannot
answer two-character terms such as 统战, so each text is indexed as its overlapping
character bigrams plus its last character: 统战工作 → 统战 战工 工作 作. A term of n ≥ 2
characters is the phrase of its n-1 bigrams; one character is a prefix query (the trailing
unigram makes a last character findable).

SQLite: a contentless FTS5 table of the bigrams, kept in step by triggers on
ledger_workrecord, so bulk_create, imports and raw SQL are all covered. Its rowid is the
record's date and id in one integer (migration 0012), so hits come out in the list's
own order, and the first page of a common term reads a few hundred of the newest hits
instead of all of them (HitSample; selectors.search_page).
PostgreSQL: a tsvector column of the same bigrams, set by a trigger, with a GIN index;
an import COPYs the column computed in Python and the trigger keeps it (migration 0008).
Both are created by migration 0002, which holds its own copy of the SQL (the PostgreSQL
functions are there only); `ensure_index` re-creates the SQLite triggers after a table
remake (Django rebuilds the table for most field changes, which drops its triggers).

Limits: SQLite indexes the first SEARCH_MAX_CHARS characters of each text; PostgreSQL
positions stop at 16,383, so a phrase beyond that offset in a very long description is
not found.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import connections
from django.db.models import BooleanField, Expression, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from tongxin.lib.dbvalues import execute_all, sqlite_triggers_present

SEARCH_MAX_CHARS = 100_000
FTS_TABLE = "ledger_search"
TRIGGERS = ("ledger_search_ai", "ledger_search_ad", "ledger_search_au")
# The FTS5 rowid: the Julian day number of the record's date above the record's id.
# Ordered by rowid, hits are ordered by (date, id), as the list is; `rowid & ID_MASK`
# is the record's id again.
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1


def _key_sql(date: str, id_: str) -> str:
    return f"((CAST(julianday({date}) AS INTEGER) << {ID_BITS}) | {id_})"


def record_key(date, pk: int) -> int:
    """The FTS5 rowid of a record (Python's ordinal day 1 is Julian day 1,721,425)."""
    return ((date.toordinal() + 1_721_424) << ID_BITS) | pk


def _grams_sql(column: str) -> str:
    # Scanning the position table by its key visits n in order, so group_concat keeps the
    # bigrams in text order (SQLite 3.40 has no ORDER BY inside aggregates; triggers allow
    # no CTEs, hence a table of positions rather than a recursive series).
    return (
        f"(SELECT group_concat(substr({column}, n, 2), ' ') FROM ledger_search_pos "
        f"WHERE n <= length({column}))"
    )


SQLITE_TABLES = [
    "CREATE TABLE IF NOT EXISTS ledger_search_pos (n INTEGER PRIMARY KEY)",
    # One row per character position: 100,000 integers, ~1 MB.
    f"""INSERT OR IGNORE INTO ledger_search_pos (n)
        WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {SEARCH_MAX_CHARS})
        SELECT n FROM s""",
    # Contentless: the index keeps no copy of the text, and no view or trigger outside
    # ledger_workrecord names that table, so Django can still remake it (SQLite refuses to
    # rename a table over a view that names it). unicode61 folds Latin case;
    # remove_diacritics 0 keeps é distinct from e. columnsize=0: no ranking.
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, description, content='', columnsize=0,
        tokenize='unicode61 remove_diacritics 0')""",
]

_DELETE_OLD = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, description) "
    f"VALUES ('delete', {_key_sql('old.date', 'old.id')}, "
    f"{_grams_sql('old.title')}, {_grams_sql('old.description')});"
)
_INSERT_NEW = (
    f"INSERT INTO {FTS_TABLE} (rowid, title, description) "
    f"VALUES ({_key_sql('new.date', 'new.id')}, "
    f"{_grams_sql('new.title')}, {_grams_sql('new.description')});"
)
SQLITE_REBUILD = [
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')",
    f"""INSERT INTO {FTS_TABLE} (rowid, title, description)
        SELECT {_key_sql("date", "id")}, {_grams_sql("title")}, {_grams_sql("description")}
        FROM ledger_workrecord""",
    # One segment instead of many: faster queries after a bulk load.
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')",
]
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS ledger_search_ai AFTER INSERT ON ledger_workrecord
        BEGIN {_INSERT_NEW} END""",
    f"""CREATE TRIGGER IF NOT EXISTS ledger_search_ad AFTER DELETE ON ledger_workrecord
        BEGIN {_DELETE_OLD} END""",
    # save() writes every column; re-index only when the text or the date (part of the
    # key) really changed.
    f"""CREATE TRIGGER IF NOT EXISTS ledger_search_au AFTER UPDATE OF title, description, date
        ON ledger_workrecord
        WHEN old.title IS NOT new.title OR old.description IS NOT new.description
            OR old.date IS NOT new.date
        BEGIN {_DELETE_OLD} {_INSERT_NEW} END""",
]

# ---- the same bigrams computed in Python, for COPY (imports, the benchmark loader) ----

PG_MAX_POSITION = 16383  # tsvector positions stop there


def _pg_lexeme(gram: str) -> str:
    return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_search_grams(title: str, description: str) -> str:
    """The text form of `ledger_search_grams(title) || ledger_search_grams(description)`
    (SQL functions of migration 0002): each text's character bigrams plus its last
    character, positions from 1, the description's shifted by the title's last position
    (tsvector `||`). PostgreSQL sorts and merges repeated lexemes when it parses the
    text. Python's lower() agrees with the database's only where `folds_alike` says so."""
    out = []
    shift = 0
    for text in (title, description):
        chars = text.lower()
        n = len(chars)
        if not n:
            continue
        if "'" in chars or "\\" in chars or n + shift > PG_MAX_POSITION:
            out.extend(
                f"{_pg_lexeme(chars[i : i + 2])}:"
                f"{min(min(i + 1, PG_MAX_POSITION) + shift, PG_MAX_POSITION)}"
                for i in range(n)
            )
        else:
            out.extend(f"'{chars[i : i + 2]}':{i + 1 + shift}" for i in range(n))
        shift = min(shift + min(n, PG_MAX_POSITION), PG_MAX_POSITION)
    return " ".join(out)


def folds_alike(text: str) -> bool:
    """True when PostgreSQL's lower() gives what Python's does, whatever the database's
    locale: ASCII, and characters already lower case or without case (Chinese). An
    upper-case İ or É lowers differently under a C and a UTF-8 locale."""
    return text.isascii() or all(ch.isascii() or ch.lower() == ch for ch in text)


def prepared_search_grams(title: str, description: str) -> str:
    """The search column for a COPY of a new record, or '' to leave it to the insert
    trigger (which computes it whenever it arrives empty)."""
    if folds_alike(title) and folds_alike(description):
        return pg_search_grams(title, description)
    return ""


def rebuild_index(connection=default_connection) -> None:
    """Re-index every record from scratch (SQLite)."""
    if connection.vendor == "sqlite":
        execute_all(connection, SQLITE_REBUILD)


def ensure_index(connection=default_connection) -> bool:
    """Re-create missing SQLite triggers (a table remake drops them) and re-index, since
    records written meanwhile were not indexed. True when something was repaired."""
    if connection.vendor != "sqlite":
        return False
    if (
        sqlite_triggers_present(connection, TRIGGERS)
        or FTS_TABLE not in connection.introspection.table_names()
    ):
        return False
    execute_all(connection, SQLITE_TABLES)
    rebuild_index(connection)
    execute_all(connection, SQLITE_TRIGGERS)
    return True


@contextmanager
def index_suspended(connection=default_connection) -> Iterator[None]:
    """For bulk loads into a database nobody else writes meanwhile (the benchmark, a
    restore): no per-row indexing during the load, one rebuild at the end (SQLite)."""
    if connection.vendor != "sqlite":
        yield
        return
    execute_all(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS])
    try:
        yield
    finally:
        rebuild_index(connection)
        execute_all(connection, SQLITE_TRIGGERS)


def _is_indexed_exactly(ch: str) -> bool:
    """Characters the FTS5 unicode61 tokenizer keeps as they are (CJK ideographs, ASCII
    letters and digits, Latin letters): a phrase of bigrams of such characters matches
    exactly the texts containing the term. Anything else (punctuation, symbols) is a
    token separator there, so those terms are checked again with LIKE."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or (ch.isalnum() and code < 0x250)


def _fts_phrase(term: str) -> str | None:
    """The FTS5 query for one term, or None when no part of it is indexed."""
    if not any(ch.isalnum() for ch in term):
        return None
    if len(term) == 1:
        return '"' + term.replace('"', '""') + '"*'
    grams = " ".join(term[i : i + 2] for i in range(len(term) - 1))
    return '"' + grams.replace('"', '""') + '"'


def _contains(term: str) -> Q:
    return Q(title__icontains=term) | Q(description__icontains=term)


@dataclass(frozen=True)
class HitSample:
    """The `size` hits first in date order (newest first unless `ascending`) instead of
    every hit. Every other hit comes after them in that order, so a page or a bounded
    count that finds what it wants among them is what all the hits would give."""

    size: int
    ascending: bool = False


class _FtsMatch(Expression):
    """`id IN (the rows of an FTS5 query)`, planned for the query it is part of.

    Counts and totals visit each hit by its rowid: the only plan that does not scan the
    table. A page (ORDER BY date, LIMIT 50) of a common term is another matter: visiting
    and sorting 100,000 hits to keep 50 costs ~200 ms at a million records, while walking
    the date index newest first and keeping rows found in the hit set stops after a few
    hundred rows. Written `+id`, the rowid lookup is unavailable and SQLite walks the date
    index; that is chosen when the hits are many enough for the walk to end soon. With a
    HitSample, only the first hits in date order are read (the rowid is the date and the
    id, so FTS5 returns them in that order and stops)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, match: str, column=None, sample: HitSample | None = None):
        super().__init__()
        self.match = match
        self.column = column if column is not None else F("id")
        self.sample = sample
        self._hits: dict[tuple[str, int], bool] = {}  # shared by copies: one count a request

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def _walk_the_date_index(self, connection, query) -> bool:
        if not query.is_sliced or query.high_mark is None:
            return False
        key = (self.match, query.high_mark)
        if key not in self._hits:
            # The walk reads ~ wanted × rows / hits index entries; the lookups read all
            # hits: walk when hits² > wanted × rows. Counting the hits only up to that
            # bound costs what the decision needs (all 331,062 of 统战 took 30-50 ms).
            with connection.cursor() as cursor:
                cursor.execute(
                    "WITH bound(n) AS (SELECT CAST(sqrt(%s * coalesce(max(id), 0)) AS INTEGER)"
                    " + 1 FROM ledger_workrecord) "
                    f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} "
                    "MATCH %s LIMIT (SELECT n FROM bound))) >= (SELECT n FROM bound)",
                    [query.high_mark, self.match],
                )
                self._hits[key] = bool(cursor.fetchone()[0])
        return self._hits[key]

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        hits = f"SELECT rowid & {ID_MASK} AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        if self.sample is not None:
            # A few thousand hits at most: each is visited by its rowid.
            order = "ASC" if self.sample.ascending else "DESC"
            hits += f" ORDER BY rowid {order} LIMIT {int(self.sample.size)}"
        else:
            # SQLite builds a b-tree of the ids; in date order they land all over it
            # (331,062 of 统战: 1.6 s against 1.0 s sorted first).
            hits += " ORDER BY id"
            if self._walk_the_date_index(connection, compiler.query):
                column = f"+{column}"
        return f"{column} IN ({hits})", (*params, self.match)


def _phrases(terms: list[str]) -> str | None:
    """The FTS5 query of every term, or None when no term has an indexed part."""
    phrases = [p for p in map(_fts_phrase, terms) if p]
    return " AND ".join(phrases) if phrases else None


def can_sample(connection, query: str) -> bool:
    """Whether filter_records can read `query`'s hits from a HitSample (SQLite, and a
    term is indexed)."""
    return connection.vendor == "sqlite" and _phrases(query.split()) is not None


def hit_count_sql(query: str, limit: int) -> tuple[str, list]:
    """SQL for the number of records whose text holds every indexed term of `query`,
    counted up to `limit`, from the index alone (where can_sample)."""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"
    return sql, [_phrases(query.split()), limit]


def _filter_sqlite(qs: QuerySet, terms: list[str], sample: HitSample | None) -> QuerySet:
    match = _phrases(terms)
    if match is not None:
        qs = qs.filter(_FtsMatch(match, sample=sample))
    for term in terms:
        if not all(map(_is_indexed_exactly, term)):
            qs = qs.filter(_contains(term))
    return qs


def _filter_postgres(qs: QuerySet, terms: list[str]) -> QuerySet:
    # The column is unqualified on purpose: it stays valid when Django aliases the table.
    for term in terms:
        qs = qs.filter(
            RawSQL("search_grams @@ ledger_search_query(%s)", (term,), output_field=BooleanField())
        )
    return qs


def filter_records(qs: QuerySet, query: str, *, sample: HitSample | None = None) -> QuerySet:
    """Records whose title or description contains every space-separated term. With a
    `sample` (SQLite; elsewhere ignored), only those among the sample's hits: the
    caller must know when they are enough (hit_count_sql)."""
    terms = query.split()
    if not terms:
        return qs
    vendor = connections[qs.db].vendor
    if vendor == "sqlite":
        return _filter_sqlite(qs, terms, sample)
    if vendor == "postgresql":
        return _filter_postgres(qs, terms)
    for term in terms:
        qs = qs.filter(_contains(term))
    return qs
