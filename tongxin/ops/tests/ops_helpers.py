"""Helpers for the backup and fault tests: a second database the test creates and drops
itself, the app's own database seen from a child process, and state to compare."""

import copy
import hashlib
import os
import secrets
import sqlite3
import sys
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.test import TransactionTestCase

from tongxin.ops.backup.archive import media_files


class CommittedDataTestCase(TransactionTestCase):
    """Real transactions (backups and child processes see only committed data), with
    the data migrations' rows restored for every test (`serialized_rollback`)."""

    serialized_rollback = True

    @classmethod
    def _fixture_setup(cls):
        # A TransactionTestCase run before this one flushed and re-created the content
        # types and permissions (post_migrate); the serialized copy restored next holds
        # them too. Start from empty tables so that copy goes in whole.
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        super()._fixture_setup()


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


@contextmanager
def extra_database(folder: Path):
    """A new, empty database of the suite's vendor under a new alias: a file in `folder`
    on SQLite, `h_restore_<random>` on PostgreSQL (created here, dropped after)."""
    alias = f"h_restore_{secrets.token_hex(4)}"
    settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    if is_sqlite():
        settings_dict["NAME"] = str(folder / f"{alias}.sqlite3")
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{alias}"')
        settings_dict["NAME"] = alias
    # Set as a connection, not a DATABASES entry: the test case then treats it as one
    # made on the fly, not as a database the test forgot to declare.
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    setattr(connections._connections, alias, wrapper)
    try:
        yield alias
    finally:
        wrapper.close()
        delattr(connections._connections, alias)
        if not is_sqlite():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{alias}" WITH (FORCE)')


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    conn = connections[alias]
    with conn.cursor() as cursor:
        tables = sorted(
            info.name
            for info in conn.introspection.get_table_list(cursor)
            if info.type == "t" and not info.name.startswith("ledger_search")
        )
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in media_files(root)}


def audit_rows(alias: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    from tongxin.audit.models import AuditEvent

    return list(
        AuditEvent.objects.using(alias)
        .order_by("id")
        .values_list(
            "id",
            "at",
            "actor_id",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "unit_id",
            "before",
            "after",
            "client_ip",
        )
    )


# ── the test database seen from a child process ────────────────────────────────────


@contextmanager
def shared_database(folder: Path):
    """Environment for a child process that works on the data this test committed.

    PostgreSQL: the test database itself. SQLite: the suite's test database lives in
    memory, out of a child's reach, so it is copied (online backup) to a file in
    `folder`; the test reads the outcome back through `query`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["TONGXIN_VAR_DIR"] = str(folder)
    settings_dict = connection.settings_dict
    if is_sqlite():
        path = folder / "shared.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        env["SQLITE_PATH"] = str(path)
        yield SharedDatabase(env, path)
    else:
        user = settings_dict.get("USER") or ""
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
        yield SharedDatabase(env, None)


class SharedDatabase:
    def __init__(self, env: dict[str, str], sqlite_path: Path | None):
        self.env = env
        self.sqlite_path = sqlite_path

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """`sql` with `?` placeholders, on what the child processes see."""
        if self.sqlite_path is not None:
            with closing(sqlite3.connect(self.sqlite_path)) as conn:
                return conn.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def count(self, table: str) -> int:
        return self.query(f'SELECT count(*) FROM "{table}"')[0][0]


# ── a database server that goes away ──────────────────────────────────────────────


class CuttableProxy:
    """A TCP proxy on a free local port in front of a PostgreSQL server, which the test
    cuts (every connection dropped, new ones closed at once, as a crashed or unplugged
    server would) and restores."""

    def __init__(self, upstream: tuple[str, int]):
        import socket
        import threading

        self._socket = socket
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._cut = threading.Event()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._open: set = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._cut.is_set():
                client.close()
                continue
            try:
                server = self._socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update({client, server})
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(src)
            self._drop(dst)

    def _drop(self, sock) -> None:
        with self._lock:
            self._open.discard(sock)
        with suppress(OSError):
            sock.shutdown(self._socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self._cut.set()
        with self._lock:
            dropped = list(self._open)
        for sock in dropped:
            self._drop(sock)

    def restore(self) -> None:
        self._cut.clear()

    def close(self) -> None:
        self._closed.set()
        self.cut()
        self.listener.close()
