import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tongxin.audit.models import AuditEvent
from tongxin.ledger.importing import (
    HAS_ERRORS,
    build_template,
    import_commit,
    import_preview,
    pending_save,
)
from tongxin.ledger.importing.reading import (
    DATA_SHEET,
    FILE_UNREADABLE,
    GRID_TOO_LARGE,
    HEADER_MISSING,
    LISTS_SHEET,
    MAX_SHEET_CELLS,
    REQUIRED,
    TYPE_MISMATCH,
    UNIT_UNKNOWN,
    WRONG_TEMPLATE,
)
from tongxin.ledger.importing.rows import MEASURE_MOVED
from tongxin.ledger.models import ImportBatch, RecordStatus, WorkRecord
from tongxin.ledger.parsing import DATE_INVALID
from tongxin.ledger.search import filter_records
from tongxin.ledger.tests.base import LedgerTestCase

FORUM_HEADER = ["单位*", "日期*", "标题*", "数量（场）", "参与人数", "标签"]


def xlsx_bytes(header: list, rows: list[list]) -> bytes:
    """A workbook with one sheet: `header`, then `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def forum_rows(n: int, unit="广汉市", start=1) -> list[list]:
    return [
        [unit, f"2022-03-{1 + i % 28:02d}", f"第{i}次民营企业家恳谈会", 1, 30 + i, "民营经济"]
        for i in range(start, start + n)
    ]


class ImportTestCase(LedgerTestCase):
    def preview(self, content: bytes, *, by=None, record_type=None, filename="台账.xlsx"):
        return import_preview(
            actor=by or self.guanghan_reporter,
            record_type=record_type or self.forum,
            uploaded_bytes=content,
            filename=filename,
        )

    def commit(self, content: bytes, *, by=None, record_type=None, filename="台账.xlsx", **kw):
        return import_commit(
            actor=by or self.guanghan_reporter,
            record_type=record_type or self.forum,
            uploaded_bytes=content,
            filename=filename,
            **kw,
        )


class TemplateTests(ImportTestCase):
    def header(self, record_type):
        content = build_template(actor=self.guanghan_reporter, record_type=record_type)
        sheet = load_workbook(io.BytesIO(content))[DATA_SHEET]
        return [c.value for c in sheet[1]], sheet

    def test_the_template_carries_the_types_measures_only(self):
        forum, _ = self.header(self.forum)
        self.assertIn("数量（场）", forum)
        self.assertIn("参与人数", forum)
        self.assertNotIn("金额（元）", forum)
        credit, _ = self.header(self.credit)
        self.assertIn("金额（元）", credit)
        self.assertNotIn("参与人数", credit)

    def test_the_drop_down_lists_only_units_the_user_may_act_for(self):
        content = build_template(actor=self.guanghan_reporter, record_type=self.forum)
        book = load_workbook(io.BytesIO(content))
        lists = book[LISTS_SHEET]
        self.assertEqual(lists.sheet_state, "hidden")
        units = [c.value for c in lists["A"] if c.value]
        self.assertEqual(units, ["广汉市", "向阳镇"])
        self.assertIn("恳谈会", [c.value for c in lists["B"]])
        validations = book[DATA_SHEET].data_validations.dataValidation
        formulas = sorted(v.formula1 for v in validations)
        self.assertEqual(formulas[0], f"'{LISTS_SHEET}'!$A$1:$A$2")
        self.assertEqual(len(validations), 3)  # unit, type, area

    def test_a_filled_in_template_imports(self):
        content = build_template(actor=self.guanghan_reporter, record_type=self.forum)
        book = load_workbook(io.BytesIO(content))
        sheet = book[DATA_SHEET]
        sheet.append(
            ["向阳镇", "", "", "2022年3月5日", "", "向阳镇企业家恳谈会", "", "1场", "40人"]
        )
        out = io.BytesIO()
        book.save(out)
        batch = self.commit(out.getvalue())
        record = WorkRecord.objects.get(import_batch=batch)
        self.assertEqual(record.unit, self.guanghan_town)
        self.assertEqual((record.count, record.participants), (1, 40))
        self.assertEqual(record.area, self.forum.area)

    def test_another_types_template_is_refused(self):
        content = build_template(actor=self.guanghan_reporter, record_type=self.credit)
        preview = self.preview(content, record_type=self.forum)
        self.assertEqual(
            [e.message for e in preview.errors],
            [WRONG_TEMPLATE.format(found="授信签约", expected="恳谈会")],
        )


class PreviewTests(ImportTestCase):
    def test_dates_and_numbers_in_common_forms_are_read(self):
        content = xlsx_bytes(
            ["单位", "日期", "标题", "金额（元）"],
            [
                ["广汉市", "2022/3/5", "签约一", "1,234.5"],
                ["广汉市", "2022.3.5", "签约二", "12.5万元"],
                ["广汉市", dt.datetime(2022, 3, 5), "签约三", "１．５亿元"],
                ["广汉市", 44625, "签约四", 800],
            ],
        )
        preview = self.preview(content, record_type=self.credit)
        self.assertEqual(preview.errors, [])
        self.assertEqual({r.date for r in preview.rows}, {dt.date(2022, 3, 5)})
        self.assertEqual(
            [r.amount for r in preview.rows],
            [Decimal("1234.50"), Decimal("125000"), Decimal("150000000"), Decimal("800")],
        )

    def test_number_cells_read_as_typed(self):
        # A spreadsheet keeps every number as a float: 20220305 is a compact date, a
        # title typed as 2022 is "2022", and 12.5 people is an error quoting 12.5.
        content = xlsx_bytes(
            FORUM_HEADER,
            [
                ["广汉市", 20220305, 2022, 3, 1200, ""],
                ["广汉市", "2022-03-06", "恳谈会", 1, 12.5, ""],
            ],
        )
        preview = self.preview(content)
        row = preview.rows[0]
        self.assertEqual(
            (row.date, row.title, row.count, row.participants),
            (dt.date(2022, 3, 5), "2022", 3, 1200),
        )
        self.assertEqual(
            [(e.row, e.column, e.message) for e in preview.errors],
            [(3, "参与人数", "“12.5”不是整数。")],
        )

    def test_a_sheet_starting_in_the_second_column_keeps_its_row_numbers(self):
        content = xlsx_bytes([None, *FORUM_HEADER], [[None, "广汉市", "2022-3-5", "", 1, 9, ""]])
        preview = self.preview(content)
        self.assertEqual([(e.row, e.column) for e in preview.errors], [(2, "标题")])

    def test_each_error_names_its_row_column_and_reason(self):
        content = xlsx_bytes(
            FORUM_HEADER,
            [
                ["广汉市", "2022-03-05", "恳谈会", 1, 40, ""],
                ["广汉市", "三月五日", "", "一", 40, ""],
            ],
        )
        preview = self.preview(content)
        found = [(e.row, e.column, e.message) for e in preview.errors]
        self.assertEqual(
            found,
            [
                (3, "日期", DATE_INVALID.format(value="三月五日")),
                (3, "标题", REQUIRED.format(label="标题")),
                (3, "数量（场）", "“一”不是整数。"),
            ],
        )
        self.assertEqual(len(preview.rows), 1)
        self.assertEqual(str(preview.errors[0]), f"第 3 行“日期”：{found[0][2]}")

    def test_a_reporter_of_guanghan_may_not_import_rows_for_shifang(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(1) + forum_rows(1, unit="什邡市", start=5))
        preview = self.preview(content)
        self.assertEqual(
            [(e.row, e.column, e.message) for e in preview.errors],
            [(3, "单位", UNIT_UNKNOWN.format(value="什邡市"))],
        )
        with self.assertRaises(ValidationError):
            self.commit(content)
        self.assertFalse(WorkRecord.objects.exists())

    def test_a_measure_the_type_does_not_carry_goes_to_the_description_with_a_notice(self):
        # Issue 20 changed this: it was a row error (MEASURE_NOT_CARRIED).
        content = xlsx_bytes(
            ["单位", "日期", "标题", "金额"], [["广汉市", "2022-3-5", "会", "5万"]]
        )
        preview = self.preview(content)
        self.assertEqual(preview.errors, [])
        self.assertEqual(preview.rows[0].description, "金额：5万")
        self.assertIsNone(preview.rows[0].amount)
        message = MEASURE_MOVED.format(type="恳谈会", measure="金额", text="金额：5万")
        self.assertEqual([(e.row, e.message) for e in preview.notices], [(2, message)])

    def test_a_row_of_another_type_is_an_error(self):
        content = xlsx_bytes(
            ["单位", "记录类型", "日期", "标题"], [["广汉市", "授信签约", "2022-3-5", "会"]]
        )
        preview = self.preview(content)
        message = TYPE_MISMATCH.format(expected="恳谈会", value="授信签约")
        self.assertEqual([e.message for e in preview.errors], [message])

    def test_a_missing_required_column_is_refused(self):
        preview = self.preview(xlsx_bytes(["单位", "标题"], [["广汉市", "会"]]))
        self.assertEqual([e.message for e in preview.errors], [HEADER_MISSING.format(label="日期")])

    def test_a_file_that_is_not_xlsx_is_refused(self):
        preview = self.preview(b"PK\x03\x04 this is no workbook")
        self.assertEqual([e.message for e in preview.errors], [FILE_UNREADABLE])

    def test_a_sheet_spanning_a_huge_grid_is_refused_before_it_is_read(self):
        # Two cells: read as a grid, 17 billion of them, which would end the process.
        book = Workbook()
        book.active.append(FORUM_HEADER)
        book.active["XFD1048576"] = "远处"
        out = io.BytesIO()
        book.save(out)
        preview = self.preview(out.getvalue())
        self.assertEqual(
            [e.message for e in preview.errors],
            [GRID_TOO_LARGE.format(cells=f"{MAX_SHEET_CELLS:,}")],
        )

    def test_blank_rows_are_skipped(self):
        content = xlsx_bytes(
            FORUM_HEADER, [forum_rows(1)[0], [None] * 6, ["", " "], *forum_rows(1, start=2)]
        )
        preview = self.preview(content)
        self.assertEqual(preview.errors, [])
        self.assertEqual([r.row for r in preview.rows], [2, 5])

    def test_rows_like_existing_records_are_marked_as_duplicates(self):
        existing = self.make_record(title="第1次民营企业家恳谈会", date=dt.date(2022, 3, 2))
        # A 什邡市 record the reporter cannot see is not shown as a duplicate.
        self.make_record(
            by=self.shifang_reporter, title="第2次民营企业家恳谈会", date=dt.date(2022, 3, 3)
        )
        content = xlsx_bytes(FORUM_HEADER, forum_rows(2) + forum_rows(1))
        preview = self.preview(content)
        self.assertEqual(
            [(d.row, d.record_id, d.earlier_row) for d in preview.duplicates],
            [(2, existing.pk, None), (4, existing.pk, None)],
        )

    def test_a_row_repeated_in_the_file_is_marked_as_duplicate(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(2) + forum_rows(1, start=2))
        preview = self.preview(content)
        self.assertEqual([(d.row, d.earlier_row) for d in preview.duplicates], [(4, 3)])

    def test_a_leader_may_not_import(self):
        with self.assertRaises(PermissionDenied):
            self.preview(xlsx_bytes(FORUM_HEADER, forum_rows(1)), by=self.leader)


class CommitTests(ImportTestCase):
    def test_rows_become_submitted_records_of_one_batch(self):
        batch = self.commit(xlsx_bytes(FORUM_HEADER, forum_rows(3)), filename="三月.xlsx")
        self.assertEqual((batch.row_count, batch.filename), (3, "三月.xlsx"))
        records = WorkRecord.objects.filter(import_batch=batch).order_by("id")
        self.assertEqual(records.count(), 3)
        first = records[0]
        self.assertEqual(first.status, RecordStatus.SUBMITTED)
        self.assertIsNotNone(first.submitted_at)
        self.assertEqual(first.created_by, self.guanghan_reporter)
        self.assertEqual((first.count, first.participants), (1, 31))
        self.assertEqual(list(first.tags.values_list("name", flat=True)), ["民营经济"])

    def test_imported_records_are_found_by_search(self):
        header = ["单位*", "日期*", "标题*", "内容", "数量（场）"]
        rows = [
            ["广汉市", "2022-03-01", "WeChat 恳谈会", "O'Brien 出席", 1],
            ["广汉市", "2022-03-02", "İSTANBUL 考察", "ÉCOLE 交流", 1],
        ]
        batch = self.commit(xlsx_bytes(header, rows))
        imported = WorkRecord.objects.filter(import_batch=batch)
        for query, title in [
            ("wechat 恳谈", "WeChat 恳谈会"),
            ("o'brien", "WeChat 恳谈会"),
            ("考察", "İSTANBUL 考察"),
            ("交流", "İSTANBUL 考察"),
        ]:
            with self.subTest(query=query):
                found = filter_records(imported, query)
                self.assertEqual(list(found.values_list("title", flat=True)), [title])
        if connection.vendor == "postgresql":
            # The column COPY brought is the one the database computes itself.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM ledger_workrecord WHERE import_batch_id = %s AND "
                    "search_grams = ledger_search_grams(title) || ledger_search_grams(description)",
                    [batch.pk],
                )
                self.assertEqual(cursor.fetchone()[0], 2)

    def test_a_bad_row_imports_nothing_and_names_the_row(self):
        rows = forum_rows(3)
        rows[1][1] = "2022-02-30"
        with self.assertRaises(ValidationError) as caught:
            self.commit(xlsx_bytes(FORUM_HEADER, rows))
        self.assertEqual(caught.exception.messages[0], HAS_ERRORS.format(n=1))
        self.assertEqual(caught.exception.messages[1], "第 3 行“日期”：日期“2022-02-30”不存在。")
        self.assertFalse(WorkRecord.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())

    def test_it_refuses_a_file_already_imported(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(2))
        self.commit(content, filename="第一次.xlsx")
        with self.assertRaises(ValidationError) as caught:
            self.commit(content, by=self.city_editor, filename="再来一次.xlsx")
        message = caught.exception.messages[0]
        self.assertIn("第一次.xlsx", message)
        self.assertIn("广汉填报员", message)
        self.assertRegex(message, r"\d{4}-\d{2}-\d{2}")
        self.assertEqual(WorkRecord.objects.count(), 2)
        self.assertIn("第一次.xlsx", self.preview(content).errors[0].message)

    def test_duplicates_are_skipped_unless_kept(self):
        self.make_record(title="第1次民营企业家恳谈会", date=dt.date(2022, 3, 2))
        content = xlsx_bytes(FORUM_HEADER, forum_rows(3))
        batch = self.commit(content, keep_duplicates=set())
        self.assertEqual(batch.row_count, 2)
        self.assertFalse(batch.records.filter(title="第1次民营企业家恳谈会").exists())

    def test_a_kept_duplicate_is_imported(self):
        self.make_record(title="第1次民营企业家恳谈会", date=dt.date(2022, 3, 2))
        batch = self.commit(xlsx_bytes(FORUM_HEADER, forum_rows(3)), keep_duplicates={2})
        self.assertEqual(batch.row_count, 3)

    def test_skipping_every_row_imports_nothing(self):
        with self.assertRaises(ValidationError):
            self.commit(xlsx_bytes(FORUM_HEADER, forum_rows(1)), skip_rows={2})
        self.assertFalse(ImportBatch.objects.exists())

    def test_one_audit_row_per_record_and_one_for_the_batch(self):
        batch = self.commit(xlsx_bytes(FORUM_HEADER, forum_rows(3)))
        per_record = AuditEvent.objects.filter(action="record.import")
        self.assertEqual(per_record.count(), 3)
        event = per_record.get(object_id=str(batch.records.order_by("id")[0].pk))
        self.assertEqual(event.unit, self.guanghan)
        self.assertEqual(event.actor, self.guanghan_reporter)
        self.assertEqual(event.after["import_batch"], batch.pk)
        self.assertEqual(event.after["status"], "submitted")
        commit_event = AuditEvent.objects.get(action="import.commit")
        self.assertEqual(commit_event.object_id, str(batch.pk))
        self.assertEqual(commit_event.after["row_count"], 3)

    def test_the_commit_takes_the_same_queries_for_any_number_of_rows(self):
        counts = []
        for n, start in ((3, 0), (40, 100)):
            content = xlsx_bytes(FORUM_HEADER, forum_rows(n, start=start))
            # savepoints (4), earlier import, units, types, areas, closed years (issue 20),
            # duplicate candidates (once: inside the transaction), batch, record keys,
            # tags (one upsert), the batch's audit row; then records, tag links and
            # audit rows: INSERTs on SQLite, COPY on PostgreSQL (which goes past the
            # cursor Django counts)
            expected = 17 if connection.vendor == "sqlite" else 14
            with self.assertNumQueries(expected) as ctx:
                self.commit(content, keep_duplicates=set())
            counts.append(len(ctx.captured_queries))
        self.assertEqual(counts[0], counts[1])


class ImportPageTests(ImportTestCase):
    def upload(self, content: bytes, *, record_type=None, name="台账.xlsx"):
        return self.client.post(
            reverse("ledger:ledger_io:import_start"),
            {
                "record_type": (record_type or self.forum).pk,
                "file": SimpleUploadedFile(name, content),
            },
        )

    def test_a_reporter_uploads_previews_and_commits(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.upload(xlsx_bytes(FORUM_HEADER, forum_rows(2)))
        self.assertEqual(response.status_code, 302)
        preview = self.client.get(response.url)
        self.assertContains(preview, "第2次民营企业家恳谈会")
        self.assertContains(preview, "确认导入")
        commit_url = response.url + "commit/"
        done = self.client.post(commit_url)
        self.assertRedirects(done, reverse("ledger:record_list") + "?status=submitted")
        self.assertEqual(WorkRecord.objects.filter(import_batch__isnull=False).count(), 2)
        # The upload is gone once committed.
        self.assertEqual(self.client.get(response.url).status_code, 404)

    def test_the_preview_lists_errors_by_row_and_column(self):
        self.client.force_login(self.guanghan_reporter)
        rows = forum_rows(2) + [["什邡市", "2022/13/1", "会", 1, 1, ""]]
        response = self.client.get(self.upload(xlsx_bytes(FORUM_HEADER, rows)).url)
        self.assertContains(response, "未导入任何记录")
        self.assertContains(response, '<td class="num">4</td><td>单位</td>', html=False)
        self.assertContains(response, UNIT_UNKNOWN.format(value="什邡市"))
        self.assertNotContains(response, "确认导入")

    def test_a_commit_of_a_bad_file_imports_nothing_and_says_why(self):
        self.client.force_login(self.guanghan_reporter)
        url = self.upload(xlsx_bytes(FORUM_HEADER, [["广汉市", "", "会", 1, 1, ""]])).url
        response = self.client.post(url + "commit/", follow=True)
        self.assertContains(response, HAS_ERRORS.format(n=1))
        self.assertFalse(WorkRecord.objects.exists())

    def test_an_htmx_commit_is_told_where_to_go(self):
        self.client.force_login(self.guanghan_reporter)
        url = self.upload(xlsx_bytes(FORUM_HEADER, forum_rows(1))).url
        response = self.client.post(url + "commit/", headers={"HX-Request": "true"})
        self.assertEqual(
            response["HX-Redirect"], reverse("ledger:record_list") + "?status=submitted"
        )

    def test_the_file_already_imported_is_refused_on_the_page(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(1))
        self.commit(content, filename="早先.xlsx")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(self.upload(content).url)
        self.assertContains(response, "早先.xlsx")
        self.assertNotContains(response, "确认导入")

    def test_another_users_upload_is_not_found(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(1, unit="什邡市"))
        sha = pending_save(
            actor=self.shifang_reporter, record_type=self.forum, filename="x.xlsx", content=content
        )
        self.client.force_login(self.guanghan_reporter)
        preview = reverse("ledger:ledger_io:import_preview", kwargs={"sha": sha})
        commit = reverse("ledger:ledger_io:import_commit", kwargs={"sha": sha})
        self.assertEqual(self.client.get(preview).status_code, 404)
        self.assertEqual(self.client.post(commit).status_code, 404)
        self.assertFalse(WorkRecord.objects.exists())
        self.client.force_login(self.shifang_reporter)
        self.assertEqual(self.client.get(preview).status_code, 200)

    def test_a_file_that_is_not_xlsx_is_refused_on_the_form(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.upload(b"%PDF-1.4", name="a.pdf")
        self.assertContains(response, "请上传 .xlsx 格式的 Excel 文件")

    def test_the_template_downloads_per_type(self):
        self.client.force_login(self.guanghan_reporter)
        url = reverse("ledger:ledger_io:template")
        response = self.client.get(url, {"type": "credit"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        self.assertIn("金额（元）", [c.value for c in book[DATA_SHEET][1]])
        self.assertEqual(self.client.get(url, {"type": "nope"}).status_code, 404)

    def test_administrators_and_leaders_may_not_import(self):
        urls = [
            reverse("ledger:ledger_io:import_start"),
            reverse("ledger:ledger_io:template") + "?type=forum",
        ]
        for user in (self.sysadmin, self.secadmin, self.auditor, self.leader):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(reverse("ledger:ledger_io:import_start"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response.url)

    def test_commit_takes_post_only(self):
        self.client.force_login(self.guanghan_reporter)
        url = self.upload(xlsx_bytes(FORUM_HEADER, forum_rows(1))).url
        self.assertEqual(self.client.get(url + "commit/").status_code, 405)
