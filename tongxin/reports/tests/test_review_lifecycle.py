"""Issue 17: new reviews for any year and unit, the structured editor and its figure
picker, publication that stays as signed, corrections approved by a second person."""

import contextlib
import io
import zipfile
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.ledger.closedyears import year_is_closed
from tongxin.ledger.closing import correction_approve, correction_request
from tongxin.ledger.models import WorkRecord
from tongxin.reports.models import Review
from tongxin.reports.review_source import (
    blocks_from_source,
    literal_figures,
    source_from_blocks,
)
from tongxin.reports.selectors.reviews import review_changes_since_publication
from tongxin.reports.services.reviews import (
    review_create,
    review_sign_off,
    review_start,
    review_version_save,
)
from tongxin.reports.tests.test_reviews import SOURCE, ReviewTestCase
from tongxin.testing import PASSWORD


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml").decode()


class SecondEditorMixin:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second_editor = user_create(
            actor=None,
            username="editor2",
            display_name="刘编辑",
            role=Role.EDITOR,
            unit=cls.economy_section,
            password=PASSWORD,
        )


class PublishedAsSignedTests(SecondEditorMixin, ReviewTestCase):
    def setUp(self):
        review_sign_off(actor=self.leader, version=self.review.versions.get())
        record = WorkRecord.objects.get(title="授信签约")
        self.correction = correction_request(
            actor=self.city_editor,
            record=record,
            kind="change",
            reason="签约金额核实为17亿元",
            changes={"amount": "1700000000"},
        )

    def test_a_correction_by_its_own_requester_is_refused(self):
        with self.assertRaises(PermissionDenied) as ctx:
            correction_approve(actor=self.city_editor, correction=self.correction)
        self.assertIn("不能批准自己申请的更正", str(ctx.exception))
        self.correction.refresh_from_db()
        self.assertEqual(self.correction.status, "pending")

    def test_the_published_text_docx_and_command_keep_the_signed_figures(self):
        correction_approve(actor=self.second_editor, correction=self.correction)
        self.client.force_login(self.leader)
        page = self.client.get(reverse("reports:review_detail", args=[self.review.pk]))
        self.assertContains(page, "授信<a")
        self.assertContains(page, ">15亿元</a>")
        self.assertNotContains(page, ">17亿元</a>")
        # The box shows both figures in house style, with the correction behind them.
        self.assertContains(page, "发布时 15亿元 → 现为 17亿元")
        self.assertContains(page, f"更正 #{self.correction.pk}（授信签约：签约金额核实为17亿元）")
        docx = self.client.get(reverse("reports:review_docx", args=[self.review.pk]))
        self.assertIn("15亿元", docx_text(docx.content))
        self.assertNotIn("17亿元", docx_text(docx.content))

    def test_moved_figures_and_their_corrections_are_read_once_for_all(self):
        version = self.review.versions.get()
        correction_approve(actor=self.second_editor, correction=self.correction)
        review_changes_since_publication(version)  # the year's passes cached
        with CaptureQueriesContext(connection) as one:
            changed = review_changes_since_publication(version)
        self.assertEqual([c.code for c in changed], ["credit"])
        forum = correction_request(
            actor=self.city_editor,
            record=WorkRecord.objects.get(title="广汉恳谈会一"),
            kind="change",
            reason="参与人数核实为45人",
            changes={"participants": 45},
        )
        correction_approve(actor=self.second_editor, correction=forum)
        review_changes_since_publication(version)
        with CaptureQueriesContext(connection) as two:
            changed = review_changes_since_publication(version)
        # Each figure with the corrections of its own records' types.
        self.assertEqual(
            {c.code: [k.pk for k in c.corrections] for c in changed},
            {"credit": [self.correction.pk], "forum_people": [forum.pk]},
        )
        self.assertEqual(len(two), len(one))

    def test_the_command_prints_the_signed_figures(self):
        correction_approve(actor=self.second_editor, correction=self.correction)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            call_command("review", "2022", "--published", "--format", "text")
        self.assertIn("授信15亿元", buffer.getvalue())
        self.assertNotIn("17亿元", buffer.getvalue())

    def test_republishing_is_a_new_version_signed_again(self):
        correction_approve(actor=self.second_editor, correction=self.correction)
        with self.assertRaises(ValidationError):
            review_sign_off(actor=self.leader, version=self.review.versions.get())
        version = review_version_save(
            actor=self.city_editor, review=self.review, source=SOURCE, note="更正后重发", based_on=1
        )
        review_sign_off(actor=self.leader, version=version)
        self.review.refresh_from_db()
        self.assertEqual(self.review.published_version.number, 2)
        self.assertEqual(Decimal(version.frozen_values["credit"]), Decimal("1700000000"))
        page = self.client
        page.force_login(self.leader)
        response = page.get(reverse("reports:review_detail", args=[self.review.pk]))
        self.assertContains(response, ">17亿元</a>")
        self.assertNotContains(response, "发布后有变动的数字")


