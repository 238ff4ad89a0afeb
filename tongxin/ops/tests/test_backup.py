"""tongxin backup / tongxin restore: the demo goes out and comes back whole, on the
suite's own vendor (a second SQLite file, or a PostgreSQL database made for the test)."""

import io
import json
import shutil
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tongxin.audit.chain import audit_seal
from tongxin.audit.models import AuditEvent
from tongxin.ledger.models import Evidence, WorkRecord
from tongxin.ledger.services import evidence_attach
from tongxin.ops.backup import BackupError, backup_check, backup_create, backup_restore
from tongxin.ops.backup import database as backup_database
from tongxin.ops.backup.archive import MANIFEST
from tongxin.ops.tests.ops_helpers import (
    CommittedDataTestCase,
    audit_rows,
    extra_database,
    file_checksums,
    table_counts,
)
from tongxin.testing import build_cast

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def quiet(_message: str) -> None:
    pass


class OpsTestCase(CommittedDataTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="h-ops-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def backup(self) -> Path:
        return backup_create(output=self.tmp, progress=quiet).path


class RoundTripTests(OpsTestCase):
    def test_the_demo_comes_back_with_every_row_file_and_audit_event(self):
        from tongxin.accounts.models import User
        from tongxin.ops.demo import load_demo

        load_demo()
        editor = User.objects.get(username="editor")
        record = WorkRecord.objects.order_by("id").first()
        for name, content in (("会议照片.png", PNG), ("签到表.pdf", PDF)):
            evidence_attach(
                actor=editor, record=record, uploaded_file=SimpleUploadedFile(name, content)
            )
        audit_seal()  # the chain as the backup's own seal finds it (audit/chain.py)
        counts, files, events = table_counts(), file_checksums(settings.MEDIA_ROOT), audit_rows()
        self.assertGreater(counts["ledger_workrecord"], 1000)
        self.assertEqual(Evidence.objects.count(), 2)

        started = time.monotonic()
        result = backup_create(output=self.tmp, progress=quiet)
        backed_up = time.monotonic() - started
        self.assertTrue(Path(f"{result.path}.sha256").read_text().startswith(result.sha256))
        backup_event = AuditEvent.objects.latest("id")
        self.assertEqual(backup_event.action, "backup.create")
        self.assertEqual(backup_event.after["sha256"], result.sha256)

        media = self.tmp / "restored-media"
        with extra_database(self.tmp) as target:
            started = time.monotonic()
            backup_restore(archive=result.path, using=target, media_root=media, progress=quiet)
            restored = time.monotonic() - started
            restored_counts = table_counts(target)
            restored_events = audit_rows(target)
        print(f"\ndemo backup {backed_up:.1f}s, restore {restored:.1f}s, {result.size} bytes")

        # The restore's own event follows every event the backup holds.
        self.assertEqual(restored_events[:-1], events)
        self.assertEqual(restored_events[-1][4], "backup.restore")
        restored_counts["audit_auditevent"] -= 1
        self.assertEqual(restored_counts, counts)
        self.assertEqual(file_checksums(media), files)
        self.assertEqual(len(files), len(result.manifest["files"]) - 1)
        evidence_files = {e.file.name for e in Evidence.objects.all()}
        self.assertTrue(evidence_files <= set(file_checksums(media)))


class RefusalTests(OpsTestCase):
    def setUp(self):
        super().setUp()
        build_cast(self)
        self.archive = self.backup()

    def test_it_refuses_a_non_empty_database(self):
        media = self.tmp / "media"
        before = table_counts()
        with self.assertRaisesMessage(BackupError, "目标数据库不是空的"):
            backup_restore(archive=self.archive, media_root=media, progress=quiet)
        self.assertEqual(table_counts(), before)
        self.assertFalse(media.exists())

    def test_it_refuses_a_non_empty_media_folder_and_leaves_the_database_empty(self):
        media = self.tmp / "media"
        (media / "evidence").mkdir(parents=True)
        (media / "evidence" / "kept.pdf").write_bytes(PDF)
        with extra_database(self.tmp) as target:
            with self.assertRaisesMessage(BackupError, "附件目录"):
                backup_restore(archive=self.archive, using=target, media_root=media, progress=quiet)
            self.assertEqual(backup_database.data_tables(target), {})
        self.assertEqual([p.name for p in media.rglob("*") if p.is_file()], ["kept.pdf"])

    def test_force_restores_over_existing_data(self):
        media = self.tmp / "media"
        with extra_database(self.tmp) as target:
            backup_restore(archive=self.archive, using=target, media_root=media, progress=quiet)
            backup_restore(
                archive=self.archive, using=target, media_root=media, force=True, progress=quiet
            )
            actions = [row[4] for row in audit_rows(target)]
        self.assertEqual(actions.count("backup.restore"), 1)  # the first went with the data

    def test_a_damaged_archive_is_refused_before_anything_is_touched(self):
        damaged = self.tmp / "damaged.tar"
        data = bytearray(self.archive.read_bytes())
        data[2048] ^= 0xFF  # a byte of the database member, after its tar header
        damaged.write_bytes(bytes(data))
        with self.assertRaisesMessage(BackupError, "校验失败"):
            backup_check(archive=damaged, progress=quiet)
        media = self.tmp / "media"
        with extra_database(self.tmp) as target:
            with self.assertRaisesMessage(BackupError, "校验失败"):
                backup_restore(archive=damaged, using=target, media_root=media, progress=quiet)
            self.assertEqual(backup_database.data_tables(target), {})
        self.assertFalse(media.exists())

    def test_a_backup_from_a_newer_version_is_refused(self):
        newer = self.tmp / "newer.tar"
        with tarfile.open(self.archive) as src, tarfile.open(newer, "w") as out:
            for member in src.getmembers():
                data = src.extractfile(member).read()
                if member.name == MANIFEST:
                    manifest = json.loads(data)
                    manifest["database"]["migrations"].append(["ledger", "9999_future"])
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                out.addfile(member, io.BytesIO(data))
        refused = self.assertRaisesMessage(BackupError, "较新的版本")
        with extra_database(self.tmp) as target, refused:
            backup_restore(archive=newer, using=target, media_root=self.tmp / "m")


class EmptyTargetTests(OpsTestCase):
    def test_a_freshly_migrated_database_counts_as_empty(self):
        # Fails when a new data migration fills a table not in FILLED_BY_MIGRATE.
        self.assertEqual(backup_database.data_tables("default"), {})


class CommandTests(OpsTestCase):
    def test_the_commands_back_up_check_and_refuse_with_a_non_zero_exit(self):
        build_cast(self)
        out = io.StringIO()
        call_command("backup", "-o", str(self.tmp / "b.tar"), stdout=out)
        self.assertIn("备份完成", out.getvalue())
        call_command("backup", "--check", str(self.tmp / "b.tar"), stdout=out)
        self.assertIn("备份完好", out.getvalue())
        with self.assertRaisesMessage(CommandError, "已存在"):
            call_command("backup", "-o", str(self.tmp / "b.tar"), stdout=out)
        with self.assertRaisesMessage(CommandError, "附件目录"):
            call_command("backup", "-o", str(settings.MEDIA_ROOT), stdout=out)
        with self.assertRaisesMessage(CommandError, "不存在"):
            call_command("restore", str(self.tmp / "none.tar"), stdout=out)
        with self.assertRaisesMessage(CommandError, "恢复失败：目标数据库不是空的"):
            call_command("restore", str(self.tmp / "b.tar"), stdout=out)
