"""Faults: a process killed in the middle of an import, a database server that goes
away and comes back, a disk that fills during an upload, two reviewers approving the
same record at once. docs/operations.md says what each test proves."""

import datetime as dt
import errno
import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.evidence_files import STORAGE_FAILED
from tongxin.ledger.models import Evidence, RecordStatus, RecordType
from tongxin.ledger.services import evidence_attach, record_create
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.ledger.tests.test_import import FORUM_HEADER, forum_rows, xlsx_bytes
from tongxin.ops.tests.ops_helpers import (
    CommittedDataTestCase,
    CuttableProxy,
    file_checksums,
    shared_database,
)
from tongxin.testing import PASSWORD, TongxinClient, build_cast

CHILD = [sys.executable, "-m", "tongxin.ops.tests.fault_child"]
IMPORT_TABLES = [
    "ledger_workrecord",
    "ledger_workrecord_tags",
    "ledger_tag",
    "ledger_importbatch",
    "audit_auditevent",
]


def read_line(process: subprocess.Popen, timeout: float = 120) -> str:
    """The child's next line on stdout, or a failure naming what it wrote on stderr."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        raise AssertionError(f"child said nothing: {process.stderr.read()[-3000:]}")
    return line.strip()


def spawn(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*CHILD, *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class FaultTestCase(CommittedDataTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="h-faults-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        build_cast(self)
        catalogue_ensure()


class InterruptedImportTests(FaultTestCase):
    def test_killing_the_server_mid_import_leaves_the_database_as_it_was(self):
        rows = 300
        workbook = self.tmp / "台账.xlsx"
        workbook.write_bytes(xlsx_bytes(FORUM_HEADER, forum_rows(rows)))
        with shared_database(self.tmp) as db:
            before = {table: db.count(table) for table in IMPORT_TABLES}
            child = spawn(db.env, "import", "gh", "forum", str(workbook))
            inside = read_line(child)
            # Every row is written, inside the transaction, when the power goes.
            self.assertEqual(inside, f"INSIDE {before['ledger_workrecord'] + rows}")
            os.kill(child.pid, signal.SIGKILL)
            child.wait(30)
            self.assertEqual({table: db.count(table) for table in IMPORT_TABLES}, before)
            # Nothing half-done blocks the next attempt: the same file imports whole.
            retry = spawn(db.env, "import", "gh", "forum", str(workbook), "--through")
            self.assertEqual(read_line(retry), "COMMITTED")
            retry.wait(30)
            self.assertEqual(db.count("ledger_workrecord"), before["ledger_workrecord"] + rows)
            self.assertEqual(db.count("ledger_importbatch"), before["ledger_importbatch"] + 1)


class ConcurrentApprovalTests(FaultTestCase):
    def test_two_reviewers_approving_at_once_make_one_approval(self):
        user_create(
            actor=None,
            username="editor2",
            display_name="张编辑",
            role=Role.EDITOR,
            unit=self.economy_section,
            password=PASSWORD,
        )
        record = record_create(
            actor=self.guanghan_reporter,
            unit=self.guanghan,
            record_type=RecordType.objects.get(code="forum"),
            date=dt.date(2022, 3, 5),
            title="民营企业家恳谈会",
            submit=True,
        )
        with shared_database(self.tmp) as db:
            children = [
                spawn(db.env, "approve", name, str(record.pk)) for name in ("editor", "editor2")
            ]
            for child in children:
                self.assertEqual(read_line(child), "READY")
            for child in children:  # as near the same instant as two processes get
                child.stdin.write("GO\n")
                child.stdin.flush()
            outcomes = [json.loads(read_line(child)) for child in children]
            for child in children:
                child.wait(30)
            approvals = db.query(
                "SELECT count(*) FROM audit_auditevent WHERE action = ? AND object_id = ?",
                ("record.approve", str(record.pk)),
            )[0][0]
            status, version = db.query(
                "SELECT status, version FROM ledger_workrecord WHERE id = ?", (record.pk,)
            )[0]
        self.assertEqual(sorted(key for o in outcomes for key in o), ["approved", "refused"])
        refusal = next(o["refused"] for o in outcomes if "refused" in o)
        self.assertIn("已通过", refusal)  # 该记录当前状态为“已通过”，不能执行此操作。
        self.assertEqual(approvals, 1)
        self.assertEqual((status, version), (RecordStatus.APPROVED, record.version + 1))


# ── the database goes away ──────────────────────────────────────────────────────────


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, session: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


class DatabaseGoneTests(FaultTestCase):
    """The app (gunicorn, as `tongxin serve` runs it) reaches PostgreSQL through a proxy
    this test starts, cuts and restores; the suite's own server is never touched. Runs
    on the PostgreSQL run of the suite, against its test database (the SQLite run has no
    migrated PostgreSQL database to serve from, and migrating one costs a minute)."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("需要 PostgreSQL：在 DATABASE_URL=postgres://… 的测试中运行")
        super().setUp()

    def test_pages_answer_503_in_chinese_while_the_database_is_away_and_recover_alone(self):
        client = TongxinClient()
        client.force_login(self.guanghan_reporter)
        session = client.cookies["sessionid"].value
        db = connection.settings_dict
        proxy = CuttableProxy((db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)))
        self.addCleanup(proxy.close)
        port = _free_port()
        with shared_database(self.tmp) as shared:
            env = dict(shared.env)
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f":{db.get('PORT') or 5432}/", f":{proxy.port}/"
        )
        log = open(self.tmp / "server.log", "w")  # noqa: SIM115 - closed by cleanup
        self.addCleanup(log.close)
        server = subprocess.Popen(
            [sys.executable, "-m", "tongxin", "serve", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "1", "--threads", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.addCleanup(server.wait, 30)
        self.addCleanup(server.terminate)
        self.wait_until_up(port, server)
        home = reverse("core:home")

        self.assertEqual(_get(port, home, session)[0], 200)
        proxy.cut()
        for path in (home, reverse("ledger:record_list"), home):
            status, body = _get(port, path, session)
            self.assertEqual(status, 503, body[:500])
            self.assertIn("数据库暂时无法连接", body)
            self.assertNotIn("Traceback", body)
        self.assertEqual(_get(port, "/healthz", session)[0], 503)
        proxy.restore()
        # No restart: the next request opens a new connection.
        self.assertEqual(_get(port, home, session)[0], 200)
        self.assertEqual(_get(port, "/healthz", session)[0], 200)

    def wait_until_up(self, port: int, server: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.fail((self.tmp / "server.log").read_text()[-3000:])
            try:
                if _get(port, "/healthz", "")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.fail("the server did not come up: " + (self.tmp / "server.log").read_text()[-3000:])


# ── the disk fills during an upload ─────────────────────────────────────────────────


class DiskFullStorage(FileSystemStorage):
    """Writes half the file, then fails as a full disk does."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


PDF = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"


class DiskFullUploadTests(LedgerTestCase):
    def setUp(self):
        self.record = self.make_record()
        self.files = file_checksums(settings.MEDIA_ROOT)
        self.field = Evidence._meta.get_field("file")

    def test_a_full_disk_leaves_no_row_no_file_and_says_so_in_chinese(self):
        self.client.force_login(self.guanghan_reporter)
        full = DiskFullStorage(location=settings.MEDIA_ROOT)
        with mock.patch.object(self.field, "storage", full):
            response = self.client.post(
                reverse("ledger:evidence_upload", args=[self.record.pk]),
                {"file": SimpleUploadedFile("签到表.pdf", PDF)},
                follow=True,
            )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, STORAGE_FAILED)
        self.assertFalse(Evidence.objects.exists())
        self.assertEqual(file_checksums(settings.MEDIA_ROOT), self.files)

    def test_a_database_failure_after_the_file_is_written_removes_the_file(self):
        with (
            mock.patch("tongxin.ledger.services.audit_log", side_effect=OperationalError("gone")),
            self.assertRaises(OperationalError),
        ):
            evidence_attach(
                actor=self.guanghan_reporter,
                record=self.record,
                uploaded_file=SimpleUploadedFile("签到表.pdf", PDF),
            )
        self.assertFalse(Evidence.objects.exists())
        self.assertEqual(file_checksums(settings.MEDIA_ROOT), self.files)

    def test_the_same_file_uploads_whole_once_the_disk_has_room(self):
        full = DiskFullStorage(location=settings.MEDIA_ROOT)
        with (
            mock.patch.object(self.field, "storage", full),
            self.assertRaisesMessage(ValidationError, str(STORAGE_FAILED)),
        ):
            evidence_attach(
                actor=self.guanghan_reporter,
                record=self.record,
                uploaded_file=SimpleUploadedFile("签到表.pdf", PDF),
            )
        evidence = evidence_attach(
            actor=self.guanghan_reporter,
            record=self.record,
            uploaded_file=SimpleUploadedFile("签到表.pdf", PDF),
        )
        # Under the content hash itself, not beside a half-written leftover.
        expected = f"evidence/{evidence.sha256[:2]}/{evidence.sha256}.pdf"
        self.assertEqual(evidence.file.name, expected)
        self.assertEqual(evidence.file.read(), PDF)