class NewReviewTests(SecondEditorMixin, ReviewTestCase):
    def test_an_editor_starts_next_year_from_last_years_review(self):
        review = review_start(actor=self.city_editor, year=2023, unit=self.city, from_previous=True)
        self.assertEqual(review.title, "2023年统战工作综述")
        self.assertEqual(review.versions.get().source, SOURCE)
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("reports:review_edit", args=[review.pk]))
        # No 2023 records yet: the figures are evaluated for 2023, not copied from 2022.
        self.assertContains(page, ">0场</a>")
        self.assertContains(page, 'name="lead" value="切实排忧纾困。"')

    def test_a_new_review_from_the_default_template_or_refused_without_a_previous_one(self):
        with self.assertRaises(ValidationError):
            review_start(actor=self.city_editor, year=2030, unit=self.city, from_previous=True)
        review = review_start(
            actor=self.city_editor, year=2030, unit=self.guanghan, from_previous=False
        )
        self.assertIn("2030年", review.versions.get().source)
        with self.assertRaises(PermissionDenied):
            review_start(actor=self.leader, year=2031, unit=self.city, from_previous=False)

    def test_the_new_review_page_creates_and_opens_the_editor(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("reports:review_new"),
            {"year": "2023", "unit": self.city.pk, "start": "previous"},
        )
        review = Review.objects.get(year=2023, unit=self.city)
        self.assertRedirects(response, reverse("reports:review_edit", args=[review.pk]))
        listing = self.client.get(reverse("reports:review_list"))
        self.assertContains(listing, "新建综述")
        self.assertContains(listing, "2023年统战工作综述")
        self.assertContains(listing, "起草中")

    def test_only_the_top_units_sign_off_closes_the_year(self):
        county = review_create(
            actor=self.city_editor,
            year=2022,
            unit=self.guanghan,
            title="2022年广汉统战工作综述",
            source="举办恳谈会{{forums}}。",
            created_by=self.city_editor,
        )
        review_sign_off(actor=self.leader, version=county.versions.get())
        self.assertFalse(year_is_closed(2022))
        review_sign_off(actor=self.leader, version=self.review.versions.get())
        self.assertTrue(year_is_closed(2022))

    def test_the_list_shows_state_versions_and_who_signed(self):
        review_sign_off(actor=self.leader, version=self.review.versions.get())
        self.client.force_login(self.leader)
        listing = self.client.get(reverse("reports:review_list"))
        self.assertContains(listing, "已签发（第 1 版）")
        self.assertContains(listing, "<td>王部长</td>")
        self.assertNotContains(listing, "新建综述")  # leaders sign, editors write


