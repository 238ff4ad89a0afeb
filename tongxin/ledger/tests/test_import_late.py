"""Rows of an import dated in a closed year go as 补录 requests (issue 18), from the
preview page and from `tongxin import --commit --late-reason`."""

import datetime as dt
import io
import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.audit.models import AuditEvent
from tongxin.ledger.closing import correction_approve, year_close
from tongxin.ledger.importing import import_commit_late
from tongxin.ledger.models import (
    Correction,
    CorrectionKind,
    CorrectionStatus,
    ImportBatch,
    RecordStatus,
    WorkRecord,
)
from tongxin.ledger.tests.test_import_messy import MessyTestCase, sheet_bytes
from tongxin.testing import PASSWORD

FILE = [
    ["标题", "日期", "单位", "参加人数"],
    ["补报恳谈会", "2022-11-2", "广汉市", 30],
    ["新年恳谈会", "2023-1-5", "广汉市", 20],
    ["年末座谈会", "2022-12-20", "什邡市", 12],
]


class LateImportTestCase(MessyTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second_editor = user_create(
            actor=None,
            username="editor2",
            display_name="赵编辑",
            role=Role.EDITOR,
            unit=cls.city_editor.unit,
            password=PASSWORD,
        )

    def setUp(self):
        year_close(actor=self.city_editor, year=2022)


class LateRowsTests(LateImportTestCase):
    def test_closed_year_rows_are_marked_and_the_rest_still_refused_without_a_reason(self):
        preview = self.preview(sheet_bytes(FILE), record_type=self.forum)
        self.assertEqual(preview.late_rows, [2, 4])
        self.assertEqual(sorted(preview.rejected), [2, 4])
        with self.assertRaises(ValidationError):
            import_commit_late(
                actor=self.city_editor,
                record_type=self.forum,
                uploaded_bytes=sheet_bytes(FILE),
                filename="台账.xlsx",
                late_reason=" ",
            )
        self.assertFalse(Correction.objects.exists())

    def test_each_late_row_is_one_request_and_enters_when_a_second_editor_approves(self):
        batch, requests = import_commit_late(
            actor=self.city_editor,
            record_type=self.forum,
            uploaded_bytes=sheet_bytes(FILE),
            filename="台账.xlsx",
            late_reason="年终补报",
        )
        self.assertEqual(batch.row_count, 1)
        self.assertEqual(list(WorkRecord.objects.values_list("title", flat=True)), ["新年恳谈会"])
        self.assertEqual(
            [(c.title, c.date, c.unit, c.kind, c.reason) for c in requests],
            [
                (
                    "补报恳谈会",
                    dt.date(2022, 11, 2),
                    self.guanghan,
                    CorrectionKind.LATE,
                    "年终补报",
                ),
                (
                    "年末座谈会",
                    dt.date(2022, 12, 20),
                    self.shifang,
                    CorrectionKind.LATE,
                    "年终补报",
                ),
            ],
        )
        audited = AuditEvent.objects.filter(action="correction.request")
        self.assertEqual(audited.count(), 2)
        with self.assertRaises(PermissionDenied):
            correction_approve(actor=self.city_editor, correction=requests[0])
        correction_approve(actor=self.second_editor, correction=requests[0])
        record = WorkRecord.objects.get(title="补报恳谈会")
        self.assertEqual(
            (record.date, record.unit, record.participants, record.status),
            (dt.date(2022, 11, 2), self.guanghan, 30, RecordStatus.APPROVED),
        )
        self.assertEqual(Correction.objects.get(pk=requests[1].pk).status, CorrectionStatus.PENDING)

    def test_a_file_without_closed_year_rows_has_nothing_to_send(self):
        with self.assertRaises(ValidationError):
            import_commit_late(
                actor=self.city_editor,
                record_type=self.forum,
                uploaded_bytes=sheet_bytes(FILE[:1] + FILE[2:3]),
                filename="台账.xlsx",
                late_reason="年终补报",
            )
        self.assertFalse(ImportBatch.objects.exists())


class LatePageTests(LateImportTestCase):
    def test_the_preview_offers_the_late_rows_and_the_button_sends_them(self):
        self.client.force_login(self.city_editor)
        start = reverse("ledger:ledger_io:import_start")
        upload = self.client.post(
            start,
            {"record_type": self.forum.pk, "unit": "", "year": "", "sheet": ""}
            | {"file": _upload(sheet_bytes(FILE))},
        )
        page = self.client.get(upload.url)
        self.assertContains(page, 'data-testid="late-row"', count=2)
        self.assertContains(page, "提交补录申请并导入其余行")
        refused = self.client.post(upload.url + "commit/", {"late_reason": ""})
        self.assertFalse(Correction.objects.exists())
        self.assertEqual(refused.status_code, 302)
        done = self.client.post(upload.url + "commit/", {"late_reason": "年终补报"})
        self.assertRedirects(done, reverse("ledger:ledger_io:import_history"))
        self.assertEqual(Correction.objects.filter(kind=CorrectionKind.LATE).count(), 2)
        self.assertEqual(WorkRecord.objects.get().title, "新年恳谈会")

    def test_no_offer_when_another_row_has_an_error(self):
        self.client.force_login(self.city_editor)
        bad = [*FILE, ["", "2023-1-6", "广汉市", 3]]
        upload = self.client.post(
            reverse("ledger:ledger_io:import_start"),
            {"record_type": self.forum.pk, "unit": "", "year": "", "sheet": ""}
            | {"file": _upload(sheet_bytes(bad))},
        )
        page = self.client.get(upload.url)
        self.assertContains(page, 'data-testid="late-row"', count=2)
        self.assertNotContains(page, "提交补录申请并导入其余行")


class LateCommandTests(LateImportTestCase):
    def run_import(self, *extra):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(sheet_bytes(FILE))
            f.flush()
            out, err = io.StringIO(), io.StringIO()
            code = 0
            try:
                call_command(
                    "import",
                    f.name,
                    "--unit",
                    "510600",
                    "--user",
                    "editor",
                    "--type",
                    "forum",
                    *extra,
                    stdout=out,
                    stderr=err,
                )
            except SystemExit as exc:
                code = exc.code
        return code, err.getvalue()

    def test_late_reason_sends_closed_year_rows_as_requests(self):
        code, err = self.run_import("--commit")
        self.assertEqual(code, 1)
        self.assertFalse(WorkRecord.objects.exists())
        code, err = self.run_import("--commit", "--late-reason", "年终补报")
        self.assertEqual(code, 0, err)
        self.assertIn("已提交 2 条补录申请", err)
        self.assertEqual(
            sorted(Correction.objects.values_list("title", flat=True)), ["年末座谈会", "补报恳谈会"]
        )
        self.assertEqual(WorkRecord.objects.get().status, RecordStatus.SUBMITTED)


def _upload(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("台账.xlsx", content)
