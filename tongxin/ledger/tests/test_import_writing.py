"""The commit's plain-row writes (importing/writing.py, lib/copyinsert.py) store what
bulk_create stored, and the cells a preview read are kept for the commit."""

import datetime as dt
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase
from django.utils import timezone

from tongxin.audit.chain import audit_verify
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import snapshot
from tongxin.ledger.importing import pending_discard, pending_save
from tongxin.ledger.importing import reading as reading_module
from tongxin.ledger.importing.rows import _iso_date
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.parsing import parse_date
from tongxin.ledger.services import RECORD_FIELDS
from tongxin.ledger.tests.test_import import (
    FORUM_HEADER,
    ImportTestCase,
    forum_rows,
    xlsx_bytes,
)

CREDIT_HEADER = ["单位*", "日期*", "结束日期", "标题*", "内容", "金额（元）", "标签"]
# Text with quotes, a percent sign and a line break; a money text, a number and none;
# a date cell; tags, several and none.
CREDIT_ROWS = [
    [
        "广汉市",
        "2022-03-05",
        "2022-03-07",
        "授信签约",
        "O'Brien “引号” 100%\n第二行",
        "12.5万元",
        "民营经济，融资",
    ],
    ["广汉市", dt.datetime(2022, 4, 1), None, "第二次签约", None, 1234.56, None],
    ["广汉市", "2022/5/6", None, "第三次签约", "内容", None, "民营经济"],
]
TIMESTAMPS = ("created_at", "updated_at", "submitted_at")


def _stored(ids) -> list[dict]:
    """The records' rows as the database holds them, column by column."""
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ledger_workrecord WHERE id IN ({marks}) ORDER BY id", ids)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class PlainRowTests(ImportTestCase):
    def credit_file(self) -> bytes:
        return xlsx_bytes(CREDIT_HEADER, CREDIT_ROWS)

    def commit_credit(self):
        """The credit file committed, and the rows its preview read."""
        rows = self.preview(self.credit_file(), record_type=self.credit).rows
        return self.commit(self.credit_file(), record_type=self.credit), rows

    def as_before(self, rows, batch) -> list[WorkRecord]:
        """The records the commit built before it wrote plain rows, from the same rows."""
        return [
            WorkRecord(
                unit_id=row.unit.pk,
                record_type_id=row.record_type.pk,
                area_id=row.area.pk if row.area else None,
                date=row.date,
                end_date=row.end_date,
                title=row.title,
                description=row.description,
                count=row.count,
                participants=row.participants,
                amount=row.amount,
                status=RecordStatus.SUBMITTED,
                submitted_at=timezone.now(),
                import_batch_id=batch.pk,
                created_by_id=self.guanghan_reporter.pk,
                updated_by_id=self.guanghan_reporter.pk,
            )
            for row in rows
        ]

    def test_imported_records_are_stored_as_bulk_create_stores_them(self):
        batch, rows = self.commit_credit()
        records = list(batch.records.order_by("id"))
        self.assertEqual(
            [sorted(r.tags.values_list("name", flat=True)) for r in records],
            [["民营经济", "融资"], [], ["民营经济"]],
        )
        imported = _stored([r.pk for r in records])
        copies = WorkRecord.objects.bulk_create(self.as_before(rows, batch))
        expected = _stored([c.pk for c in copies])
        self.assertEqual(len(imported), 3)
        for mine, theirs in zip(imported, expected, strict=True):
            for column, value in theirs.items():
                if column == "id":
                    continue
                with self.subTest(column=column):
                    if column in TIMESTAMPS:
                        # Another moment, in the same form (text on SQLite).
                        self.assertIs(type(mine[column]), type(value))
                        self.assertEqual(len(str(mine[column])), len(str(value)))
                    else:
                        self.assertEqual((mine[column], type(mine[column])), (value, type(value)))

    def test_each_audit_row_says_what_it_said_of_the_record_object(self):
        batch, rows = self.commit_credit()
        records = list(batch.records.order_by("id"))
        events = {e.object_id: e for e in AuditEvent.objects.filter(action="record.import")}
        for record, built, row in zip(records, self.as_before(rows, batch), (2, 3, 4), strict=True):
            event = events[str(record.pk)]
            after = snapshot(built, RECORD_FIELDS)
            after.update(
                tags=sorted(record.tags.values_list("name", flat=True)),
                import_batch=batch.pk,
                row=row,
                source="web",
            )
            self.assertEqual(event.after, after)
            self.assertEqual(
                (event.actor, event.actor_name, event.unit_id, event.object_type, event.before),
                (self.guanghan_reporter, "gh", record.unit_id, "ledger.workrecord", None),
            )
        # Each row's hash is the one its content gives (what the chain's verify reads).
        self.assertEqual(audit_verify(), [])

    def test_records_take_keys_past_every_key_given_before(self):
        removed = self.make_record(title="删除的记录")
        removed_pk = removed.pk
        WorkRecord.objects.filter(pk=removed_pk).delete()
        batch = self.commit(xlsx_bytes(FORUM_HEADER, forum_rows(2, start=500)))
        keys = list(batch.records.values_list("pk", flat=True))
        self.assertEqual(len(keys), 2)
        self.assertTrue(all(pk > removed_pk for pk in keys), (keys, removed_pk))

    def test_records_take_their_keys_in_date_order(self):
        # The search index and the date indexes take them in their own order.
        rows = [
            ["广汉市", "2022-05-01", "五月", 1, 30, ""],
            ["广汉市", "2022-03-01", "三月", 1, 30, ""],
            ["广汉市", "2022-04-01", "四月甲", 1, 30, ""],
            ["广汉市", "2022-04-01", "四月乙", 1, 30, ""],
        ]
        batch = self.commit(xlsx_bytes(FORUM_HEADER, rows))
        titles = list(batch.records.order_by("id").values_list("title", flat=True))
        self.assertEqual(titles, ["三月", "四月甲", "四月乙", "五月"])
        events = AuditEvent.objects.filter(action="record.import").order_by("id")
        self.assertEqual([e.after["row"] for e in events], [3, 4, 5, 2])

    def test_a_row_skipped_as_a_duplicate_gets_no_record_and_no_audit_row(self):
        # A record saved since the file was made duplicates one row: the commit's own
        # check skips it, and only the records written get their audit rows.
        content = xlsx_bytes(FORUM_HEADER, forum_rows(3, start=600))
        self.make_record(title="第601次民营企业家恳谈会", date=dt.date(2022, 3, 1 + 601 % 28))
        batch = self.commit(content, keep_duplicates=set())
        self.assertEqual(batch.row_count, 2)
        self.assertEqual(AuditEvent.objects.filter(action="record.import").count(), 2)


