import io
import zipfile
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from tongxin.audit.models import AuditEvent
from tongxin.indicators.tests.base import IndicatorTestCase
from tongxin.reports import templating
from tongxin.reports.docx_export import review_docx
from tongxin.reports.selectors.reviews import review_version_rendered
from tongxin.reports.services.reviews import review_create, review_sign_off, review_version_save

SOURCE = """# 围绕中心 充分发挥统战法宝作用
**切实排忧纾困。**举办“面对面”恳谈会{{forums}}，参与{{forum_people|approx}}，授信{{credit|money}}。
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ReviewTestCase(IndicatorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.review = review_create(
            actor=cls.city_editor,
            year=2022,
            unit=cls.city,
            title="2022年统战工作综述",
            source=SOURCE,
            created_by=cls.city_editor,
        )


class ReviewRenderTests(ReviewTestCase):
    def test_figures_come_from_the_ledger_in_the_house_style(self):
        rendered = review_version_rendered(self.review.versions.get())
        self.assertIn("举办“面对面”恳谈会4场，参与100余人，授信15亿元。", rendered.text)
        self.assertEqual(rendered.errors, [])

    def test_approving_one_more_record_changes_the_figure(self):
        self.make_record(title="又一场恳谈会", count=1, participants=5, approve=True)
        self.assertIn("恳谈会5场", review_version_rendered(self.review.versions.get()).text)

    def test_the_preview_links_each_figure_to_its_drilldown(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("reports:review_detail", args=[self.review.pk]))
        url = reverse("indicators:drilldown", args=["forums", self.city.pk])
        self.assertContains(response, f'<a class="figure" href="{url}?period=2022-Y"')

    def test_an_unknown_indicator_is_shown_at_its_spot(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("reports:review_preview", args=[self.review.pk]), {"source": "共{{no_such}}。"}
        )
        self.assertContains(response, "【未知指标“no_such”】")


class ReviewPageQueryTests(ReviewTestCase):
    """A draft's page computes its figures in one table: the queries do not grow with
    the number of placeholders, figures or paragraphs."""

    # The same three indicators as SOURCE, in 40 placeholders over 10 sections.
    LONG = "\n".join(
        f"# 第{i}部分\n## 小节{i}\n**做法{i}。**恳谈会{{{{forums}}}}，"
        f"参与{{{{forum_people|approx}}}}，授信{{{{credit|money}}}}。\n"
        f"又举办恳谈会{{{{forums|bare}}}}场。"
        for i in range(10)
    )

    def page_queries(self) -> tuple[int, int]:
        """(queries from the cached passes, queries right after the cache is emptied)."""
        url = reverse("reports:review_detail", args=[self.review.pk])
        self.client.get(url)  # the session's refresh after the login, the passes cached
        counts = []
        for emptied in (False, True):
            if emptied:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        return counts[0], counts[1]

    def test_the_draft_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.city_editor)
        url = reverse("reports:review_detail", args=[self.review.pk])
        self.client.get(url)
        # session, user, review, its versions (once for the shown one and the list),
        # indicators, definitions (3 link tables), unit paths, the year's data token,
        # the inbox count, comments
        with self.assertNumQueries(12):
            response = self.client.get(url)
        figure = reverse("indicators:drilldown", args=["forums", self.city.pk])
        self.assertContains(
            response,
            f'恳谈会<a class="figure" href="{figure}?period=2022-Y" title="forums">4场</a>',
        )

    def test_more_figures_and_paragraphs_read_no_more_queries(self):
        self.client.force_login(self.city_editor)
        short = self.page_queries()
        review_version_save(
            actor=self.city_editor, review=self.review, source=self.LONG, note="", based_on=1
        )
        self.assertEqual(len(review_version_rendered(self.review.versions.first()).values), 3)
        self.assertEqual(self.page_queries(), short)


class ReviewVersionTests(ReviewTestCase):
    def test_saving_makes_a_new_version_and_refuses_a_stale_one(self):
        review_version_save(
            actor=self.city_editor, review=self.review, source=SOURCE + "x", note="补充", based_on=1
        )
        with self.assertRaises(ValidationError):
            review_version_save(
                actor=self.city_editor, review=self.review, source="y", note="", based_on=1
            )
        self.assertEqual(self.review.versions.count(), 2)

    def test_a_leader_signs_off_and_the_figures_are_frozen(self):
        version = self.review.versions.get()
        with self.assertRaises(PermissionDenied):
            review_sign_off(actor=self.city_editor, version=version)
        review_sign_off(actor=self.leader, version=version)
        version.refresh_from_db()
        self.assertEqual(version.frozen_values["forums"], "4")
        self.assertTrue(AuditEvent.objects.filter(action="review.sign_off").exists())
        with self.assertRaises(ValidationError):
            review_sign_off(actor=self.leader, version=version)

    def test_a_template_with_errors_cannot_be_signed_off(self):
        version = review_version_save(
            actor=self.city_editor, review=self.review, source="{{nope}}", note="", based_on=1
        )
        with self.assertRaises(ValidationError):
            review_sign_off(actor=self.leader, version=version)


class ReviewDocxTests(ReviewTestCase):
    def document_xml(self):
        rendered = review_version_rendered(self.review.versions.get())
        data = review_docx(rendered.title, rendered.blocks)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return etree.fromstring(zf.read("word/document.xml")), zf.read("word/footer1.xml")

    def test_page_margins_and_grid_follow_gbt_9704(self):
        doc, _ = self.document_xml()
        sect = doc.find(f".//{W}sectPr")
        size = sect.find(f"{W}pgSz")
        margins = sect.find(f"{W}pgMar")
        twips_per_mm = Decimal(1440) / Decimal("25.4")
        self.assertEqual(round(int(size.get(f"{W}w")) / twips_per_mm), 210)
        self.assertEqual(round(int(size.get(f"{W}h")) / twips_per_mm), 297)
        for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            self.assertEqual(round(int(margins.get(f"{W}{side}")) / twips_per_mm), mm, side)
        grid = sect.find(f"{W}docGrid")
        self.assertEqual(grid.get(f"{W}type"), "linesAndChars")
        type_height = (
            int(size.get(f"{W}h")) - int(margins.get(f"{W}top")) - int(margins.get(f"{W}bottom"))
        )
        self.assertEqual(type_height // int(grid.get(f"{W}linePitch")), 22)

    def test_fonts_are_set_for_east_asian_text(self):
        doc, footer = self.document_xml()
        fonts = [f.get(f"{W}eastAsia") for f in doc.iter(f"{W}rFonts")]
        self.assertEqual(fonts[0], "方正小标宋简体")
        self.assertIn("黑体", fonts)
        self.assertIn("楷体_GB2312", fonts)
        self.assertIn("仿宋_GB2312", fonts)
        sizes = [s.get(f"{W}val") for s in doc.iter(f"{W}sz")]
        self.assertEqual(sizes[0], "44")  # 22 pt title
        self.assertIn("32", sizes)  # 16 pt body
        self.assertIn(b"PAGE", footer)
        self.assertIn("— ".encode(), footer)

    def test_the_docx_downloads(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("reports:review_docx", args=[self.review.pk]))
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    def test_each_document_holds_only_its_own_review(self):
        def texts(data: bytes) -> tuple[str, str]:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                body = etree.fromstring(zf.read("word/document.xml"))
                core = zf.read("docProps/core.xml").decode()
            return "".join(t.text for t in body.iter(f"{W}t")), core

        review_docx("甲年综述", templating.render("第一段。", {}, {}))
        body, core = texts(review_docx("乙年综述", templating.render("第二段。", {}, {})))
        self.assertEqual(body, "乙年综述第二段。")
        self.assertIn("乙年综述", core)
        self.assertNotIn("甲年综述", core)
