"""The database half of a backup: a consistent snapshot, its row counts and migration
state, and putting it back. SQLite through its online backup API; PostgreSQL through
pg_dump / pg_restore, run with the connection settings of Django's DATABASES entry.

Everything here works on raw DB-API connections (sqlite3, psycopg), never the ORM: the
counts must come from the snapshot itself, and a restore target has no usable schema
until the snapshot is in.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from tongxin.ops.backup.errors import BackupError

SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"

# Tables that `migrate` fills on an empty database: rows there are not data, so a
# freshly migrated database still counts as empty. A new data migration adds its table
# here (ops/tests/test_backup.py fails until it does).
FILLED_BY_MIGRATE = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "cases_casecategory",
    }
)
# The search index (ledger/search.py) is derived from ledger_workrecord, and its SQLite
# tables hold rows (a table of positions, FTS5 bookkeeping) from the migration on.
DERIVED_PREFIX = "ledger_search"

Progress = Callable[[str], None]


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(
        _("不支持的数据库类型：{engine}（仅支持 SQLite 和 PostgreSQL）。").format(engine=engine)
    )


def member_for(vendor: str) -> str:
    return SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER


# ── reading a database through a DB-API cursor ─────────────────────────────────────


def _table_names(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        # FTS5 virtual tables are left out: their shadow tables hold (and count) the data.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_class c "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
            "ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in _table_names(cursor, vendor):
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[list[str]]:
    try:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    except Exception:  # a database without Django tables has no migration state
        return []
    return [[app, name] for app, name in cursor.fetchall()]


def file_references(cursor) -> set[str]:
    """Every file name stored in a FileField column, read through `cursor`."""
    from django.apps import apps
    from django.db.models import FileField

    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                cursor.execute(
                    f"SELECT {_quote(field.column)} FROM {_quote(model._meta.db_table)} "
                    f"WHERE {_quote(field.column)} <> ''"
                )
                names.update(row[0] for row in cursor.fetchall() if row[0])
    return names


def audit_head(cursor) -> dict | None:
    """The last link of the audit chain in this snapshot (audit/chain.py)."""
    cursor.execute(
        "SELECT position, event_id, hash FROM audit_auditlink ORDER BY position DESC LIMIT 1"
    )
    row = cursor.fetchone()
    return None if row is None else {"position": row[0], "event_id": row[1], "hash": row[2]}


def describe(cursor, vendor: str) -> dict:
    """What the manifest records of a database: counts per table, migration state and
    the files its rows name."""
    tables = row_counts(cursor, vendor)
    return {
        "tables": tables,
        "audit_head": audit_head(cursor) if "audit_auditlink" in tables else None,
        "migrations": applied_migrations(cursor),
        "files": sorted(file_references(cursor)),
    }


# ── taking the snapshot ────────────────────────────────────────────────────────────


def snapshot(using: str, dest: Path) -> dict:
    """Write a consistent snapshot of the database `using` to `dest` and describe it."""
    connection = connections[using]
    vendor = vendor_of(connection.settings_dict)
    if vendor == "sqlite":
        return _sqlite_snapshot(connection, dest)
    return _postgres_snapshot(connection, dest)


def _sqlite_snapshot(connection, dest: Path) -> dict:
    # The online backup copies every page in one step under one read transaction: a
    # consistent image, and with WAL the app's writers are never blocked meanwhile.
    connection.ensure_connection()
    with closing(sqlite3.connect(dest)) as target:
        connection.connection.backup(target)
        # A self-contained file: no -wal or -shm beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        return describe(target.cursor(), "sqlite")


def _pg_env(settings_dict: dict, database: str | None = None) -> dict[str, str]:
    """libpq's environment for pg_dump / pg_restore: the password never appears on a
    command line (where `ps` would show it)."""
    env = dict(os.environ)
    pairs = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": database or settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            pairs[variable] = options[option]
    env.update({k: str(v) for k, v in pairs.items() if v not in (None, "")})
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "找不到 {name}。请安装与数据库服务器版本一致的 PostgreSQL 客户端工具"
                "（如 apt-get install postgresql-client-15）。"
            ).format(name=name)
        )
    return path


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("{what}失败（退出码 {code}）：{error}").format(
                what=what, code=result.returncode, error=result.stderr.strip()
            )
        )


@contextmanager
def _raw_connection(connection):
    """A new DB-API connection with `connection`'s settings, closed afterwards."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        yield raw
    finally:
        raw.close()


