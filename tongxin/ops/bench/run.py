"""Running a benchmark worker against a fresh database, so the caller's database is
never touched: a SQLite file in a temporary folder (also for a `sqlite:///` DATABASE_URL),
or a new database on the PostgreSQL server of DATABASE_URL (dropped at the end). The
worker is `python -m MODULE worker ARGS...` and prints one JSON object; it runs with
production settings."""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def _postgres_database(url: str) -> tuple[str, str]:
    """(the new database's URL, its name): same server, a name of our own."""
    name = f"tongxin_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def run_in_fresh_database(module: str, args: list[str], database_url: str | None) -> dict:
    started = time.perf_counter()
    database_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    with tempfile.TemporaryDirectory(prefix="tongxin-bench-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tongxin.settings",
            "TONGXIN_DEBUG": "0",  # DEBUG would keep every query in memory
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "testserver",
            "TONGXIN_VAR_DIR": tmp,
            "STATIC_ROOT": str(Path(tmp) / "static"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "LOG_LEVEL": "WARNING",
        }
        # Production settings, even when called from the test suite.
        env.pop("PYTEST_VERSION", None)
        db_name = None
        if database_url and not database_url.startswith("sqlite:"):
            env["DATABASE_URL"], db_name = _postgres_database(database_url)
            _admin_sql(database_url, f'CREATE DATABASE "{db_name}"')
        elif database_url:
            # A SQLite URL: a fresh file of our own, named the same way (the URL's file
            # is never touched), so the URL's settings path is what is measured.
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        else:
            env.pop("DATABASE_URL", None)
            env["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
        try:

            def run(*argv: str) -> str:
                done = subprocess.run(
                    [sys.executable, *argv], env=env, capture_output=True, text=True
                )
                if done.returncode:
                    raise RuntimeError(f"{' '.join(argv)} failed:\\n{done.stderr[-4000:]}")
                return done.stdout

            run("-m", "tongxin", "migrate", "--noinput")
            run("-m", "tongxin", "collectstatic", "--noinput")
            result = json.loads(run("-m", module, "worker", *args))
        finally:
            # TONGXIN_BENCH_KEEP_DB=1 keeps the database for EXPLAIN afterwards (its name
            # goes to stderr); drop it by hand.
            if db_name and os.environ.get("TONGXIN_BENCH_KEEP_DB") == "1":
                print(f"kept database {db_name}", file=sys.stderr)
            elif db_name:
                _admin_sql(database_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result
