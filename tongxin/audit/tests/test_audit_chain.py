"""The audit trail's tamper evidence: triggers, their one bypass, the hash chain and
`tongxin verify-audit` (audit/chain.py, docs/security.md)."""

import datetime as dt
import io

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import TransactionTestCase
from django.utils import timezone

from tongxin.audit.chain import audit_bypass, audit_seal, audit_verify
from tongxin.audit.models import AuditCheckpoint, AuditEvent, AuditLink, content_hash
from tongxin.audit.services import audit_log, audit_prune
from tongxin.lib.copyinsert import copy_insert
from tongxin.testing import CastTestCase

TABLES = ["audit_auditevent", "audit_auditlink", "audit_auditcheckpoint"]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def drop_triggers() -> None:
    """What someone with the database's own rights could do; rolled back with the test."""
    for table in TABLES:
        if connection.vendor == "sqlite":
            raw(f"DROP TRIGGER {table}_no_update")
            raw(f"DROP TRIGGER {table}_no_delete")
        else:
            raw("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
            raw(f"ALTER TABLE {table} DISABLE TRIGGER USER")


def verify_fails_naming(case, text: str) -> None:
    with case.assertRaises(CommandError) as caught:
        call_command("verify-audit", "--no-seal", stdout=io.StringIO(), stderr=io.StringIO())
    case.assertIn(text, str(caught.exception).split("第一处：")[1])


class TriggerTests(CastTestCase):
    def test_a_hand_edited_or_deleted_row_is_refused_by_the_database(self):
        event = AuditEvent.objects.first()
        for sql in (
            "UPDATE audit_auditevent SET action = 'forged' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with self.subTest(sql=sql), self.assertRaises(DatabaseError), transaction.atomic():
                raw(sql, [event.pk])
        event.refresh_from_db()
        self.assertNotEqual(event.action, "forged")

    def test_links_and_checkpoints_are_append_only_too(self):
        audit_seal()
        for table in ("audit_auditlink", "audit_auditcheckpoint"):
            with self.subTest(table=table), self.assertRaises(DatabaseError), transaction.atomic():
                raw(f"DELETE FROM {table}")

    def test_the_bypass_lets_one_transaction_through_and_closes_after(self):
        event = AuditEvent.objects.first()
        with audit_bypass(reason="test"):
            raw("UPDATE audit_auditevent SET actor_name = 'moved' WHERE id = %s", [event.pk])
        event.refresh_from_db()
        self.assertEqual(event.actor_name, "moved")
        with self.assertRaises(DatabaseError), transaction.atomic():
            raw("UPDATE audit_auditevent SET actor_name = 'again' WHERE id = %s", [event.pk])


class ChainTests(CastTestCase):
    def test_an_untouched_trail_verifies(self):
        audit_seal()
        with transaction.atomic():
            audit_log(action="record.create", actor_name="later")  # not sealed yet
        self.assertEqual(audit_verify(), [])
        out = io.StringIO()
        call_command("verify-audit", stdout=out)
        self.assertIn("审计链完好", out.getvalue())

    def test_bulk_inserted_events_carry_their_hash(self):
        # The import's path: COPY on PostgreSQL, bulk_create on SQLite.
        events = [
            AuditEvent(action="record.import", object_id=str(n), after={"n": n}) for n in range(50)
        ]
        copy_insert(events)
        stored = list(AuditEvent.objects.filter(action="record.import"))
        self.assertEqual(len(stored), 50)
        self.assertTrue(all(e.row_hash == content_hash(e) != "" for e in stored))
        self.assertEqual(audit_verify(), [])

    def test_a_row_edited_by_hand_with_triggers_dropped_is_named(self):
        event = AuditEvent.objects.order_by("id")[3]
        drop_triggers()
        raw("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
        verify_fails_naming(self, f"#{event.pk} ")

    def test_a_sealed_row_edited_with_its_hash_recomputed_is_named(self):
        audit_seal()
        event = AuditEvent.objects.order_by("id")[2]
        event.actor_name = "forged"
        drop_triggers()
        raw(
            "UPDATE audit_auditevent SET actor_name = %s, row_hash = %s WHERE id = %s",
            ["forged", content_hash(event), event.pk],
        )
        verify_fails_naming(self, f"#{event.pk} ")

    def test_a_removed_row_is_named(self):
        audit_seal()
        event = AuditEvent.objects.order_by("id")[1]
        drop_triggers()
        raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        verify_fails_naming(self, f"#{event.pk} 已被删除")

    def test_removing_the_newest_row_and_its_link_after_a_seal_is_detected(self):
        head = audit_seal()
        drop_triggers()
        raw("DELETE FROM audit_auditevent WHERE id = %s", [head["event_id"]])
        raw("DELETE FROM audit_auditlink WHERE position = %s", [head["position"]])
        verify_fails_naming(self, f"事件 #{head['event_id']}）已不在审计链中")

    def test_a_pruned_trail_still_verifies_and_records_its_head(self):
        with transaction.atomic():
            old = audit_log(action="record.create", actor_name="old")
        with audit_bypass(reason="test"):
            old.at = timezone.now() - dt.timedelta(days=400)
            raw(
                "UPDATE audit_auditevent SET at = %s, row_hash = %s WHERE id = %s",
                [old.at, content_hash(old), old.pk],
            )
        self.assertEqual(audit_prune(keep_days=365), 1)
        prune = AuditEvent.objects.get(action="audit.prune")
        checkpoint = AuditCheckpoint.objects.filter(reason="prune").latest("id")
        self.assertEqual(prune.after["chain_head"]["position"], checkpoint.head_position)
        self.assertEqual(audit_verify(), [])


class FlushTests(TransactionTestCase):
    """TransactionTestCase empties every table with `flush` after each test: it goes
    through the bypass, and the triggers hold again after."""

    def test_flush_empties_the_audit_tables_and_the_triggers_still_hold(self):
        with transaction.atomic():
            audit_log(action="record.create", actor_name="x")
        audit_seal()
        call_command("flush", verbosity=0, interactive=False)
        self.assertEqual(AuditEvent.objects.count(), 0)
        self.assertEqual(AuditLink.objects.count(), 0)
        with transaction.atomic():
            event = audit_log(action="record.create", actor_name="y")
        with self.assertRaises(DatabaseError), transaction.atomic():
            raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_trigger_bypass")
            self.assertEqual(cursor.fetchone()[0], 0)