def _postgres_snapshot(connection, dest: Path) -> dict:
    # The counts are read in the very snapshot pg_dump dumps: this transaction exports
    # it and stays open until pg_dump has finished.
    with _raw_connection(connection) as raw:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            argv = [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={dest}",
            ]
            _run(argv, _pg_env(connection.settings_dict), _("pg_dump 导出数据库"))
            description = describe(cursor, "postgresql")
            cursor.execute("COMMIT")
    return description


# ── the restore target ─────────────────────────────────────────────────────────────


def data_tables(using: str) -> dict[str, int]:
    """Tables of the target database that hold rows `migrate` did not put there."""
    connection = connections[using]
    vendor = vendor_of(connection.settings_dict)
    if vendor == "sqlite" and not connection.is_in_memory_db():
        path = Path(connection.settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return {}
    with _raw_connection(connection) as raw:
        cursor = raw.cursor()
        counts = row_counts(cursor, vendor)
        cursor.close()
    return {
        t: n
        for t, n in counts.items()
        if n and t not in FILLED_BY_MIGRATE and not t.startswith(DERIVED_PREFIX)
    }


def describe_target(using: str) -> dict:
    connection = connections[using]
    vendor = vendor_of(connection.settings_dict)
    with _raw_connection(connection) as raw:
        cursor = raw.cursor()
        out = describe(cursor, vendor)
        if vendor == "sqlite":
            cursor.execute("PRAGMA quick_check")
            out["quick_check"] = cursor.fetchone()[0]
        cursor.close()
    return out


def restore(using: str, source: Path, progress: Progress) -> None:
    """Replace the database `using` with the snapshot in `source` (checked already)."""
    connection = connections[using]
    vendor = vendor_of(connection.settings_dict)
    connection.close()  # nothing of ours may hold the old database open
    if vendor == "sqlite":
        _sqlite_restore(Path(connection.settings_dict["NAME"]), source)
    else:
        _postgres_restore(connection, source, progress)


def _sqlite_restore(target_path: Path, source: Path) -> None:
    target_path.parent.mkdir(parents=True, exist_ok=True)
    # Through the backup API rather than a file copy: it writes within the target's own
    # transaction and journal, so a crash half-way leaves the old file, and a -wal file
    # left beside the target cannot be replayed over the restored pages.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target_path)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


# Objects of the schema that a dump re-creates and so must not exist before it.
_PG_DROPS = [
    (
        "SELECT format('DROP VIEW IF EXISTS %I CASCADE', c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'v'"
    ),
    (
        "SELECT format('DROP MATERIALIZED VIEW IF EXISTS %I CASCADE', c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'm'"
    ),
    (
        "SELECT format('DROP TABLE IF EXISTS %I CASCADE', c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition"
    ),
    (
        "SELECT format('DROP SEQUENCE IF EXISTS %I CASCADE', c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'"
    ),
    # Functions (the search triggers' among them), except those an extension owns.
    (
        "SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure) "
        "FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
    ),
]


def _postgres_restore(connection, source: Path, progress: Progress) -> None:
    # The schema comes from the dump: whatever `migrate` made (or, with --force, the old
    # data) goes first, in one transaction.
    with _raw_connection(connection) as raw:
        raw.autocommit = False
        with raw.cursor() as cursor:
            statements = []
            for query in _PG_DROPS:
                cursor.execute(query)
                statements.extend(row[0] for row in cursor.fetchall())
            for statement in statements:
                cursor.execute(statement)
        raw.commit()
    if statements:
        progress(_("已清空目标数据库中原有的 {count} 个对象。").format(count=len(statements)))
    argv = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
        str(source),
    ]
    _run(argv, _pg_env(connection.settings_dict), _("pg_restore 恢复数据库"))
