"""Importing the ledgers departments already keep (issue 20): workbooks built here."""

import contextlib
import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from tongxin.accounts.models import UnitKind
from tongxin.accounts.services.units import unit_create
from tongxin.audit.models import AuditEvent
from tongxin.ledger.importing import (
    import_batch_undo,
    import_commit,
    import_preview,
    rejected_load,
    rejected_rows_xlsx,
)
from tongxin.ledger.importing.mapping import IGNORE, NOTE, header_field, map_columns
from tongxin.ledger.importing.reading import HEADER_MISSING
from tongxin.ledger.importing.rows import MEASURE_MOVED, UNIT_AMBIGUOUS, UNIT_UNKNOWN
from tongxin.ledger.models import ClosedYear, ImportBatch, ImportMapping, RecordStatus, WorkRecord
from tongxin.ledger.parsing import DATE_INVALID
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.ledger.tests.messy import messy_workbook, ods_bytes


def sheet_bytes(rows: list[list], *, title: str = "Sheet") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class MessyTestCase(LedgerTestCase):
    def preview(self, content, *, by=None, record_type=None, filename="台账.xlsx", **kw):
        return import_preview(
            actor=by or self.city_editor,
            record_type=record_type,
            uploaded_bytes=content,
            filename=filename,
            **kw,
        )

    def fields(self, row):
        return (
            row.row,
            row.unit.name,
            row.record_type.code,
            row.date,
            row.title,
            row.description,
            row.count,
            row.participants,
            row.amount,
        )


