import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongxin.ledger.models import FormDraft, RecordStatus, WorkRecord
from tongxin.ledger.tests.base import LedgerTestCase


class RecordListTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_record(title="广汉市民营企业家恳谈会", count=1, participants=40, approve=True)
        cls.make_record(
            title="广汉市统战干部培训",
            count=1,
            participants=60,
            submit=True,
            date=dt.date(2021, 6, 1),
        )
        cls.make_record(
            by=cls.shifang_reporter,
            title="什邡市授信签约会",
            record_type=cls.credit,
            amount=Decimal("150000000"),
            approve=True,
        )

    def test_a_reporter_lists_only_their_units_records(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("ledger:record_list"))
        self.assertContains(response, "广汉市民营企业家恳谈会")
        self.assertNotContains(response, "什邡市授信签约会")

    def test_filters_and_totals_cover_the_filtered_set(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("ledger:record_list"), {"year": 2022})
        self.assertContains(response, "共 2 条记录")
        self.assertContains(response, "参与人数合计 40")
        self.assertContains(response, "金额合计 1.5亿元")
        self.assertNotContains(response, "统战干部培训")

    def test_chinese_substring_search(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("ledger:record_list"), {"q": "恳谈"})
        self.assertContains(response, "共 1 条记录")

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.city_editor)
        for i in range(5):
            self.make_record(title=f"恳谈会{i}", submit=True)
        # session, user, totals (which also count the pages), inbox count,
        # unit/area/type filters, the page of records, the idle-timeout session refresh (3)
        with self.assertNumQueries(11):
            self.client.get(reverse("ledger:record_list"))

    def test_an_administrator_may_not_open_the_ledger(self):
        self.client.force_login(self.auditor)
        self.assertEqual(self.client.get(reverse("ledger:record_list")).status_code, 403)


class RecordCreateTests(LedgerTestCase):
    def form_data(self, **overrides):
        data = {
            "unit": self.guanghan.pk,
            "record_type": self.forum.pk,
            "date": "2022-04-08",
            "title": "广汉市新生代企业家座谈会",
            "count": "1",
            "participants": "35",
            "amount": "",
            "tags": "新生代, 民营经济",
        }
        data.update(overrides)
        return data

    def test_a_reporter_creates_and_submits_a_record(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(), "submit": "1"}
        )
        record = WorkRecord.objects.get(title="广汉市新生代企业家座谈会")
        self.assertRedirects(response, reverse("ledger:record_detail", args=[record.pk]))
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.assertEqual(record.area, self.forum.area)
        self.assertEqual(sorted(record.tags.values_list("name", flat=True)), ["新生代", "民营经济"])

    def test_a_reporter_cannot_pick_another_county(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), self.form_data(unit=self.shifang.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(WorkRecord.objects.exists())

    def test_an_autosaved_form_is_restored_after_logout(self):
        self.client.force_login(self.guanghan_reporter)
        self.client.post(reverse("ledger:autosave"), {"title": "写了一半的记录", "date": ""})
        self.client.logout()
        self.client.force_login(self.guanghan_reporter)
        inbox = self.client.get(reverse("inbox:inbox"))
        self.assertContains(inbox, "写了一半的记录")
        response = self.client.get(reverse("ledger:record_create"))
        self.assertContains(response, "已恢复您上次未保存的填写内容")
        self.assertContains(response, 'value="写了一半的记录"')

    def test_saving_the_record_clears_the_autosave(self):
        self.client.force_login(self.guanghan_reporter)
        self.client.post(reverse("ledger:autosave"), {"title": "半成品"})
        self.client.post(reverse("ledger:record_create"), self.form_data())
        self.assertFalse(FormDraft.objects.exists())

    def test_possible_duplicates_are_flagged_without_revealing_other_units(self):
        self.make_record(
            by=self.shifang_reporter, title="新生代企业家座谈会", date=dt.date(2022, 4, 8)
        )
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("ledger:duplicates_check"), self.form_data())
        self.assertContains(response, "可能重复")
        self.assertContains(response, "另有 1 条其他单位的相似记录")
        self.assertNotContains(response, "什邡")


class RecordEditTests(LedgerTestCase):
    def test_two_editors_saving_the_same_record_the_second_is_refused(self):
        record = self.make_record(count=1, participants=10)
        form = {
            "unit": self.guanghan.pk,
            "record_type": self.forum.pk,
            "date": "2022-03-05",
            "count": "1",
            "participants": "10",
            "version": record.version,
        }
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("ledger:record_edit", args=[record.pk]), {**form, "title": "编辑的标题"}
        )
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_edit", args=[record.pk]), {**form, "title": "填报员的标题"}
        )
        self.assertContains(response, "您的保存未覆盖对方的修改")
        self.assertContains(response, "编辑的标题")
        self.assertContains(response, 'value="填报员的标题"')  # nothing the user typed is lost
        record.refresh_from_db()
        self.assertEqual(record.title, "编辑的标题")


class ReviewPageTests(LedgerTestCase):
    def test_bulk_approve_is_all_or_nothing(self):
        submitted = self.make_record(title="甲", submit=True)
        draft = self.make_record(title="乙")
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("ledger:record_bulk"), {"ids": [submitted.pk, draft.pk], "action": "approve"}
        )
        submitted.refresh_from_db()
        self.assertEqual(submitted.status, RecordStatus.SUBMITTED)

    def test_bulk_approve(self):
        records = [self.make_record(title=f"记录{i}", submit=True) for i in range(3)]
        self.client.force_login(self.leader)
        self.client.post(
            reverse("ledger:record_bulk"), {"ids": [r.pk for r in records], "action": "approve"}
        )
        self.assertEqual(WorkRecord.objects.filter(status=RecordStatus.APPROVED).count(), 3)

    def test_the_inbox_counts_what_waits(self):
        self.make_record(title="待审", submit=True)
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("inbox:inbox"))
        self.assertContains(response, "待审核的记录")
        self.assertContains(response, 'data-testid="inbox-count">1<')


class EvidenceTests(LedgerTestCase):
    def test_a_pdf_is_stored_and_downloadable_by_those_who_see_the_record(self):
        record = self.make_record()
        self.client.force_login(self.guanghan_reporter)
        pdf = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\nminutes\n")
        self.client.post(reverse("ledger:evidence_upload", args=[record.pk]), {"file": pdf})
        evidence = record.evidence.get()
        self.assertEqual(evidence.content_type, "application/pdf")
        response = self.client.get(reverse("ledger:evidence_download", args=[evidence.pk]))
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4\nminutes\n")
        self.client.force_login(self.shifang_reporter)
        response = self.client.get(reverse("ledger:evidence_download", args=[evidence.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_file_named_pdf_that_is_not_is_refused(self):
        record = self.make_record()
        self.client.force_login(self.guanghan_reporter)
        fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf")
        response = self.client.post(
            reverse("ledger:evidence_upload", args=[record.pk]), {"file": fake}, follow=True
        )
        self.assertContains(response, "只能上传 PDF")
        self.assertFalse(record.evidence.exists())
