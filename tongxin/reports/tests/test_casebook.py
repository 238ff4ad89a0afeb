"""The casebook: a year's approved case records compiled into a .docx (title page,
contents, one case a section), and its download page."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from lxml import etree

from tongxin.ledger.models import RecordType
from tongxin.ledger.services import evidence_attach
from tongxin.ledger.tests.base import LedgerTestCase
from tongxin.reports.casebook import (
    CONTENTS,
    DEFAULT_TAG,
    NO_CASES,
    TOC_INSTRUCTION,
    casebook_docx,
    casebook_records,
    casebook_title,
)
from tongxin.reports.views.casebook import BAD_YEAR

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def body_paragraphs(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        root = etree.fromstring(docx.read("word/document.xml"))
    return root.findall("w:body/w:p", NS)


def text_of(paragraph) -> str:
    return "".join(paragraph.xpath(".//w:t/text()", namespaces=NS))


def has_page_break(paragraph) -> bool:
    return bool(paragraph.xpath(".//w:br[@w:type='page']", namespaces=NS))


def is_case_heading(paragraph) -> bool:
    return bool(paragraph.xpath("w:pPr/w:outlineLvl[@w:val='0']", namespaces=NS))


class CasebookTestCase(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = RecordType.objects.get(code="case_study")
        cls.guanghan_case = cls.make_record(
            record_type=case,
            title="广汉市“同心驿站”服务新阶层人士",
            date=dt.date(2022, 11, 8),
            description="一、基本情况\n广汉市在商圈楼宇建成同心驿站12个。\n\n二、主要做法\n定期开展联谊活动。",
            approve=True,
        )
        cls.shifang_forum = cls.make_record(
            by=cls.shifang_reporter,
            title="什邡市“企业家接待日”制度",
            date=dt.date(2022, 6, 1),
            tags=[DEFAULT_TAG],
            approve=True,
        )
        cls.innovation = cls.make_record(
            record_type=case,
            title="广汉市“石榴籽家园”入选十大创新特色案例",
            date=dt.date(2022, 12, 2),
            tags=["十大创新特色案例"],
            approve=True,
        )
        # Not cases of 2022: a draft, another year, an untagged forum.
        cls.make_record(record_type=case, title="未审核的案例", date=dt.date(2022, 3, 1))
        cls.make_record(
            record_type=case, title="2021年的案例", date=dt.date(2021, 5, 1), approve=True
        )
        cls.make_record(title="普通恳谈会", date=dt.date(2022, 4, 1), approve=True)
        for name in ("同心驿站照片.jpg", "经验材料.pdf"):
            content = b"%PDF-1.4\nx\n" if name.endswith(".pdf") else b"\xff\xd8\xff\xe0JFIF"
            evidence_attach(
                actor=cls.guanghan_reporter,
                record=cls.guanghan_case,
                uploaded_file=SimpleUploadedFile(name, content),
            )


class CasebookSelectionTests(CasebookTestCase):
    def titles(self, user, **kwargs) -> list[str]:
        return [r.title for r in casebook_records(user=user, year=2022, **kwargs)]

    def test_it_takes_approved_case_studies_and_records_tagged_typical_by_date(self):
        self.assertEqual(
            self.titles(self.city_editor),
            [self.shifang_forum.title, self.guanghan_case.title, self.innovation.title],
        )

    def test_a_tag_chooses_the_records_carrying_it(self):
        self.assertEqual(
            self.titles(self.city_editor, tag="十大创新特色案例"), [self.innovation.title]
        )

    def test_a_reporter_gets_their_own_units_cases(self):
        self.assertEqual(
            self.titles(self.guanghan_reporter),
            [self.guanghan_case.title, self.innovation.title],
        )
        self.assertEqual(self.titles(self.shifang_reporter), [self.shifang_forum.title])

    def test_it_reads_records_units_and_evidence_in_two_queries(self):
        with self.assertNumQueries(2):
            records = list(casebook_records(user=self.city_editor, year=2022))
            names = [[e.original_name for e in r.current_evidence] for r in records]
            units = [r.unit.name for r in records]
        self.assertEqual(names[1], ["同心驿站照片.jpg", "经验材料.pdf"])
        self.assertEqual(units, ["什邡市", "广汉市", "广汉市"])


class CasebookDocxTests(CasebookTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.records = list(casebook_records(user=cls.city_editor, year=2022))
        cls.title = casebook_title(year=2022)
        cls.paragraphs = body_paragraphs(
            casebook_docx(records=cls.records, title=cls.title, unit="德阳市委统战部", year=2022)
        )
        cls.texts = [text_of(p) for p in cls.paragraphs]

    def test_the_title_page_carries_title_unit_and_year_then_a_page_break(self):
        self.assertEqual(self.title, "2022年度统战工作典型案例汇编")
        contents = self.texts.index(CONTENTS)
        title_page = self.texts[:contents]
        self.assertEqual([t for t in title_page if t], [self.title, "德阳市委统战部", "2022年"])
        self.assertTrue(has_page_break(self.paragraphs[contents - 1]))
        self.assertFalse(any(has_page_break(p) for p in self.paragraphs[: contents - 1]))

    def test_the_contents_list_every_case_inside_a_toc_field(self):
        contents = self.texts.index(CONTENTS)
        first_case = next(i for i, p in enumerate(self.paragraphs) if is_case_heading(p))
        listed = [t for t in self.texts[contents + 1 : first_case] if t]
        self.assertEqual(listed, [f"{i}. {r.title}" for i, r in enumerate(self.records, 1)])
        instructions = self.paragraphs[contents + 2].xpath(".//w:instrText/text()", namespaces=NS)
        self.assertEqual([i.strip() for i in instructions], [TOC_INSTRUCTION])
        kinds = [
            p.xpath(".//w:fldChar/@w:fldCharType", namespaces=NS)
            for p in self.paragraphs[contents + 1 : first_case]
        ]
        self.assertEqual(sum(kinds, []), ["begin", "separate", "end"])

    def test_each_case_is_one_heading_on_a_new_page(self):
        headings = [p for p in self.paragraphs if is_case_heading(p)]
        self.assertEqual([text_of(h) for h in headings], [r.title for r in self.records])
        for heading in headings:
            self.assertTrue(heading.xpath("w:pPr/w:pageBreakBefore", namespaces=NS))

    def test_a_case_has_its_unit_date_description_and_evidence(self):
        start = self.texts.index(self.guanghan_case.title)
        end = self.texts.index(self.innovation.title)
        section = [t for t in self.texts[start + 1 : end] if t]
        self.assertEqual(
            section,
            [
                "广汉市　2022年11月8日",
                "一、基本情况",
                "广汉市在商圈楼宇建成同心驿站12个。",
                "二、主要做法",
                "定期开展联谊活动。",
                "佐证材料：",
                "1. 同心驿站照片.jpg",
                "2. 经验材料.pdf",
            ],
        )

    def test_the_fonts_are_the_reviews(self):
        heading = next(p for p in self.paragraphs if is_case_heading(p))
        fonts = heading.xpath(".//w:rFonts/@w:eastAsia", namespaces=NS)
        self.assertEqual(set(fonts), {"方正小标宋简体"})

    def test_an_empty_casebook_says_so(self):
        texts = [text_of(p) for p in body_paragraphs(casebook_docx(records=[], title="汇编"))]
        self.assertIn(NO_CASES, texts)


class CasebookPageTests(CasebookTestCase):
    url = reverse("reports:casebook")

    def download(self, user, **params):
        self.client.force_login(user)
        return self.client.get(self.url, params)

    def headings(self, response) -> list[str]:
        return [text_of(p) for p in body_paragraphs(response.content) if is_case_heading(p)]

    def test_an_editor_downloads_the_years_casebook(self):
        response = self.download(self.city_editor, year=2022)
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response["Content-Type"])
        self.assertIn('filename="casebook-2022.docx"', response["Content-Disposition"])
        self.assertEqual(len(self.headings(response)), 3)
        texts = [text_of(p) for p in body_paragraphs(response.content)]
        self.assertIn("德阳市委统战部", texts)

    def test_the_tag_parameter_chooses_the_cases(self):
        response = self.download(self.leader, year=2022, tag="十大创新特色案例")
        self.assertEqual(self.headings(response), [self.innovation.title])
        texts = [text_of(p) for p in body_paragraphs(response.content)]
        self.assertIn("2022年度统战工作十大创新特色案例汇编", texts)

    def test_a_reporter_gets_only_their_units_cases(self):
        response = self.download(self.shifang_reporter, year=2022)
        self.assertEqual(self.headings(response), [self.shifang_forum.title])
        texts = [text_of(p) for p in body_paragraphs(response.content)]
        self.assertIn("什邡市", texts)

    def test_a_year_without_cases_returns_to_the_reviews_with_a_message(self):
        response = self.download(self.city_editor, year=2019)
        self.assertRedirects(
            response, reverse("reports:review_list"), fetch_redirect_response=False
        )
        self.assertContains(self.client.get(reverse("reports:review_list")), NO_CASES)

    def test_it_validates_the_year(self):
        for params in ({}, {"year": "二〇二二"}, {"year": "99999"}):
            with self.subTest(params):
                response = self.download(self.city_editor, **params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.content.decode(), BAD_YEAR)

    def test_administrators_are_refused(self):
        self.assertEqual(self.download(self.sysadmin, year=2022).status_code, 403)
        self.assertEqual(self.download(self.auditor, year=2022).status_code, 403)

    def test_it_requires_login(self):
        response = self.client.get(self.url, {"year": 2022})
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])


class DemoCasebookTests(TestCase):
    """The demo's 十大创新特色案例 of 2022 compile into the seed's casebook."""

    @classmethod
    def setUpTestData(cls):
        from tongxin.accounts.models import User
        from tongxin.ops.demo.accounts import load_demo_accounts
        from tongxin.ops.demo.ledger import load_demo_ledger

        load_demo_accounts()
        load_demo_ledger()
        cls.editor = User.objects.get(username="editor")

    def test_the_ten_innovation_cases_of_2022_compile(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("reports:casebook"), {"year": 2022, "tag": "十大创新特色案例"}, secure=True
        )
        self.assertEqual(response.status_code, 200)
        paragraphs = body_paragraphs(response.content)
        headings = [text_of(p) for p in paragraphs if is_case_heading(p)]
        self.assertEqual(len(headings), 10)
        self.assertTrue(all("十大创新特色案例" in h for h in headings))
        texts = [text_of(p) for p in paragraphs]
        self.assertIn("2022年度统战工作十大创新特色案例汇编", texts)
        for i, heading in enumerate(headings, start=1):
            self.assertIn(f"{i}. {heading}", texts)
