from django.core.exceptions import ValidationError
from django.urls import reverse

from tongxin.ledger.closedyears import year_is_closed
from tongxin.ledger.closing import correction_approve, correction_request
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.services import record_update
from tongxin.reports.services.reviews import review_sign_off, review_version_save
from tongxin.reports.tests.test_reviews import ReviewTestCase


class ClosedYearTests(ReviewTestCase):
    def sign_off(self):
        review_sign_off(actor=self.leader, version=self.review.versions.get())

    def forum_record(self):
        return WorkRecord.objects.get(title="广汉恳谈会一")

    def test_signing_off_closes_the_year(self):
        self.assertFalse(year_is_closed(2022))
        self.sign_off()
        self.assertTrue(year_is_closed(2022))

    def test_an_approved_record_of_a_closed_year_changes_only_by_correction(self):
        self.sign_off()
        record = self.forum_record()
        with self.assertRaises(ValidationError) as ctx:
            record_update(
                actor=self.guanghan_reporter,
                record=record,
                expected_version=record.version,
                changes={"participants": 45},
            )
        self.assertIn("已关账", str(ctx.exception))
        with self.assertRaises(ValidationError):
            self.make_record(title="补一场", count=1, approve=True)  # approving into 2022

    def test_an_approved_correction_changes_the_figure_and_the_review_shows_it(self):
        self.sign_off()
        record = self.forum_record()
        correction = correction_request(
            actor=self.guanghan_reporter,
            record=record,
            kind="withdraw",
            reason="与市级恳谈会重复登记",
        )
        correction_approve(actor=self.city_editor, correction=correction, note="核实重复")
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.WITHDRAWN)
        self.client.force_login(self.leader)
        response = self.client.get(reverse("reports:review_detail", args=[self.review.pk]))
        self.assertContains(response, "发布后有变动的数字")
        # House style since issue 17 (was "发布时 4，现为 3").
        self.assertContains(response, "发布时 4场 → 现为 3场")
        self.assertContains(
            response, f"更正 #{correction.pk}（广汉恳谈会一：与市级恳谈会重复登记）"
        )

    def test_a_change_correction_is_applied_and_stays_approved(self):
        self.sign_off()
        record = self.forum_record()
        correction = correction_request(
            actor=self.guanghan_reporter,
            record=record,
            kind="change",
            reason="人数统计有误",
            changes={"participants": "45"},
        )
        correction_approve(actor=self.city_editor, correction=correction)
        record.refresh_from_db()
        self.assertEqual((record.participants, record.status), (45, RecordStatus.APPROVED))

    def test_a_correction_needs_a_reason_and_a_closed_year(self):
        record = self.forum_record()
        with self.assertRaises(ValidationError):
            correction_request(
                actor=self.guanghan_reporter, record=record, kind="withdraw", reason="x"
            )  # 2022 not closed yet
        self.sign_off()
        with self.assertRaises(ValidationError):
            correction_request(
                actor=self.guanghan_reporter, record=record, kind="withdraw", reason=" "
            )


class VersionDiffTests(ReviewTestCase):
    def test_two_versions_are_compared_line_by_line(self):
        review_version_save(
            actor=self.city_editor,
            review=self.review,
            source=self.review.versions.get().source + "新增一段。\n",
            note="补充",
            based_on=1,
        )
        self.client.force_login(self.city_editor)
        response = self.client.get(
            reverse("reports:review_detail", args=[self.review.pk]), {"v": 2, "compare": 1}
        )
        self.assertContains(response, "第 1 版与第 2 版的差异")
        self.assertContains(response, '<div class="diff-add">+ 新增一段。</div>')