class StructuredEditorTests(ReviewTestCase):
    def test_blocks_round_trip_to_the_stored_source(self):
        blocks = blocks_from_source(SOURCE)
        self.assertEqual([b.kind for b in blocks], ["h1", "p"])
        self.assertEqual(blocks[1].lead, "切实排忧纾困。")
        source = source_from_blocks(
            [b.kind for b in blocks], [b.lead for b in blocks], [b.text for b in blocks]
        )
        self.assertEqual(blocks_from_source(source), blocks)

    def test_a_paragraph_typed_with_marks_stays_a_paragraph(self):
        source = source_from_blocks(["p"], [""], ["# 不是标题"])
        self.assertEqual([b.kind for b in blocks_from_source(source)], ["p"])

    def test_saving_the_fields_stores_headings_and_lead_phrases(self):
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("reports:review_edit", args=[self.review.pk]),
            {
                "based_on": "1",
                "kind": ["h1", "p"],
                "lead": ["", "选树典型。"],
                "text": ["围绕中心", "举办恳谈会{{forums}}。"],
                "note": "结构化",
            },
        )
        source = self.review.versions.get(number=2).source
        self.assertIn("# 围绕中心", source)
        self.assertIn("**选树典型。**举办恳谈会{{forums}}。", source)

    def test_the_editor_shows_figures_by_indicator_name_and_reads_them_back(self):
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("reports:review_edit", args=[self.review.pk]))
        self.assertContains(page, "举办“面对面”恳谈会〔恳谈会场次〕，参与〔恳谈会参与人数·余〕")
        self.assertContains(page, "授信〔授信签约金额·金额〕")
        self.assertNotContains(page, "{{forums}}")
        self.client.post(
            reverse("reports:review_edit", args=[self.review.pk]),
            {
                "based_on": "1",
                "kind": ["p"],
                "lead": [""],
                "text": ["参与〔恳谈会参与人数·余〕，授信〔授信签约金额·金额〕，〔没有的指标〕。"],
            },
        )
        self.assertEqual(
            self.review.versions.get(number=2).source,
            "参与{{forum_people|approx}}，授信{{credit|money}}，〔没有的指标〕。\n",
        )
        preview = self.client.post(
            reverse("reports:review_preview", args=[self.review.pk]),
            {"kind": ["p"], "lead": [""], "text": ["共〔没有的指标〕。"]},
        )
        self.assertContains(preview, "没有这个名称的指标")

    def test_the_picker_finds_an_indicator_with_its_printed_figures(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(
            reverse("reports:review_figures", args=[self.review.pk]), {"q": "授信"}
        )
        self.assertContains(response, 'data-code="credit" data-style="money"')
        self.assertContains(response, "15亿元")
        response = self.client.get(
            reverse("reports:review_figures", args=[self.review.pk]), {"q": "参与人数"}
        )
        self.assertContains(response, 'data-token="〔恳谈会参与人数·余〕" data-printed="100余人"')

    def test_literal_years_and_numbers_are_flagged_in_the_preview(self):
        self.assertEqual(
            [lit.text for lit in literal_figures("2021年举办恳谈会{{forums}}，共12场。", 2022)],
            ["2021", "12"],
        )
        self.assertEqual(literal_figures("2022年举办恳谈会{{forums}}。", 2022), [])
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("reports:review_preview", args=[self.review.pk]),
            {"kind": ["p"], "lead": [""], "text": ["2021年举办恳谈会{{forums}}，共12场。"]},
        )
        self.assertContains(
            response, '<mark class="literal" title="年份与本综述的年度（2022年）不同'
        )
        self.assertContains(
            response, '<mark class="literal" title="手写的数字，不是从台账取的">12</mark>'
        )
        self.assertContains(response, '<a class="figure"')


class FrozenValueTests(ReviewTestCase):
    def test_a_signed_version_renders_without_computing_figures(self):
        from tongxin.reports.selectors.reviews import review_version_rendered

        version = self.review.versions.get()
        review_sign_off(actor=self.leader, version=version)
        version.refresh_from_db()
        version.review  # noqa: B018 - loaded before counting
        with self.assertNumQueries(1):
            rendered = review_version_rendered(version)
        self.assertEqual(rendered.values["credit"], Decimal("1500000000"))
