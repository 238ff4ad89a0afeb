"""Several app processes on one database (docs/deployment.md, "What the multi-process
test proves"): `tongxin serve` with three gunicorn workers, one thread each, on the
suite's database (PostgreSQL: the test database itself; SQLite: a WAL file copy of it).
Pages are read concurrently, a session opened by one worker is honoured by the others,
records are written at the same moment from several processes, none lost, and two
reviewers approve the same records at the same moment without a 503 ("database is
locked"). On SQLite the test runs twice: the database named by SQLITE_PATH and by
DATABASE_URL=sqlite:///..., whose settings must be the same (issue 22)."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.test import TransactionTestCase

from tongxin.accounts.models import Role
from tongxin.accounts.services.users import user_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ops.tests.ops_helpers import is_sqlite, shared_database
from tongxin.testing import PASSWORD, build_cast

WORKERS = 3
WRITES = 8  # records created at once, four by each of two reporters
RECORD_URL = re.compile(r"/ledger/records/(\d+)/$")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A user's cookie jar over urllib; no redirects are hidden: the final URL is kept."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.status, r.geturl(), r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        token = self._csrf()
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"X-CSRFToken": token}, method="POST"
        )
        with self.opener.open(request, timeout=30) as r:
            return r.status, r.geturl(), r.read().decode()

    def log_in(self, username: str) -> None:
        self.get("/accounts/login/")
        status, url, _ = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 200 and "/accounts/login/" not in url, (status, url)


class SeveralProcessesOnOneDatabaseTests(TransactionTestCase):
    def setUp(self):
        build_cast(self)
        catalogue_ensure()
        self.meeting = RecordType.objects.get(code="meeting")
        self.tmp = Path(tempfile.mkdtemp(prefix="tongxin-mp-"))

    def _serve(self, env: dict) -> tuple[subprocess.Popen, str, Path]:
        port = _free_port()
        log = self.tmp / "access.log"
        # The access log (serve writes it to stdout) names the worker's pid, so the test
        # sees who served what.
        env = {
            **env,
            "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(m)s %(U)s %(s)s' "
            # Not the shared ~/.gunicorn/gunicorn.ctl of other servers on the machine.
            "--no-control-socket",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tongxin",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--threads",
                "1",
            ],  # fmt: skip
            env=env,
            stdout=open(log, "w"),  # noqa: SIM115
            stderr=open(self.tmp / "serve.err", "w"),  # noqa: SIM115
            start_new_session=True,
        )
        self.addCleanup(self._stop, server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # a busy machine boots workers slowly
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                self.fail("tongxin serve did not start: " + (self.tmp / "serve.err").read_text())
            time.sleep(0.2)
        return server, base, log

    @staticmethod
    def _stop(server: subprocess.Popen) -> None:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    def test_three_workers_share_sessions_and_write_at_the_same_time(self):
        self._run(url_named=False)

    def test_sqlite_named_by_database_url_behaves_the_same(self):
        if not is_sqlite():
            self.skipTest("SQLite only: PostgreSQL is always named by DATABASE_URL")
        self._run(url_named=True)

    def _run(self, *, url_named: bool):
        user_create(
            actor=None,
            username="editor2",
            display_name="张编辑",  # i18n: data
            role=Role.EDITOR,
            unit=self.economy_section,
            password=PASSWORD,
        )
        with shared_database(self.tmp) as shared:
            env = dict(shared.env)
            if url_named:
                env["DATABASE_URL"] = f"sqlite:///{env.pop('SQLITE_PATH')}"
            server, base, log = self._serve(env)
            reporters = {"gh": self.guanghan.pk, "sf": self.shifang.pk}
            names = [*reporters, "editor", "editor2", "leader"]
            browsers = {name: Browser(base) for name in names}
            for name, browser in browsers.items():
                browser.log_in(name)

            # Reads, concurrently: each user's session is honoured by whichever worker
            # answers (sessions live in the database).
            pages = ["/", "/ledger/", "/ledger/?year=2026", "/indicators/", "/cases/"]
            jobs = [(b, p) for b in browsers.values() for p in pages]
            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda job: job[0].get(job[1]), jobs))
            for status, url, _ in answers:
                self.assertEqual(status, 200, url)
                self.assertNotIn("/accounts/login/", url)

            # Writes, at the same moment, by two reporters.
            def create(job):
                name, i = job
                browser = browsers[name]
                browser.get("/ledger/records/new/")
                return browser.post(
                    "/ledger/records/new/",
                    {
                        "unit": reporters[name],
                        "record_type": self.meeting.pk,
                        "date": "2026-03-02",
                        "title": f"多进程写入 {name} {i}",
                        "count": 1 if self.meeting.has_count else "",
                        "participants": 20 if self.meeting.has_participants else "",
                        "submit": "1",
                    },
                )

            writes = [(name, i) for i in range(WRITES // 2) for name in reporters]
            with ThreadPoolExecutor(max_workers=WRITES) as pool:
                created = list(pool.map(create, writes))
            ids = set()
            for status, url, _ in created:
                self.assertEqual(status, 200)
                found = RECORD_URL.search(url)
                self.assertIsNotNone(found, f"not saved: ended at {url}")
                ids.add(int(found.group(1)))
            self.assertEqual(len(ids), WRITES)
            rows = shared.query(
                "SELECT count(*), count(DISTINCT created_by_id) FROM ledger_workrecord "
                "WHERE title LIKE ? AND status = 'submitted'",
                ("多进程写入%",),
            )
            self.assertEqual(rows[0], (WRITES, 2))

            # Approvals, in pairs at the same moment: two reviewers on each new record.
            def approve(job):
                name, pk = job
                return browsers[name].post(f"/ledger/records/{pk}/action/", {"action": "approve"})

            pairs = [(name, pk) for pk in sorted(ids) for name in ("editor", "editor2")]
            with ThreadPoolExecutor(max_workers=len(pairs)) as pool:
                approved = list(pool.map(approve, pairs))
            for status, url, _ in approved:  # urllib raises on a 503
                self.assertEqual(status, 200, url)
            rows = shared.query(
                "SELECT count(*) FROM ledger_workrecord WHERE title LIKE ? AND status = ?",
                ("多进程写入%", "approved"),
            )
            self.assertEqual(rows[0][0], WRITES)
            approvals = shared.query(
                "SELECT count(*) FROM audit_auditevent WHERE action = ?", ("record.approve",)
            )
            self.assertEqual(approvals[0][0], WRITES, "a record approved twice")

            self._stop(server)  # flushes the access log
            served = [line.split() for line in log.read_text().splitlines() if line.startswith("<")]
            pids = {pid for pid, *_ in served}
            posting = {pid for pid, method, path, _ in served if method == "POST"}
            self.assertGreaterEqual(len(pids), 2, "one worker served everything")
            self.assertGreaterEqual(len(posting), 2, "one worker wrote everything")
            self.assertFalse([s for s in served if s[3].startswith("5")], "server errors")
