import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tongxin.audit.models import AuditEvent
from tongxin.cases.importing import read_enterprises
from tongxin.cases.models import Enterprise, Ownership
from tongxin.cases.tests.base import CasesTestCase, make_code, make_enterprise

HEADER = [
    "企业名称",
    "统一社会信用代码",
    "所在地",
    "行业门类",
    "所有制类别",
    "成立日期",
    "落户本市日期",
]


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ReadEnterprisesTests(CasesTestCase):
    def read(self, content, units=None):
        return read_enterprises(content, units=units or [self.guanghan, self.shifang])

    def test_it_reads_good_rows(self):
        result = self.read(
            workbook(
                ["甲公司", make_code(1), "广汉市", "C", "台资", "2010-01-01", dt.date(2022, 6, 1)],
                ["乙公司", make_code(2).lower(), "什邡市", "制造业", "港资", None, None],
            )
        )
        self.assertEqual(result.errors, [])
        (n1, first), (n2, second) = result.rows
        self.assertEqual((n1, n2), (2, 3))
        self.assertEqual(first["district"], self.guanghan)
        self.assertEqual(first["arrived_on"], dt.date(2022, 6, 1))
        self.assertEqual(second["credit_code"], make_code(2))
        self.assertEqual(second["industry"], "C")
        self.assertEqual(second["ownership"], Ownership.HONGKONG)
        self.assertIsNone(second["founded_on"])

    def test_each_bad_cell_is_named_with_its_row(self):
        good = make_code(3)
        wrong = "0" if good[-1] != "0" else "1"
        result = self.read(
            workbook(
                ["甲公司", good[:-1] + wrong, "广汉市", "C", "台资"],
                ["乙公司", make_code(4), "旌阳区", "Z", "合资"],
                ["", make_code(5), "广汉市", "C", "台资"],
            )
        )
        self.assertEqual(result.rows, [])
        self.assertIn(
            f"第2行 统一社会信用代码：校验码错误：第18位应为“{good[-1]}”", result.errors[0]
        )
        self.assertTrue(
            any(e.startswith("第3行 所在地：找不到单位“旌阳区”") for e in result.errors)
        )
        self.assertTrue(any(e.startswith("第3行 行业门类") for e in result.errors))
        self.assertTrue(any(e.startswith("第3行 所有制类别") for e in result.errors))
        self.assertIn("第4行 企业名称：请填写企业名称。", result.errors)

    def test_a_code_repeated_in_the_file_is_refused(self):
        row = ["甲公司", make_code(1), "广汉市", "C", "台资"]
        result = self.read(workbook(row, row))
        self.assertEqual(result.errors, ["第3行 统一社会信用代码：统一社会信用代码与第2行重复。"])

    def test_missing_columns_and_non_workbooks_are_refused(self):
        self.assertEqual(
            self.read(workbook(header=["企业名称"])).errors,
            ["缺少列：统一社会信用代码、所在地、行业门类、所有制类别。"],
        )
        self.assertEqual(
            self.read(b"not a workbook").errors, ["无法读取该文件，请上传 Excel（.xlsx）文件。"]
        )
        self.assertEqual(self.read(workbook()).errors, ["表格中没有企业。"])

    def test_a_reporter_may_name_only_their_own_units(self):
        result = self.read(
            workbook(["甲公司", make_code(1), "什邡市", "C", "台资"]), units=[self.guanghan]
        )
        self.assertEqual(len(result.errors), 1)


class ImportPageTests(CasesTestCase):
    def upload(self, content, name="企业名录.xlsx"):
        return self.client.post(
            reverse("cases:enterprise_import"), {"file": SimpleUploadedFile(name, content)}
        )

    def test_it_merges_by_credit_code_and_audits_each_change(self):
        known = make_enterprise(self, serial=7, district=self.guanghan, name="旧名称")
        unchanged = make_enterprise(self, serial=8, district=self.guanghan, name="不变公司")
        self.client.force_login(self.city_editor)
        response = self.upload(
            workbook(
                ["新公司", make_code(1), "广汉市", "C", "台资", None, "2022-06-01"],
                ["新名称", known.credit_code, "广汉市", "C", "台资"],
                ["不变公司", unchanged.credit_code, "广汉市", "C", "台资"],
            )
        )
        self.assertRedirects(
            response, reverse("cases:enterprise_list"), fetch_redirect_response=False
        )
        self.assertContains(
            self.client.get(reverse("cases:enterprise_list")), "新登记1家，更新1家，无变化1家"
        )
        known.refresh_from_db()
        self.assertEqual(known.name, "新名称")
        # The date the file left empty is kept.
        self.assertEqual(known.arrived_on, dt.date(2022, 6, 1))
        self.assertEqual(Enterprise.objects.count(), 3)
        update = AuditEvent.objects.get(action="enterprise.update")
        self.assertEqual(update.after, {"name": "新名称"})
        self.assertEqual(AuditEvent.objects.filter(action="enterprise.import").count(), 1)

    def test_one_bad_row_writes_nothing(self):
        self.client.force_login(self.city_editor)
        response = self.upload(
            workbook(
                ["新公司", make_code(1), "广汉市", "C", "台资"],
                ["坏公司", make_code(2)[:-1], "广汉市", "C", "台资"],
            )
        )
        self.assertContains(
            response, "第3行 统一社会信用代码：统一社会信用代码应为18位，当前为17位。"
        )
        self.assertFalse(Enterprise.objects.exists())

    def test_a_reporter_cannot_overwrite_another_countys_enterprise(self):
        other = make_enterprise(self, serial=9, district=self.shifang)
        self.client.force_login(self.guanghan_reporter)
        response = self.upload(workbook(["改名", other.credit_code, "广汉市", "C", "台资"]))
        self.assertContains(response, "属于您不能修改的单位")
        other.refresh_from_db()
        self.assertEqual(other.district, self.shifang)

    def test_leaders_do_not_import(self):
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(reverse("cases:enterprise_import")).status_code, 403)


class SameReaderTests(CasesTestCase):
    def test_a_title_row_and_a_gb18030_csv_are_read_as_the_ledger_import_reads(self):
        book = Workbook()
        book.active.append(["2023年落户企业名录"])
        book.active.append(HEADER)
        book.active.append(["甲公司", make_code(1), "广汉市", "C", "台资"])
        out = io.BytesIO()
        book.save(out)
        result = read_enterprises(out.getvalue(), units=[self.guanghan])
        self.assertEqual([n for n, _v in result.rows], [3])
        text = ",".join(HEADER[:5]) + f"\n乙公司,{make_code(2)},广汉市,C,港资\n"
        result = read_enterprises(
            text.encode("gb18030"), units=[self.guanghan], filename="名录.csv"
        )
        self.assertEqual(result.errors, [])
        self.assertEqual(result.rows[0][1]["name"], "乙公司")