class MessyLedgerTests(MessyTestCase):
    def test_a_department_ledger_is_read_field_by_field(self):
        preview = self.preview(messy_workbook())
        self.assertEqual(preview.header_row, 4)
        self.assertEqual((preview.year, preview.year_source), (2023, "title"))
        self.assertEqual(
            [(c.label, c.field, c.money_unit) for c in preview.columns],
            [
                ("序号", IGNORE, "元"),
                ("日期", "date", "元"),
                ("活动名称", "title", "元"),
                ("类别", "record_type", "元"),
                ("责任科室", "unit", "元"),
                ("参加人数", "participants", "元"),
                ("经费（万元）", "amount", "万元"),
                ("备注", NOTE, "元"),
                ("联系人", NOTE, "元"),
            ],
        )
        d = dt.date
        self.assertEqual(
            [self.fields(r) for r in preview.rows],
            [
                (
                    5,
                    "经济科",
                    "forum",
                    d(2023, 3, 5),
                    "民营企业家恳谈会",
                    "经费（万元）：1.5\n备注：形成纪要\n备注：联系人：张三",
                    None,
                    62,
                    None,
                ),
                (6, "广汉市", "forum", d(2023, 3, 6), "企业家座谈会", "", None, 40, None),
                (
                    7,
                    "德阳市委统战部",
                    "report",
                    d(2023, 3, 7),
                    "营商环境调研",
                    "",
                    None,
                    None,
                    None,
                ),
                (
                    8,
                    "向阳镇",
                    "credit",
                    d(2023, 3, 8),
                    "农商行授信签约",
                    "",
                    None,
                    None,
                    Decimal("120000000.00"),
                ),
                (
                    9,
                    "广汉市",
                    "credit",
                    d(2023, 3, 9),
                    "农商行授信签约二",
                    "",
                    None,
                    None,
                    Decimal("30000000.00"),
                ),
                (10, "什邡市", "forum", d(2023, 3, 15), "第二次恳谈会", "", None, 1200, None),
                (15, "广汉市", "forum", d(2023, 3, 12), "第五次恳谈会", "", None, 25, None),
            ],
        )
        self.assertEqual(
            [(e.row, e.column, e.message) for e in preview.errors],
            [
                (11, "责任科室", UNIT_UNKNOWN.format(value="绵竹")),
                (12, "日期", "日期“2023-2-30”不存在。"),
            ],
        )
        text = "经费（万元）：1.5"
        self.assertEqual(
            [(n.row, n.message) for n in preview.notices],
            [(5, MEASURE_MOVED.format(type="恳谈会", measure="经费（万元）", text=text))],
        )
        self.assertEqual(
            preview.skipped, [(13, "合计行"), (14, "空行"), (16, "合计行"), (17, "说明或备注")]
        )

    def test_the_year_comes_from_the_sheet_name_or_the_page(self):
        rows = [["日期", "标题", "单位"], ["3月5日", "调研一", "广汉市"]]
        content = sheet_bytes(rows, title="2024年调研报告台账")
        preview = self.preview(content, record_type=self.report)
        self.assertEqual((preview.year, preview.year_source), (2024, "sheet"))
        self.assertEqual(preview.rows[0].date, dt.date(2024, 3, 5))
        chosen = self.preview(content, record_type=self.report, year=2022)
        self.assertEqual((chosen.year_source, chosen.rows[0].date), ("page", dt.date(2022, 3, 5)))

    def test_a_date_without_a_year_and_no_year_anywhere_is_a_row_error(self):
        content = sheet_bytes([["日期", "标题", "单位"], ["3月5日", "调研一", "广汉市"]])
        preview = self.preview(content, record_type=self.report)
        self.assertIsNone(preview.year)
        self.assertEqual(
            [(e.row, e.message) for e in preview.errors],
            [(2, DATE_INVALID.format(value="3月5日"))],
        )

    def test_synonyms_inside_longer_headers_and_full_width_brackets(self):
        header = ["  会议名称 ", "开展时间", "承办单位", "参与人数（人）", "金额(亿元)"]
        preview = self.preview(
            sheet_bytes([header, ["座谈", "2023-5-1", "广汉市", "３０", "0.5"]]),
            record_type=self.forum,
        )
        self.assertEqual(
            [c.field for c in preview.columns], ["title", "date", "unit", "participants", "amount"]
        )
        self.assertEqual(preview.columns[4].money_unit, "亿元")
        row = preview.rows[0]
        self.assertEqual(
            (row.title, row.participants, row.description), ("座谈", 30, "金额(亿元)：0.5")
        )

    def test_without_a_unit_column_rows_belong_to_the_unit_chosen(self):
        content = sheet_bytes([["标题", "日期"], ["恳谈会", "2023-1-2"]])
        preview = self.preview(content, record_type=self.forum, unit=self.shifang)
        self.assertEqual(preview.rows[0].unit, self.shifang)
        refused = self.preview(content, record_type=self.forum)
        self.assertEqual([e.message for e in refused.errors], [HEADER_MISSING.format(label="单位")])

    def test_an_ambiguous_unit_names_the_candidates(self):
        content = sheet_bytes([["标题", "日期", "单位"], ["会", "2023-1-2", "广汉市委统战部"]])
        preview = self.preview(content, record_type=self.forum)
        self.assertEqual(preview.rows[0].unit, self.guanghan)
        unit_create(
            actor=None,
            code="510681-TZB",
            name="广汉市委统战部",
            kind=UnitKind.SECTION,
            parent=self.guanghan,
        )
        content = sheet_bytes([["标题", "日期", "单位"], ["会", "2023-1-2", "广汉"]])
        ambiguous = self.preview(content, record_type=self.forum)
        message = UNIT_AMBIGUOUS.format(value="广汉", names="广汉市、广汉市委统战部")
        self.assertEqual([e.message for e in ambiguous.errors], [message])
        unknown = self.preview(
            sheet_bytes([["标题", "日期", "单位"], ["会", "2023-1-2", "什邡县"]]),
            record_type=self.forum,
            by=self.guanghan_reporter,
        )
        self.assertEqual([e.message for e in unknown.errors], [UNIT_UNKNOWN.format(value="什邡县")])
        close = self.preview(
            sheet_bytes([["标题", "日期", "单位"], ["会", "2023-1-2", "经济处"]]),
            record_type=self.forum,
        )
        self.assertIn("最接近的单位：经济科", close.errors[0].message)

    def test_a_row_in_a_closed_year_is_refused_with_its_reason(self):
        ClosedYear.objects.create(year=2022, closed_by=self.city_editor)
        content = sheet_bytes([["标题", "日期", "单位"], ["会", "2022-1-2", "广汉市"]])
        preview = self.preview(content, record_type=self.forum)
        self.assertEqual(
            [(e.row, e.column, e.message) for e in preview.errors],
            [(2, "日期", "2022年已结账，请通过补录提交")],
        )

    def test_a_csv_in_gb18030_or_utf8_is_read(self):
        text = "标题,日期,单位,参加人数\n恳谈会,2023年4月1日,广汉市,２０人\n合计,,,20\n"
        for encoding in ("gb18030", "utf-8-sig", "utf-8"):
            with self.subTest(encoding=encoding):
                preview = self.preview(
                    text.encode(encoding), record_type=self.forum, filename="台账.csv"
                )
                self.assertEqual(preview.errors, [])
                row = preview.rows[0]
                self.assertEqual((row.date, row.participants), (dt.date(2023, 4, 1), 20))
                self.assertEqual(preview.skipped, [(3, "合计行")])

    def test_an_ods_workbook_is_read(self):
        content = ods_bytes(
            [
                ["2023年工作台账"],
                ["活动名称", "时间", "单位", "人数"],
                ["恳谈会", "5月4日", "广汉市", 12],
            ]
        )
        preview = self.preview(content, record_type=self.forum, filename="台账.ods")
        self.assertEqual(preview.errors, [])
        row = preview.rows[0]
        self.assertEqual((row.row, row.date, row.participants), (3, dt.date(2023, 5, 4), 12))

    def test_a_mapping_chosen_on_the_page_overrides_the_guess_and_is_remembered(self):
        header = ["事项", "时间", "单位", "联系人"]
        content = sheet_bytes([header, ["恳谈会", "2023-1-2", "广汉市", "张三"]])
        preview = self.preview(content, record_type=self.forum, chosen={3: IGNORE})
        self.assertEqual(preview.rows[0].description, "")
        import_commit(
            actor=self.city_editor,
            record_type=self.forum,
            uploaded_bytes=content,
            filename="a.xlsx",
            unit=self.guanghan,
            chosen={3: IGNORE},
            remember_for=self.guanghan,
        )
        remembered = ImportMapping.objects.get(unit=self.guanghan).columns
        self.assertEqual(remembered["联系人"], IGNORE)
        columns = map_columns(tuple(header), remembered)
        self.assertEqual([c.guessed for c in columns], [False] * 4)
        self.assertEqual(columns[3].field, IGNORE)

    def test_header_names_match_after_normalising(self):
        for text, key in [
            ("活 动 名 称", "title"),
            ("经费（万元）", "amount"),
            ("签约日期", "date"),
            ("结束日期", "end_date"),
            ("培训人数", "participants"),
            ("工作类型", "record_type"),
            ("填报单位：广汉市", None),
            ("序号", IGNORE),
        ]:
            with self.subTest(text=text):
                self.assertEqual(header_field(text), key)


