import datetime as dt
from decimal import Decimal

from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.services import indicator_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.reports.models import Review
from tongxin.reports.services.reviews import review_create, review_sign_off
from tongxin.testing import PASSWORD

SOURCE_2022 = """# 围绕中心 充分发挥统战法宝作用
**切实排忧纾困。**举办“面对面”恳谈会{{forums}}。
"""


class ReviewLifecycleInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        credit = RecordType.objects.get(code="credit")
        indicator_create(
            actor=None,
            code="forums",
            name="恳谈会场次",
            kind="count",
            unit_word="场",
            record_types=[forum],
        )
        indicator_create(
            actor=None,
            code="forum_people",
            name="恳谈会参与人数",
            kind="sum",
            measure="participants",
            unit_word="人",
            record_types=[forum],
        )
        indicator_create(
            actor=None,
            code="credit",
            name="授信签约金额",
            kind="sum",
            measure="amount",
            unit_word="元",
            record_types=[credit],
        )
        for year in (2022, 2023):
            for n, people in enumerate((40, 47)):
                self.record(forum, dt.date(year, 3, 5 + n), f"{year}恳谈会{n}", participants=people)
            self.record(credit, dt.date(year, 6, 1), f"{year}授信", amount=Decimal("6238000000"))
        self.review_2022 = review_create(
            actor=None,
            year=2022,
            unit=self.city,
            title="2022年统战工作综述",
            source=SOURCE_2022,
            created_by=self.city_editor,
        )
        review_sign_off(actor=self.leader, version=self.review_2022.versions.get())

    def record(self, record_type, date, title, **measures):
        record = record_create(
            actor=self.guanghan_reporter,
            unit=self.guanghan,
            record_type=record_type,
            date=date,
            title=title,
            count=1,
            submit=True,
            **measures,
        )
        record_approve(actor=self.city_editor, record=record)

    def test_an_editor_starts_2023_from_2022_inserts_figures_and_a_leader_signs(self):
        page = self.page
        self.log_in("editor", PASSWORD)
        page.wait_for_selector("text=退出登录")
        page.goto(self.url("/reports/reviews/"))
        page.click("text=新建综述")
        page.fill("#id_year", "2023")
        page.select_option("#id_unit", label=self.city.name)
        self.screenshot_both_widths("review-lifecycle-new")
        page.click("main button.primary")
        page.wait_for_selector("text=已新建2023年综述")
        # The copied paragraph, its lead phrase in its own field; no markup to type.
        paragraph = page.locator(".block-p").first
        self.assertEqual(paragraph.locator("input[name=lead]").input_value(), "切实排忧纾困。")
        text = paragraph.locator("textarea[name=text]")
        text.click()
        text.press("End")
        text.press("Backspace")  # the sentence goes on: drop its 。
        text.type("，参与")
        page.fill("[data-testid=figure-search]", "参与人数")
        page.click(".fc-insert[data-code=forum_people][data-style=approx]")
        text.type("，授信签约")
        page.fill("[data-testid=figure-search]", "授信")
        page.click(".fc-insert[data-code=credit][data-style=money]")
        text.type("。")
        preview = page.locator("#live-preview")
        preview.locator("a.figure", has_text="62.38亿元").wait_for()
        self.assertEqual(preview.locator("a.figure", has_text="80余人").count(), 1)
        self.assertEqual(preview.locator("a.figure", has_text="2场").count(), 1)
        self.screenshot_both_widths("review-lifecycle-editor")
        self.assert_fits_phone_width()
        page.fill("#id_note", "2023年初稿")
        page.click("text=保存为新版本")
        page.wait_for_selector("text=已保存为第 2 版")
        review = Review.objects.get(year=2023, unit=self.city)
        self.assertIn(
            "举办“面对面”恳谈会{{forums}}，参与{{forum_people|approx}}，授信签约{{credit|money}}。",
            review.versions.get(number=2).source,
        )
        page.click("text=退出登录")
        self.log_in("leader", PASSWORD)
        page.wait_for_selector("text=退出登录")
        page.goto(self.url(f"/reports/reviews/{review.pk}/"))
        page.on("dialog", lambda dialog: dialog.accept())
        page.click("text=签发本版本")
        page.wait_for_selector("text=已签发第 2 版")
        page.goto(self.url("/reports/reviews/"))
        rows = page.locator("[data-testid=review-list] tbody tr")
        self.assertEqual(rows.count(), 2)
        self.assertIn("2023", rows.nth(0).inner_text())
        self.assertIn("已签发（第 2 版）", rows.nth(0).inner_text())
        self.assertIn("2022", rows.nth(1).inner_text())
        self.screenshot_both_widths("review-lifecycle-list")
        self.assert_fits_phone_width()
