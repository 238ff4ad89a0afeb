import datetime as dt
import io
from decimal import Decimal

from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from tongxin.audit.models import AuditEvent
from tongxin.ledger.exporting import HEADERS, record_filter_from_params, records_to_xlsx
from tongxin.ledger.importing import import_preview
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.selectors import DEFAULT_SORT, RecordFilter
from tongxin.ledger.tests.base import LedgerTestCase


def read_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


class RecordFilterFromParamsTests(LedgerTestCase):
    def test_it_reads_the_list_pages_parameters(self):
        params = QueryDict(
            "year=2022&unit=3&area=2&type=6&status=approved&tag=民营经济&q=恳谈&sort=unit"
        )
        self.assertEqual(
            record_filter_from_params(params),
            RecordFilter(
                year=2022,
                unit_id=3,
                area_id=2,
                type_id=6,
                status="approved",
                tag="民营经济",
                q="恳谈",
                sort="unit",
            ),
        )

    def test_values_that_do_not_parse_are_ignored(self):
        params = QueryDict("year=abc&unit=&type=1.5&status=nope&sort=password&subunits=0")
        flt = record_filter_from_params(params)
        self.assertEqual(flt, RecordFilter(sort=DEFAULT_SORT, include_subunits=False))

    def test_an_empty_query_is_the_default_filter(self):
        self.assertEqual(record_filter_from_params({}), RecordFilter())


class RecordsToXlsxTests(LedgerTestCase):
    def test_each_record_is_a_row_under_the_headers(self):
        self.make_record(
            record_type=self.credit,
            title="授信签约会",
            amount=Decimal("150000000"),
            tags=["金融"],
            approve=True,
        )
        out = io.BytesIO()
        written = records_to_xlsx(WorkRecord.objects.all(), out)
        rows = read_rows(out.getvalue())
        self.assertEqual(written, 1)
        self.assertEqual(rows[0], tuple(label for label, _ in HEADERS))
        row = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(row["单位"], "广汉市")
        self.assertEqual(row["日期"].date(), dt.date(2022, 3, 5))
        self.assertEqual(row["金额（元）"], 150000000)
        self.assertEqual(row["标签"], "金融")
        self.assertEqual(row["状态"], "已通过")

    def test_a_title_that_looks_like_a_formula_stays_text(self):
        self.make_record(title='=HYPERLINK("http://example.com","点我")')
        out = io.BytesIO()
        records_to_xlsx(WorkRecord.objects.all(), out)
        cell = load_workbook(io.BytesIO(out.getvalue())).active["G2"]
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, '=HYPERLINK("http://example.com","点我")')

    def test_an_exported_file_imports_again_with_every_row_marked_duplicate(self):
        for i in range(3):
            self.make_record(title=f"第{i}次恳谈会", count=1, participants=20, tags=["民营经济"])
        out = io.BytesIO()
        records_to_xlsx(WorkRecord.objects.all(), out)
        preview = import_preview(
            actor=self.guanghan_reporter,
            record_type=self.forum,
            uploaded_bytes=out.getvalue(),
            filename="导出.xlsx",
        )
        self.assertEqual(preview.errors, [])
        self.assertEqual(len(preview.duplicates), 3)


class ExportPageTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_record(title="广汉市恳谈会", approve=True)
        cls.make_record(title="广汉市去年的恳谈会", date=dt.date(2021, 5, 1), submit=True)
        cls.make_record(by=cls.shifang_reporter, title="什邡市恳谈会", approve=True)

    def export(self, **params):
        response = self.client.get(reverse("ledger:ledger_io:export"), params)
        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response["Content-Disposition"])
        rows = read_rows(b"".join(response.streaming_content))
        return [row[6] for row in rows[1:]]

    def test_a_reporter_exports_only_their_units_records(self):
        self.client.force_login(self.guanghan_reporter)
        self.assertEqual(self.export(), ["广汉市恳谈会", "广汉市去年的恳谈会"])

    def test_the_export_follows_the_list_filters(self):
        self.client.force_login(self.city_editor)
        self.assertEqual(sorted(self.export(year=2022)), ["什邡市恳谈会", "广汉市恳谈会"])
        self.assertEqual(self.export(status=RecordStatus.SUBMITTED), ["广汉市去年的恳谈会"])
        self.assertEqual(self.export(q="什邡"), ["什邡市恳谈会"])

    def test_the_export_is_audited(self):
        self.client.force_login(self.city_editor)
        self.export(year=2022)
        event = AuditEvent.objects.get(action="record.export")
        self.assertEqual(event.actor, self.city_editor)
        self.assertEqual(event.after, {"filter": {"year": "2022"}, "row_count": 2})

    def test_administrators_may_not_export(self):
        for user in (self.sysadmin, self.secadmin, self.auditor):
            self.client.force_login(user)
            with self.subTest(user.username):
                response = self.client.get(reverse("ledger:ledger_io:export"))
                self.assertEqual(response.status_code, 403)

    def test_a_leader_may_export(self):
        self.client.force_login(self.leader)
        self.assertEqual(len(self.export()), 3)
