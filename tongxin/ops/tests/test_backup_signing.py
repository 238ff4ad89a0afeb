"""Signed backups (ops/backup/signing.py): a member changed and its hash recomputed in
the manifest is refused; a lost key is overridden only explicitly, and audited; the
audit chain head in the manifest catches the newest events removed afterwards."""

import hashlib
import io
import json
import tarfile

from django.core.management import CommandError, call_command
from django.test import override_settings

from tongxin.audit.chain import audit_bypass
from tongxin.audit.models import AuditCheckpoint, AuditEvent, AuditLink
from tongxin.ops.backup import BackupError, backup_check, backup_restore
from tongxin.ops.backup import database as backup_database
from tongxin.ops.backup.archive import MANIFEST
from tongxin.ops.tests.ops_helpers import audit_rows, extra_database
from tongxin.ops.tests.test_backup import OpsTestCase, quiet
from tongxin.testing import build_cast


def rebuilt(source, dest, change_member) -> None:
    """Copy the archive, changing the database member and recomputing its hash in the
    manifest, as someone who knows the format (but not the key) would."""
    with tarfile.open(source) as src:
        members = [(m, src.extractfile(m).read()) for m in src.getmembers()]
    manifest = json.loads(dict((m.name, d) for m, d in members)[MANIFEST])
    with tarfile.open(dest, "w") as out:
        for member, data in members:
            if member.name == manifest["database"]["member"] and change_member:
                data = data + b"\0"
                manifest["files"][member.name] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                }
            if member.name == MANIFEST:
                data = json.dumps(manifest).encode()
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


class SignatureTests(OpsTestCase):
    def setUp(self):
        super().setUp()
        build_cast(self)
        self.archive = self.backup()

    def test_a_member_changed_with_its_manifest_hash_recomputed_is_refused(self):
        forged = self.tmp / "forged.tar"
        rebuilt(self.archive, forged, change_member=True)
        with self.assertRaisesMessage(BackupError, "签名不符"):
            backup_check(archive=forged, progress=quiet)
        with self.assertRaisesMessage(CommandError, "签名不符"):
            call_command("backup", "--check", str(forged), stdout=io.StringIO())
        media = self.tmp / "media"
        with extra_database(self.tmp) as target:
            with self.assertRaisesMessage(BackupError, "签名不符"):
                backup_restore(archive=forged, using=target, media_root=media, progress=quiet)
            self.assertEqual(backup_database.data_tables(target), {})
        self.assertFalse(media.exists())

    def test_the_sha256_beside_the_archive_is_checked(self):
        sidecar = self.archive.with_name(self.archive.name + ".sha256")
        sidecar.write_text(f"{'0' * 64}  {self.archive.name}\n")
        with self.assertRaisesMessage(BackupError, ".sha256 与备份文件不符"):
            backup_check(archive=self.archive, progress=quiet)
        sidecar.unlink()  # a copy without it is checked by its signature alone
        self.assertIn("files", backup_check(archive=self.archive, progress=quiet))

    def test_a_lost_key_needs_the_override_which_warns_and_is_audited(self):
        media = self.tmp / "media"
        lost_key = override_settings(BACKUP_SIGNING_KEY="a-new-machine-without-the-old-key")
        with lost_key, extra_database(self.tmp) as target:
            with self.assertRaisesMessage(BackupError, "另一个密钥"):
                backup_restore(archive=self.archive, using=target, media_root=media)
            said = []
            backup_restore(
                archive=self.archive,
                using=target,
                media_root=media,
                accept_unsigned=True,
                progress=said.append,
            )
            restore_event = audit_rows(target)[-1]
        self.assertTrue(any(line.startswith("警告") for line in said))
        self.assertEqual(restore_event[4], "backup.restore")
        self.assertEqual(restore_event[9]["signature"], "other-key")

    def test_removing_the_newest_events_after_a_backup_is_detected(self):
        with tarfile.open(self.archive) as tar:
            newest = json.loads(tar.extractfile(MANIFEST).read())["audit"]["head"]
        self.assertEqual(newest["event_id"], AuditLink.objects.latest("position").event_id)
        # Everything the database itself holds about the head goes, as with triggers dropped.
        with audit_bypass(reason="test"):
            AuditLink.objects.filter(position__gte=newest["position"]).delete()
            AuditEvent.objects.filter(pk__gte=newest["event_id"]).prune()
            AuditCheckpoint.objects.all().delete()
        call_command("verify-audit", "--no-seal", stdout=io.StringIO())  # looks whole alone
        with self.assertRaisesMessage(CommandError, f"事件 #{newest['event_id']}）已不在审计链中"):
            call_command(
                "verify-audit", "--no-seal", "--backup", str(self.archive), stderr=io.StringIO()
            )
