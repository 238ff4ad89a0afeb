from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.audit.models import AuditEvent
from tongxin.ledger.models import RecordStatus
from tongxin.ledger.services import (
    StaleRecordError,
    record_approve,
    record_restore,
    record_return,
    record_submit,
    record_update,
    record_withdraw,
)
from tongxin.ledger.tests.base import LedgerTestCase


class ReviewFlowTests(LedgerTestCase):
    def test_a_record_goes_from_draft_to_approved_with_an_audit_row_each_step(self):
        record = self.make_record(count=1, participants=30)
        self.assertEqual(record.status, RecordStatus.DRAFT)
        record = record_submit(actor=self.guanghan_reporter, record=record)
        record = record_return(actor=self.city_editor, record=record, reason="请补充参会人数")
        self.assertEqual(record.status, RecordStatus.RETURNED)
        self.assertEqual(record.return_reason, "请补充参会人数")
        record = record_submit(actor=self.guanghan_reporter, record=record)
        record = record_approve(actor=self.leader, record=record)
        self.assertEqual(record.status, RecordStatus.APPROVED)
        actions = list(
            AuditEvent.objects.filter(object_id=str(record.pk), object_type="ledger.workrecord")
            .order_by("id")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            ["record.create", "record.submit", "record.return", "record.submit", "record.approve"],
        )

    def test_returning_needs_a_reason(self):
        record = self.make_record(submit=True)
        with self.assertRaises(ValidationError):
            record_return(actor=self.city_editor, record=record, reason="  ")

    def test_a_reporter_cannot_approve(self):
        record = self.make_record(submit=True)
        with self.assertRaises(PermissionDenied):
            record_approve(actor=self.guanghan_reporter, record=record)

    def test_a_draft_cannot_be_approved(self):
        record = self.make_record()
        with self.assertRaises(ValidationError):
            record_approve(actor=self.city_editor, record=record)

    def test_changing_an_approved_record_sends_it_back_to_review(self):
        record = self.make_record(approve=True, count=1)
        record = record_update(
            actor=self.guanghan_reporter,
            record=record,
            expected_version=record.version,
            changes={"title": "民营企业家恳谈会（第二场）"},
        )
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.assertIsNone(record.approved_by)

    def test_withdraw_and_restore_keep_the_record(self):
        record = self.make_record(approve=True)
        record = record_withdraw(actor=self.guanghan_reporter, record=record)
        self.assertEqual(record.status, RecordStatus.WITHDRAWN)
        record = record_restore(actor=self.guanghan_reporter, record=record)
        # back for review, never straight into the counts
        self.assertEqual(record.status, RecordStatus.SUBMITTED)


class OptimisticLockingTests(LedgerTestCase):
    def test_saving_over_a_newer_version_is_refused_and_nothing_is_overwritten(self):
        record = self.make_record(count=1)
        opened_version = record.version
        record_update(
            actor=self.city_editor,
            record=record,
            expected_version=opened_version,
            changes={"title": "编辑改过的标题"},
        )
        with self.assertRaises(StaleRecordError) as ctx:
            record_update(
                actor=self.guanghan_reporter,
                record=record,
                expected_version=opened_version,
                changes={"title": "填报员的标题"},
            )
        self.assertIn("title", ctx.exception.changes)
        record.refresh_from_db()
        self.assertEqual(record.title, "编辑改过的标题")


class MeasureTests(LedgerTestCase):
    def test_a_type_refuses_measures_it_does_not_carry(self):
        with self.assertRaises(ValidationError) as ctx:
            self.make_record(record_type=self.report, participants=20)
        self.assertIn("不记录参与人数", str(ctx.exception))

    def test_a_reporter_cannot_record_for_another_county(self):
        with self.assertRaises(ValidationError):
            self.make_record(unit=self.shifang)
