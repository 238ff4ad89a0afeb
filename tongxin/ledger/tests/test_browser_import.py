import datetime as dt

from tongxin.browser_testing import BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import ImportBatch, RecordStatus, RecordType, WorkRecord
from tongxin.ledger.services import record_create
from tongxin.ledger.tests.test_import import FORUM_HEADER, forum_rows, xlsx_bytes
from tongxin.testing import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("[data-testid=current-user]")

    def upload(self, content: bytes, name: str) -> None:
        self.page.goto(self.url("/ledger/io/import/"))
        self.page.select_option("#id_record_type", label="恳谈会")
        self.page.set_input_files("#id_file", {"name": name, "mimeType": XLSX, "buffer": content})
        self.page.click("button:has-text('上传并检查')")

    def test_a_file_with_errors_shows_each_error_and_imports_nothing(self):
        rows = forum_rows(3)
        rows[1][1] = "2022年2月30日"
        rows.append(["什邡市", "2022-03-09", "什邡市企业家座谈会", "两场", 20, ""])
        self.upload(xlsx_bytes(FORUM_HEADER, rows), "三月台账（有错）.xlsx")
        self.page.wait_for_selector("[data-testid=row-errors]")
        table = self.page.inner_text("[data-testid=row-errors]")
        self.assertIn("日期“2022年2月30日”不存在", table)
        self.assertIn("单位“什邡市”不存在，或您不能为该单位填报记录", table)
        self.assertIn("“两场”不是整数", table)
        self.assertIn("未导入任何记录", self.page.inner_text("main"))
        self.assertEqual(self.page.locator("button:has-text('确认导入')").count(), 0)
        self.screenshot_both_widths("import-preview")
        self.assert_fits_phone_width()
        self.assertFalse(WorkRecord.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())

    def test_a_clean_file_imports_after_the_preview_skipping_a_duplicate(self):
        record_create(
            actor=self.guanghan_reporter,
            unit=self.guanghan,
            record_type=RecordType.objects.get(code="forum"),
            date=dt.date(2022, 3, 2),
            title="第1次民营企业家恳谈会",
        )
        self.upload(xlsx_bytes(FORUM_HEADER, forum_rows(3)), "三月台账.xlsx")
        self.page.wait_for_selector("[data-testid=duplicates]")
        self.assertFalse(self.page.is_checked("input[name=keep][value='2']"))
        self.screenshot_both_widths("import-preview-duplicates")
        self.assert_fits_phone_width()
        self.assertFalse(self.page.is_visible("[data-testid=importing]"))
        self.page.click("button:has-text('确认导入')")
        self.page.wait_for_selector("text=已导入 2 条记录")
        self.assertEqual(WorkRecord.objects.filter(import_batch__isnull=False).count(), 2)
        self.assertEqual(WorkRecord.objects.filter(status=RecordStatus.SUBMITTED).count(), 2)
