"""The rollups the indicator tables read: kept by the database in the writing
transaction, whatever path the write takes, and always equal to a recount."""

import datetime as dt
import io
import threading
from decimal import Decimal
from unittest import skipUnless

from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import TransactionTestCase

from tongxin.ledger import rollups
from tongxin.ledger.models import LinkKind, RecordLink, RecordRollup, RecordStatus, Tag, WorkRecord
from tongxin.ledger.services import (
    record_approve,
    record_restore,
    record_return,
    record_withdraw,
)
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.testing import build_cast


def base_row(month: int, record) -> RecordRollup | None:
    return RecordRollup.objects.filter(
        tag_id=0,
        link_kind="",
        month=month,
        unit_id=record.unit_id,
        record_type_id=record.record_type_id,
        area_id=record.area_id,
    ).first()


class RollupTests(LedgerTestCase):
    def assertRecountAgrees(self):
        self.assertEqual(rollups.differences(200001, 209912), [])

    def test_approving_a_record_adds_it_to_its_month(self):
        record = self.make_record(submit=True, participants=40)
        self.assertIsNone(base_row(202203, record))
        record_approve(actor=self.city_editor, record=record)
        row = base_row(202203, record)
        self.assertEqual((row.records, row.participants_sum), (1, 40))
        self.assertRecountAgrees()

    def test_return_withdraw_and_restore_move_the_record_out_and_in(self):
        record = self.make_record(submit=True, participants=10)
        record_return(actor=self.city_editor, record=record, reason="缺少佐证")
        self.assertIsNone(base_row(202203, record))
        approved = self.make_record(approve=True, participants=5)
        record_withdraw(actor=self.city_editor, record=approved)
        self.assertEqual(base_row(202203, approved).records, 0)
        # A restored record comes back for review, and into the counts once approved.
        restored = record_restore(actor=self.city_editor, record=approved)
        self.assertEqual(base_row(202203, approved).records, 0)
        record_approve(actor=self.city_editor, record=restored)
        self.assertEqual(base_row(202203, approved).records, 1)
        self.assertRecountAgrees()

    def test_a_correction_moving_date_unit_and_amount_moves_the_sums(self):
        record = self.make_record(record_type=self.credit, approve=True, amount=Decimal("1.10"))
        WorkRecord.objects.filter(pk=record.pk).update(
            date=dt.date(2021, 12, 31), unit=self.shifang, amount=Decimal("200000000.05")
        )
        self.assertEqual(base_row(202203, record).records, 0)
        moved = WorkRecord.objects.get(pk=record.pk)
        self.assertEqual(base_row(202112, moved).amount_cents, 20_000_000_005)
        self.assertRecountAgrees()

    def test_tags_count_only_while_the_record_carries_them(self):
        record = self.make_record(approve=True)
        tag = Tag.objects.create(name="港澳台侨企业")
        record.tags.add(tag)
        self.assertEqual(RecordRollup.objects.get(tag_id=tag.pk, month=202203).records, 1)
        record.tags.remove(tag)
        self.assertEqual(RecordRollup.objects.get(tag_id=tag.pk, month=202203).records, 0)
        self.assertRecountAgrees()

    def test_a_record_counts_once_under_a_link_kind_however_many_links(self):
        report = self.make_record(record_type=self.report, title="调研报告", approve=True)
        first = self.make_record(title="批示一", approve=True)
        second = self.make_record(title="批示二", approve=True)
        kind = LinkKind.INSTRUCTION_ON
        RecordLink.objects.bulk_create(
            [
                RecordLink(source=first, target=report, kind=kind),
                RecordLink(source=second, target=report, kind=kind),
            ]
        )
        self.assertEqual(RecordRollup.objects.get(link_kind=kind, month=202203).records, 1)
        RecordLink.objects.filter(source=first).delete()
        self.assertEqual(RecordRollup.objects.get(link_kind=kind, month=202203).records, 1)
        RecordLink.objects.filter(source=second).delete()
        self.assertEqual(RecordRollup.objects.get(link_kind=kind, month=202203).records, 0)
        self.assertRecountAgrees()

    def test_bulk_inserts_updates_and_deletes_are_counted(self):
        # What an import commit and its undo do: many rows in one statement.
        template = self.make_record(approve=True, participants=3)
        WorkRecord.objects.bulk_create(
            [
                WorkRecord(
                    unit=template.unit,
                    record_type=template.record_type,
                    area=template.area,
                    date=dt.date(2022, 3, day),
                    title=f"导入 {day}",
                    participants=day,
                    status=RecordStatus.APPROVED,
                    created_by=self.guanghan_reporter,
                    updated_by=self.guanghan_reporter,
                )
                for day in range(1, 11)
            ]
        )
        self.assertEqual(base_row(202203, template).participants_sum, 3 + 55)
        WorkRecord.objects.filter(title__startswith="导入").update(status=RecordStatus.WITHDRAWN)
        self.assertEqual(base_row(202203, template).participants_sum, 3)
        WorkRecord.objects.filter(title__startswith="导入").delete()
        self.assertRecountAgrees()

    def test_an_edit_that_moves_no_figure_leaves_the_rollups_alone(self):
        record = self.make_record(approve=True, participants=8)
        row = base_row(202203, record)
        WorkRecord.objects.filter(pk=record.pk).update(title="改过的标题")
        self.assertEqual(base_row(202203, record).records, row.records)
        self.assertRecountAgrees()

    def test_rebuild_recounts_what_writes_with_triggers_off_missed(self):
        record = self.make_record(approve=True)
        RecordRollup.objects.all().delete()
        self.assertNotEqual(rollups.differences(202201, 202212), [])
        rollups.rebuild(connection)
        self.assertEqual(base_row(202203, record).records, 1)
        self.assertRecountAgrees()

    def test_the_sqlite_triggers_come_back_after_a_table_remake_and_recount(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL keeps triggers through ALTER TABLE")
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER ledger_rollup_record_au")
        # Written while the trigger was gone: not counted until the repair recounts.
        missed = self.make_record(approve=True)
        self.assertIsNone(base_row(202203, missed))
        rollups.ensure_triggers(connection)
        self.assertEqual(base_row(202203, missed).records, 1)
        later = self.make_record(approve=True, title="修复之后")
        self.assertEqual(base_row(202203, later).records, 2)
        self.assertRecountAgrees()

    def test_verify_passes_on_true_rollups_and_fails_on_a_drifted_row(self):
        record = self.make_record(approve=True, participants=12)
        call_command("indicators", "2022", "--verify", stdout=io.StringIO())
        RecordRollup.objects.filter(pk=base_row(202203, record).pk).update(participants_sum=13)
        with self.assertRaises(CommandError):
            call_command("indicators", "2022", "--verify", stdout=io.StringIO())

    def test_month_span_splits_a_period_into_whole_months_and_days(self):
        self.assertEqual(
            rollups.month_span(dt.date(2022, 1, 1), dt.date(2022, 12, 31)), ((202201, 202212), [])
        )
        self.assertEqual(
            rollups.month_span(dt.date(2022, 1, 1), dt.date(2022, 9, 17)),
            ((202201, 202208), [(dt.date(2022, 9, 1), dt.date(2022, 9, 17))]),
        )
        self.assertEqual(
            rollups.month_span(dt.date(2022, 3, 5), dt.date(2022, 3, 20)),
            (None, [(dt.date(2022, 3, 5), dt.date(2022, 3, 20))]),
        )


@skipUnless(connection.vendor == "postgresql", "row locks of concurrent writers: PostgreSQL")
class ConcurrentApprovalTests(TransactionTestCase):
    """Two reviewers approving records of the same unit, type and month at once: the
    second waits on the rollup row's lock and adds to the first's committed count."""

    def test_concurrent_approvals_lose_no_increment(self):
        from tongxin.ledger.catalogue import catalogue_ensure
        from tongxin.ledger.models import RecordType
        from tongxin.ledger.services import record_create

        build_cast(self)
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        records = [
            record_create(
                actor=self.guanghan_reporter,
                unit=self.guanghan,
                record_type=forum,
                date=dt.date(2022, 5, 10),
                title=f"恳谈会 {i}",
                participants=10 * (i + 1),
                submit=True,
            )
            for i in range(2)
        ]
        first_written = threading.Event()
        errors = []

        def approve(record, *, hold: bool):
            try:
                with transaction.atomic():
                    record_approve(actor=self.city_editor, record=record)
                    if hold:
                        first_written.set()
                        # Keep the row lock while the other approval starts.
                        threading.Event().wait(0.5)
            except Exception as error:  # reported below, in the main thread
                errors.append(error)
                first_written.set()
            finally:
                connection.close()

        def approve_second():
            first_written.wait(10)
            approve(records[1], hold=False)

        threads = [
            threading.Thread(target=approve, args=(records[0],), kwargs={"hold": True}),
            threading.Thread(target=approve_second),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(errors, [])
        row = base_row(202205, records[0])
        self.assertEqual((row.records, row.participants_sum), (2, 30))
        self.assertEqual(rollups.differences(202201, 202212), [])