def _xlsx_parts(content: bytes) -> dict[str, bytes]:
    """A workbook's parts but its properties, which carry the second it was saved in
    (two workbooks saved across a second's turn differ there alone)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


class ValidRowsTests(MessyTestCase):
    def commit(self, content, **kw):
        return import_commit(
            actor=self.city_editor,
            record_type=None,
            uploaded_bytes=content,
            filename="台账.xlsx",
            **kw,
        )

    def test_all_or_nothing_stays_the_default(self):
        with self.assertRaises(ValidationError):
            self.commit(messy_workbook())
        self.assertFalse(WorkRecord.objects.exists())

    def test_the_valid_rows_import_and_the_rejected_return_fixable(self):
        content = messy_workbook()
        batch = self.commit(content, valid_only=True, keep_duplicates=set())
        self.assertEqual((batch.row_count, batch.rejected_count), (7, 2))
        self.assertEqual(
            set(batch.records.values_list("status", flat=True)), {RecordStatus.SUBMITTED}
        )
        returned = rejected_load(batch)
        expected = rejected_rows_xlsx(self.preview(messy_workbook(title="2023年")))
        self.assertEqual(_xlsx_parts(returned), _xlsx_parts(expected))
        book = load_workbook(io.BytesIO(returned))
        sheet = book.active
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        self.assertEqual(rows[0][0], "2023年")
        self.assertEqual(rows[1][-1], "错误原因")
        self.assertEqual([r[2] for r in rows[2:]], ["第三次恳谈会", "第四次恳谈会"])
        self.assertIn("绵竹", rows[2][-1])
        # Fix the date of one row and import the workbook as it is: the other row still
        # fails, the fixed one imports.
        sheet_rw = load_workbook(io.BytesIO(returned)).active
        sheet_rw.cell(row=4, column=2, value="2023-2-28")
        out = io.BytesIO()
        sheet_rw.parent.save(out)
        again = self.preview(out.getvalue())
        self.assertEqual([r.title for r in again.rows], ["第四次恳谈会"])
        self.assertEqual([c.field for c in again.columns][-1], IGNORE)  # 错误原因
        second = self.commit(out.getvalue(), valid_only=True, keep_duplicates=set())
        self.assertEqual(second.row_count, 1)
        # The same rows in another file: every row already imported is flagged.
        repeat = self.preview(messy_workbook(title="2023年台账（补）"))
        self.assertEqual(len(repeat.duplicates), len(repeat.rows))
        self.assertEqual(len(repeat.rows), 7)

    def test_undoing_a_batch_withdraws_its_records_audited(self):
        batch = self.commit(messy_workbook(), valid_only=True, keep_duplicates=set())
        withdrawn = import_batch_undo(actor=self.city_editor, batch=batch)
        self.assertEqual(withdrawn, 7)
        self.assertEqual(
            set(batch.records.values_list("status", flat=True)), {RecordStatus.WITHDRAWN}
        )
        self.assertEqual(AuditEvent.objects.filter(action="record.withdraw").count(), 7)
        self.assertTrue(AuditEvent.objects.filter(action="import.undo").exists())
        batch.refresh_from_db()
        self.assertIsNotNone(batch.undone_at)
        # The file may be imported again once its batch is undone.
        again = self.commit(messy_workbook(), valid_only=True, keep_duplicates=set())
        self.assertEqual(ImportBatch.objects.count(), 2)
        self.assertEqual(again.row_count, 7)

    def test_a_batch_with_a_reviewed_record_cannot_be_undone(self):
        from tongxin.ledger.services import record_approve

        batch = self.commit(messy_workbook(), valid_only=True, keep_duplicates=set())
        record_approve(actor=self.city_editor, record=batch.records.order_by("id")[0])
        with self.assertRaises(ValidationError):
            import_batch_undo(actor=self.city_editor, batch=batch)
        self.assertFalse(batch.records.filter(status=RecordStatus.WITHDRAWN).exists())


class ImportCommandTests(MessyTestCase):
    def run_command(self, *extra):
        import json
        import tempfile

        from django.core.management import call_command

        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(messy_workbook())
            f.flush()
            out, err = io.StringIO(), io.StringIO()
            with contextlib.suppress(SystemExit):
                call_command(
                    "import",
                    f.name,
                    "--unit",
                    "510600",
                    "--user",
                    "editor",
                    "--json",
                    *extra,
                    stdout=out,
                    stderr=err,
                )
        return json.loads(out.getvalue()), err.getvalue()

    def test_a_dry_run_prints_every_row(self):
        result, _err = self.run_command()
        self.assertEqual(result["summary"], {"ok": 7, "error": 2, "skipped": 4})
        first = result["rows"][0]
        self.assertEqual(
            first,
            {
                "row": 5,
                "status": "ok",
                "reason": "",
                "record": {
                    "date": "2023-03-05",
                    "title": "民营企业家恳谈会",
                    "type": "forum",
                    "unit": "510600-JJK",
                    "count": None,
                    "participants": 62,
                    "amount": None,
                    "description": "经费（万元）：1.5\n备注：形成纪要\n备注：联系人：张三",
                },
            },
        )
        by_row = {r["row"]: r for r in result["rows"]}
        self.assertEqual(by_row[8]["record"]["amount"], 120000000)
        self.assertEqual(by_row[11]["status"], "error")
        self.assertIn("绵竹", by_row[11]["reason"])
        self.assertEqual(
            by_row[16], {"row": 16, "status": "skipped", "reason": "合计行", "record": None}
        )
        self.assertFalse(WorkRecord.objects.exists())

    def test_commit_refuses_a_file_with_errors_and_imports_a_clean_one(self):
        _result, err = self.run_command("--commit")
        self.assertIn("未导入任何记录", err)
        self.assertFalse(WorkRecord.objects.exists())

    def test_a_committed_batch_is_audited_as_from_the_command_line_and_undone(self):
        import tempfile

        from django.core.management import call_command

        content = sheet_bytes([["标题", "日期", "人数"], ["恳谈会", "2023-1-2", "62人"]])
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(content)
            f.flush()
            call_command(
                "import",
                f.name,
                "--unit",
                "510681",
                "--user",
                "editor",
                "--type",
                "forum",
                "--commit",
                "--json",
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        record = WorkRecord.objects.get()
        self.assertEqual(
            (record.status, record.unit, record.participants),
            (RecordStatus.SUBMITTED, self.guanghan, 62),
        )
        event = AuditEvent.objects.get(action="record.import")
        self.assertEqual((event.actor, event.after["source"]), (self.city_editor, "command"))
        self.assertEqual(AuditEvent.objects.get(action="import.commit").after["source"], "command")
        import_batch_undo(actor=self.city_editor, batch=record.import_batch)
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.WITHDRAWN)


class ImportPagesTests(MessyTestCase):
    def upload(self, content, name="台账.xlsx", **fields):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        data = {"record_type": "", "unit": "", "year": "", "sheet": ""} | fields
        data["file"] = SimpleUploadedFile(name, content)
        return self.client.post(reverse("ledger:ledger_io:import_start"), data)

    def test_change_a_mapping_import_the_valid_rows_download_the_rest_and_undo(self):
        from django.urls import reverse

        self.client.force_login(self.city_editor)
        url = self.upload(messy_workbook()).url
        page = self.client.get(url)
        self.assertContains(page, 'name="map_9"')
        self.assertContains(page, "未写年份的日期按 2023 年（取自表头标题）")
        self.assertContains(page, "合计行")
        self.assertContains(page, "只导入通过检查的行")
        self.assertNotContains(page, "确认导入")
        # 联系人 ignored instead of appended.
        page = self.client.get(url, {"map_9": IGNORE})
        self.assertContains(page, f'<option value="{IGNORE}" selected>')
        done = self.client.post(url + "commit/", {"mode": "valid", "map_9": IGNORE})
        self.assertRedirects(done, reverse("ledger:ledger_io:import_history"))
        record = WorkRecord.objects.get(title="民营企业家恳谈会")
        self.assertEqual(record.description, "经费（万元）：1.5\n备注：形成纪要")
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.row_count, batch.rejected_count), (7, 2))
        history = self.client.get(reverse("ledger:ledger_io:import_history"))
        self.assertContains(history, "下载未导入的行")
        self.assertContains(history, "撤销本批")
        returned = self.client.get(
            reverse("ledger:ledger_io:import_rejected", kwargs={"pk": batch.pk})
        )
        rows = list(load_workbook(io.BytesIO(b"".join(returned.streaming_content))).active.values)
        self.assertEqual(len(rows), 4)  # the year, the header, two rows
        self.client.post(reverse("ledger:ledger_io:import_undo", kwargs={"pk": batch.pk}))
        self.assertEqual(batch.records.filter(status=RecordStatus.WITHDRAWN).count(), 7)

    def test_another_users_batch_is_not_found(self):
        from django.urls import reverse

        content = sheet_bytes([["标题", "日期", "单位"], ["会", "2023-1-2", "什邡市"]])
        batch = import_commit(
            actor=self.shifang_reporter,
            record_type=self.forum,
            uploaded_bytes=content,
            filename="x.xlsx",
        )
        self.client.force_login(self.guanghan_reporter)
        undo = reverse("ledger:ledger_io:import_undo", kwargs={"pk": batch.pk})
        rejected = reverse("ledger:ledger_io:import_rejected", kwargs={"pk": batch.pk})
        self.assertEqual(self.client.post(undo).status_code, 404)
        self.assertEqual(self.client.get(rejected).status_code, 404)
        self.assertFalse(batch.records.filter(status=RecordStatus.WITHDRAWN).exists())
