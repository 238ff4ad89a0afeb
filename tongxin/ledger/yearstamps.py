"""A token per year that changes whenever the year's approved records change.

Indicator tables are built from grouped passes over a year's approved records; the
dashboard needs five years of them on every view. A closed year's records change only
through corrections, so those passes are kept in the cache under the year's token
(`tongxin.indicators.passcache`) and reused until it changes.

Database triggers set the token, so no write path can forget it (services, imports,
bulk loads, the admin shell): any insert, update or delete of an approved record (or
one becoming approved, or ceasing to be), and any change to a record's tags or links,
gives the record's year(s) a new random token. Random, not a counter: a transaction
that rolls back must not leave a later change with the token it had used.

SQLite: row triggers (a table remake drops them; `ensure_triggers` runs after every
migrate). PostgreSQL: statement triggers over transition tables, so a bulk COPY bumps
each year once rather than once per row. Migration 0006 creates both and holds its own
copy of their SQL; the PostgreSQL triggers are written there only.
"""

from django.db import connection as default_connection

from tongxin.ledger.models import RecordStatus
from tongxin.lib.dbvalues import execute_all, sqlite_triggers_present

STAMPS = "ledger_yearstamp"
RECORDS = "ledger_workrecord"
TAGS = "ledger_workrecord_tags"
LINKS = "ledger_recordlink"
APPROVED = RecordStatus.APPROVED.value  # spelled into the triggers' SQL

# ---- SQLite ----

SQLITE_TRIGGER_NAMES = (
    "ledger_stamp_record_ai",
    "ledger_stamp_record_au",
    "ledger_stamp_record_ad",
    "ledger_stamp_tag_ai",
    "ledger_stamp_tag_ad",
    "ledger_stamp_link_ai",
    "ledger_stamp_link_au",
    "ledger_stamp_link_ad",
)


def _sqlite_bump(year_sql: str) -> str:
    return (
        f"INSERT OR IGNORE INTO {STAMPS} (year, token) VALUES ({year_sql}, 0); "
        f"UPDATE {STAMPS} SET token = random() WHERE year = {year_sql};"
    )


def _sqlite_year(alias: str) -> str:
    return f"CAST(substr({alias}.date, 1, 4) AS INTEGER)"


def _sqlite_record_year(id_sql: str) -> str:
    return f"(SELECT CAST(substr(date, 1, 4) AS INTEGER) FROM {RECORDS} WHERE id = {id_sql})"


def _sqlite_linked(event: str, alias: str) -> str:
    # A link counts for its target (an instruction on a report); both ends are bumped.
    return (
        f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_link_{event} AFTER "
        f"{ {'ai': 'INSERT', 'au': 'UPDATE', 'ad': 'DELETE'}[event] } ON {LINKS} BEGIN "
        + _sqlite_bump(_sqlite_record_year(f"{alias}.source_id"))
        + _sqlite_bump(_sqlite_record_year(f"{alias}.target_id"))
        + " END"
    )


SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_ai AFTER INSERT ON {RECORDS} "
    f"WHEN NEW.status = '{APPROVED}' BEGIN {_sqlite_bump(_sqlite_year('NEW'))} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_au AFTER UPDATE ON {RECORDS} "
    f"WHEN OLD.status = '{APPROVED}' OR NEW.status = '{APPROVED}' BEGIN "
    f"{_sqlite_bump(_sqlite_year('OLD'))} {_sqlite_bump(_sqlite_year('NEW'))} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_record_ad AFTER DELETE ON {RECORDS} "
    f"WHEN OLD.status = '{APPROVED}' BEGIN {_sqlite_bump(_sqlite_year('OLD'))} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_tag_ai AFTER INSERT ON {TAGS} BEGIN "
    f"{_sqlite_bump(_sqlite_record_year('NEW.workrecord_id'))} END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_stamp_tag_ad AFTER DELETE ON {TAGS} BEGIN "
    f"{_sqlite_bump(_sqlite_record_year('OLD.workrecord_id'))} END",
    _sqlite_linked("ai", "NEW"),
    _sqlite_linked("au", "NEW"),
    _sqlite_linked("ad", "OLD"),
]
# The bump's INSERT OR IGNORE skips a NULL year (a tag row whose record is already
# gone); the UPDATE then matches nothing.


def stamp_existing_years(connection=default_connection) -> None:
    """Give every year that has records a token (SQLite, after a table remake;
    migration 0006 did it once on both databases)."""
    execute_all(
        connection,
        [
            f"INSERT INTO {STAMPS} (year, token) SELECT y, random() FROM "
            f"(SELECT DISTINCT {_sqlite_year(RECORDS)} AS y FROM {RECORDS}) years"
        ],
    )


def ensure_triggers(connection=default_connection) -> None:
    """Re-create the SQLite triggers after a table remake (no-op when present); every
    year is given a new token, since writes meanwhile went unstamped."""
    if connection.vendor != "sqlite" or STAMPS not in connection.introspection.table_names():
        return
    if sqlite_triggers_present(connection, SQLITE_TRIGGER_NAMES):
        return
    execute_all(connection, SQLITE_CREATE)
    execute_all(connection, [f"DELETE FROM {STAMPS}"])
    stamp_existing_years(connection)


def year_tokens(years, connection=default_connection) -> dict[int, int]:
    """The current token of each of `years` that has one (one query). A year without
    a token has never had an approved record."""
    years = sorted(set(years))
    if not years:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT year, token FROM {STAMPS} WHERE year IN ({', '.join(['%s'] * len(years))})",
            years,
        )
        return dict(cursor.fetchall())
