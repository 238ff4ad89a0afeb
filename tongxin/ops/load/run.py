"""`tongxin loadtest`: fresh database → demo + synthetic ledger → `tongxin serve` →
locust headless → JSON figures → teardown (gunicorn stopped, database dropped)."""

import csv
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from tongxin.ops.bench.run import _admin_sql, _postgres_database

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"tongxin serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"tongxin serve did not answer {url} within {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    """Stop a process we started, and its children (gunicorn's workers), by group."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _ms(value: str) -> float | None:
    return round(float(value), 1) if value not in ("", "N/A") else None


def _read_stats(path: Path) -> tuple[dict, list[dict]]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    endpoints = []
    total = {}
    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "p50_ms": _ms(row["50%"]),
            "p95_ms": _ms(row["95%"]),
            "p99_ms": _ms(row["99%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            endpoints.append({"name": f"{row['Type']} {row['Name']}", **figures})
    return total, endpoints


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted `values`."""
    rank = max(1, -(-len(values) * q // 100))
    return round(values[int(rank) - 1], 1)


def _figures(times: list[float], oks: list[bool], seconds: int) -> dict:
    values = sorted(times)
    return {
        "requests": len(values),
        "rps": round(len(values) / seconds, 1),
        "p50_ms": _percentile(values, 50),
        "p95_ms": _percentile(values, 95),
        "p99_ms": _percentile(values, 99),
        "max_ms": round(values[-1], 1),
        "errors": sum(1 for ok in oks if not ok),
    }


def _workload_figures(path: Path, seconds: int) -> dict:
    """The workload's figures (logins aside) from the times the locustfile wrote
    ([step, ms, ok] per request): over all requests, and per step (`steps`, slowest
    p95 first) with exact percentiles, not locust's rounded ones."""
    if not path.exists():
        return {}
    times = json.loads(path.read_text())
    if not times:
        return {}
    by_step: dict[str, list] = {}
    for name, ms, ok in times:
        by_step.setdefault(name, []).append((ms, ok))
    steps = [
        {"name": name, **_figures([t for t, _ in rows], [ok for _, ok in rows], seconds)}
        for name, rows in by_step.items()
    ]
    steps.sort(key=lambda step: -step["p95_ms"])
    return {
        **_figures([t for _, t, _ in times], [ok for _, _, ok in times], seconds),
        "steps": steps,
    }


def production_env(tmp: str, database_url: str | None) -> dict:
    """Production settings, except that the test speaks plain HTTP on localhost: no
    HTTPS redirect, cookies not restricted to HTTPS, no HSTS (docs/deployment.md)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongxin.settings",
        "TONGXIN_DEBUG": "0",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TONGXIN_VAR_DIR": tmp,
        "STATIC_ROOT": str(Path(tmp) / "static"),
        "MEDIA_ROOT": str(Path(tmp) / "media"),
        "LOG_LEVEL": "WARNING",
        # Not the shared ~/.gunicorn/gunicorn.ctl of another server on the machine.
        "GUNICORN_CMD_ARGS": "--no-control-socket",
    }
    env.pop("PYTEST_VERSION", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(Path(tmp) / "load.sqlite3")
    return env


def run_loadtest(
    *,
    users: int = 50,
    seconds: int = 60,
    records: int = 100_000,
    database_url: str | None = None,
    workers: int | None = None,
    spawn_rate: float = 2.0,
    log=lambda message: None,
) -> dict:
    started = time.perf_counter()
    server_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    if server_url.startswith("sqlite:"):
        server_url = ""  # a SQLite URL: a fresh file of our own, as without DATABASE_URL
    with tempfile.TemporaryDirectory(prefix="tongxin-load-") as tmp:
        db_name = None
        db_url = None
        if server_url:
            db_url, db_name = _postgres_database(server_url)
            db_name = db_name.replace("tongxin_bench_", "tongxin_load_")
            db_url = db_url.rsplit("/", 1)[0] + f"/{db_name}"
            _admin_sql(server_url, f'CREATE DATABASE "{db_name}"')
        env = production_env(tmp, db_url)
        server = None
        try:

            def run(*argv: str) -> str:
                done = subprocess.run(
                    [sys.executable, *argv], env=env, capture_output=True, text=True
                )
                if done.returncode:
                    raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-4000:]}")
                return done.stdout

            log(f"database {db_name or env['SQLITE_PATH']}: migrate, demo, {records} records")
            run("-m", "tongxin", "migrate", "--noinput")
            run("-m", "tongxin", "collectstatic", "--noinput")
            fixture = Path(tmp) / "fixture.json"
            prepared = json.loads(run("-m", "tongxin.ops.load.prepare", str(records), str(fixture)))
            port = _free_port()
            serve = [sys.executable, "-m", "tongxin", "serve", "--bind", f"127.0.0.1:{port}"]
            if workers:
                serve += ["--workers", str(workers)]
            server_log = open(Path(tmp) / "serve.log", "w")  # noqa: SIM115
            server = subprocess.Popen(
                serve, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True
            )
            host = f"http://127.0.0.1:{port}"
            _wait_healthy(f"{host}/healthz", server)
            with open(Path(tmp) / "serve.log", encoding="utf-8") as f:
                banner = f.readline().strip()
            log(f"{banner}; locust: {users} users ({spawn_rate}/s), then {seconds} s")
            prefix = Path(tmp) / "locust"
            ramp = math.ceil(users / spawn_rate) + 2
            locust = subprocess.run(
                [
                    *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
                    *("--users", str(users), "--spawn-rate", str(spawn_rate)),
                    # The users log in during the ramp; then `seconds` of steady state.
                    *("--run-time", f"{seconds + ramp}s", "--reset-stats"),
                    *("--host", host, "--csv", str(prefix), "--only-summary"),
                    *("--loglevel", "WARNING", "--stop-timeout", "10"),
                ],
                env={
                    **env,
                    "TONGXIN_LOAD_FIXTURE": str(fixture),
                    "TONGXIN_LOAD_TIMES": str(Path(tmp) / "times.json"),
                },
                capture_output=True,
                text=True,
            )
            stats = Path(f"{prefix}_stats.csv")
            if not stats.exists():
                raise RuntimeError(f"locust failed ({locust.returncode}):\n{locust.stderr[-4000:]}")
            total, endpoints = _read_stats(stats)
            workload = _workload_figures(Path(tmp) / "times.json", seconds)
            failures = []
            failures_csv = Path(f"{prefix}_failures.csv")
            if failures_csv.exists():
                with failures_csv.open(encoding="utf-8") as f:
                    failures = [
                        {"name": r["Name"], "error": r["Error"], "n": int(r["Occurrences"])}
                        for r in csv.DictReader(f)
                    ][:10]
        finally:
            if server is not None:
                _stop(server)
            if db_name:
                _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    return {
        "users": users,
        "seconds": seconds,
        # The mixed workload, logins aside (each user logs in once, at the start).
        "requests": workload.get("requests"),
        "rps": workload.get("rps"),
        "p50_ms": workload.get("p50_ms"),
        "p95_ms": workload.get("p95_ms"),
        "p99_ms": workload.get("p99_ms"),
        "errors": workload.get("errors"),
        # Each step's figures (exact), slowest p95 first; and that p95.
        "steps": workload.get("steps", []),
        "slowest_step_p95_ms": max((s["p95_ms"] for s in workload.get("steps", [])), default=None),
        # Everything locust sent, logins included (percentiles rounded by locust).
        "all_requests": total,
        "records": prepared["records"],
        "vendor": "postgresql" if db_name else "sqlite",
        "server": banner,
        "endpoints": endpoints,
        "failures": failures,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "load_s": prepared["prepare_s"],
        "wall_s": round(time.perf_counter() - started, 1),
    }