def _kept(sha: str) -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "imports").glob(f"{sha}-cells*"))


class KeptCellsTests(ImportTestCase):
    def keep(self, content: bytes) -> str:
        return pending_save(
            actor=self.guanghan_reporter,
            record_type=self.forum,
            filename="台账.xlsx",
            content=content,
        )

    def test_the_commit_reads_the_cells_its_preview_kept(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(3, start=700))
        sha = self.keep(content)
        self.preview(content)
        self.assertEqual(len(_kept(sha)), 1)
        with mock.patch.object(
            reading_module, "open_table", side_effect=AssertionError("the file read again")
        ):
            batch = self.commit(content)
        self.assertEqual(batch.row_count, 3)
        pending_discard(actor=self.guanghan_reporter, sha256=sha)
        self.assertEqual(_kept(sha), [])

    def test_an_upload_not_kept_keeps_no_cells(self):
        content = xlsx_bytes(FORUM_HEADER, forum_rows(2, start=800))
        preview = self.preview(content)
        self.assertEqual(len(preview.rows), 2)
        self.assertEqual(_kept(preview.sha256), [])

    def test_kept_cells_read_as_the_file_reads(self):
        header = ["单位*", "日期*", "标题*", "内容", "备注", "数量（场）", "参与人数"]
        rows = [
            ["广汉市", dt.datetime(2022, 3, 5, 9, 30), "日期时间", dt.time(9, 30), 1.5, 1, 30],
            ["广汉市", dt.date(2022, 3, 6), "日期", True, "说明", "2场", "1,200"],
            ["广汉市", "2022-02-30", "错误的日期", None, None, 1, 12.0],
            ["合计", None, None, None, None, 2, 1230],
        ]
        content = xlsx_bytes(header, rows)
        self.keep(content)
        with mock.patch.object(
            reading_module, "open_table", wraps=reading_module.open_table
        ) as opened:
            first = self.preview(content)
            second = self.preview(content)
        self.assertEqual(opened.call_count, 1)
        for name in ("rows", "errors", "notices", "skipped", "rejected", "header", "sheet_name"):
            with self.subTest(name=name):
                self.assertEqual(getattr(second, name), getattr(first, name))
        self.assertEqual(len(first.rows), 2)
        self.assertEqual(len(first.errors), 1)


class IsoDateTests(SimpleTestCase):
    def test_the_quick_reading_of_iso_dates_agrees_with_parse_date(self):
        for text in ["2022-03-05", "2100-12-31", "1949-01-01"]:
            with self.subTest(text=text):
                self.assertEqual(_iso_date(text), parse_date(text))
        # Left to parse_date, which reads them or says why not.
        for text in ["2022-02-30", "1900-01-01", "2022-3-05", " 2022-03-05", "２０２２-03-05"]:
            with self.subTest(text=text):
                self.assertIsNone(_iso_date(text))
        self.assertIsNone(_iso_date(dt.date(2022, 3, 5)))
