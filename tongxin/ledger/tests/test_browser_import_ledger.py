"""Importing a department's own ledger in the browser (issue 20): change a mapping,
import the valid rows, download the rejected ones, fix one, import it."""

import io
from pathlib import Path

from openpyxl import load_workbook

from tongxin.browser_testing import BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import ImportBatch, RecordStatus, WorkRecord
from tongxin.ledger.tests.messy import messy_workbook
from tongxin.testing import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [
    [
        1,
        "2023年3月5日",
        "民营企业家恳谈会",
        "恳谈会",
        "广汉市委统战部",
        "６２人",
        1.5,
        "形成纪要",
        "张三",
    ],
    [2, "3月7日", "营商环境调研", "调研", "向阳镇", None, None, None, None],
    [3, "2023-2-30", "第二次恳谈会", "座谈会", "广汉", "30", None, None, None],
    [4, "2023.3.9", "第三次恳谈会", "恳谈会", "绵竹", "25", None, None, None],
    ["合计", None, None, None, None, 117, 1.5, None, None],
]


class LedgerImportInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("[data-testid=current-user]")

    def upload(self, content: bytes, name: str) -> None:
        self.page.goto(self.url("/ledger/io/import/"))
        self.page.set_input_files("#id_file", {"name": name, "mimeType": XLSX, "buffer": content})
        self.page.click("button:has-text('上传并检查')")
        self.page.wait_for_selector("[data-testid=row-table]")

    def test_valid_rows_in_the_rest_returned_fixed_and_imported(self):
        self.upload(messy_workbook(rows=ROWS), "广汉市2023年台账.xlsx")
        self.assertIn("未写年份的日期按 2023 年", self.page.inner_text("[data-testid=year]"))
        table = self.page.inner_text("[data-testid=row-table]")
        self.assertIn("合计行", table)
        self.assertIn("日期“2023-2-30”不存在", table)
        self.assertIn("绵竹", table)
        # 联系人 would be appended to the description: ignore it instead.
        self.page.select_option("select[aria-label=联系人]", "ignore")
        self.page.click("button:has-text('按此对应重新检查')")
        self.page.wait_for_url("**map_9=ignore**")
        self.assertEqual(self.page.input_value("select[aria-label=联系人]"), "ignore")
        self.screenshot_both_widths("import-ledger-preview")
        self.assert_fits_phone_width()
        self.page.click("[data-testid=import-valid]")
        self.page.wait_for_selector("[data-testid=import-history]")
        self.assertIn("已导入 2 条记录", self.page.inner_text("main"))
        record = WorkRecord.objects.get(title="民营企业家恳谈会")
        self.assertEqual(record.description, "经费（万元）：1.5\n备注：形成纪要")
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.screenshot_both_widths("import-history")
        self.assert_fits_phone_width()
        batch = ImportBatch.objects.get()
        with self.page.expect_download() as info:
            self.page.click(f"[data-testid=rejected-{batch.pk}]")
        book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
        sheet = book.active
        rows = list(sheet.values)
        self.assertEqual(rows[1][-1], "错误原因")
        self.assertEqual([r[2] for r in rows[2:]], ["第二次恳谈会", "第三次恳谈会"])
        sheet.cell(row=3, column=2, value="2023-2-28")  # fix the date; 绵竹 stays wrong
        out = io.BytesIO()
        book.save(out)
        self.upload(out.getvalue(), "广汉市2023年台账-改.xlsx")
        self.page.click("[data-testid=import-valid]")
        self.page.wait_for_selector("[data-testid=import-history]")
        self.assertEqual(WorkRecord.objects.count(), 3)
        fixed = WorkRecord.objects.get(title="第二次恳谈会")
        self.assertEqual((fixed.unit, str(fixed.date)), (self.guanghan, "2023-02-28"))
        # The first file again: the rows it brought in are flagged as duplicates.
        self.upload(messy_workbook(rows=ROWS, title="2023年台账（再传）"), "再传.xlsx")
        self.assertEqual(self.page.locator("[data-testid=duplicates] tbody tr").count(), 2)
        self.screenshot_both_widths("import-ledger-duplicates")
