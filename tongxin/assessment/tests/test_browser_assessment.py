import datetime as dt
from decimal import Decimal

from tongxin.assessment.services import evaluation as evaluation_services
from tongxin.assessment.services import meetings as meeting_services
from tongxin.assessment.services import programmes as programme_services
from tongxin.assessment.services import schemes as scheme_services
from tongxin.assessment.services import sites as site_services
from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.services import indicator_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.testing import PASSWORD


class AssessmentInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        for i, reporter in enumerate([self.guanghan_reporter] * 2 + [self.shifang_reporter]):
            record = record_create(
                actor=reporter,
                unit=reporter.unit,
                record_type=forum,
                date=dt.date(2022, 3 + i, 5),
                title=f"恳谈会{i}",
                count=1,
                submit=True,
            )
            record_approve(actor=self.city_editor, record=record)
        forums = indicator_create(
            actor=None, code="forums", name="恳谈会场次", kind="count", record_types=[forum]
        )
        self.scheme = scheme_services.scheme_create(
            actor=None,
            year=2022,
            name="区县统战工作目标考核",
            units=[self.guanghan, self.shifang],
            unit=self.city,
        )
        scheme_services.scheme_item_add(
            actor=None,
            scheme=self.scheme,
            name="民营企业家恳谈会",
            kind="indicator",
            max_score=Decimal(40),
            indicator=forums,
            method="linear",
            target=Decimal(2),
        )
        self.manual = scheme_services.scheme_item_add(
            actor=None, scheme=self.scheme, name="工作评价", kind="manual", max_score=Decimal(30)
        )

    def test_an_editor_scores_publishes_and_reads_the_ranking(self):
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url(f"/assessment/items/{self.manual.pk}/scores/"))
        row = self.page.locator(f"[data-testid=score-{self.shifang.pk}]")
        row.locator("input[name=score]").fill("28")
        row.locator("input[name=comment]").fill("成效突出")
        row.locator("button").click()
        self.page.wait_for_selector("text=已保存什邡市的评分")
        self.page.goto(self.url(f"/assessment/{self.scheme.pk}/"))
        self.page.click("[data-testid=publish]")
        self.page.wait_for_selector("text=考核结果已发布，方案已冻结。")
        self.assertEqual(self.page.inner_text("[data-testid=scheme-status]"), "已发布")
        ranking = self.page.inner_text("[data-testid=ranking]")
        self.assertIn("什邡市", ranking)
        first = self.page.locator("[data-testid=ranking] tbody tr").first.inner_text()
        self.assertIn("什邡市", first)  # 20 + 28 = 48 against 广汉市's 40
        self.assertIn("48.00", first)
        self.page.click(f"[data-testid=ranking] a[href='#unit-{self.shifang.pk}']")
        breakdown = self.page.locator(f"[data-testid=breakdown-{self.shifang.pk}]")
        breakdown.locator("summary").click()
        self.assertIn("成效突出", breakdown.inner_text())
        self.assertEqual(self.page.locator("[data-testid=publish]").count(), 0)
        self.screenshot_both_widths("assessment-ranking")
        self.assert_fits_phone_width()
        # The frozen scheme refuses a score change.
        self.page.goto(self.url(f"/assessment/items/{self.manual.pk}/scores/"))
        self.assertIn("考核方案已发布，不能再修改。", self.page.inner_text("main"))
        self.assertEqual(self.page.locator("[data-testid=score-entry] form").count(), 0)

    def test_a_rating_link_votes_once_and_no_page_shows_who_voted_what(self):
        evaluation = evaluation_services.evaluation_create(
            actor=None, scheme=self.scheme, item=self.manual, title="述职民主测评", token_count=2
        )
        token = evaluation.tokens.first().token
        self.page.goto(self.url(f"/assessment/rate/{token}/"))
        self.page.check(f"input[name=unit_{self.guanghan.pk}][value=good]")
        self.page.check(f"input[name=unit_{self.shifang.pk}][value=fair]")
        self.screenshot_both_widths("assessment-rate")
        self.assert_fits_phone_width()
        self.page.click("[data-testid=rate-form] button[type=submit]")
        self.page.wait_for_selector("[data-testid=rate-done]")
        self.page.goto(self.url(f"/assessment/rate/{token}/"))
        self.assertIn("该测评链接已使用", self.page.inner_text("[data-testid=rate-closed]"))
        self.assertEqual(self.page.locator("[data-testid=rate-form]").count(), 0)

        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url(f"/assessment/evaluations/{evaluation.pk}/"))
        self.assertEqual(self.page.inner_text("[data-testid=used-count]"), "1 / 2")
        self.assertNotIn(token, self.page.content())
        self.page.goto(self.url(f"/assessment/evaluations/{evaluation.pk}/tokens/"))
        self.assertNotIn(token, self.page.content())
        self.assertEqual(self.page.locator("[data-testid=token-list] tbody tr").count(), 1)
        self.assert_fits_phone_width()

    def test_the_registry_pages_fit_a_phone(self):

        site_meeting = RecordType.objects.get(code="site_meeting")
        meeting_services.recurring_meeting_create(
            actor=None,
            name="全市基层统战工作现场推进会",
            unit=self.city,
            record_type=site_meeting,
            per_year=4,
            start_year=2022,
        )
        site = site_services.site_create(
            actor=self.guanghan_reporter,
            name="三星堆同心驿站",
            unit=self.guanghan,
            category="base",
            designation="“同心德阳”统战工作基地",
            designated_on=dt.date(2022, 6, 1),
        )
        programme_services.secondment_batch_create(
            actor=self.city_editor,
            unit=self.city,
            batch=4,
            persons=[
                {"person_name": "张明", "home_unit": "民盟德阳市委会", "host_unit": "德阳市商务局"}
            ],
            start=dt.date(2022, 3, 17),
        )
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        pages = {
            "assessment-meetings": "/assessment/meetings/",
            "assessment-site": f"/assessment/sites/{site.pk}/",
            "assessment-programmes": "/assessment/programmes/?year=2022",
            "assessment-scores": f"/assessment/items/{self.manual.pk}/scores/",
            "assessment-draft": f"/assessment/{self.scheme.pk}/",
        }
        for name, path in pages.items():
            with self.subTest(name):
                self.page.goto(self.url(path))
                self.screenshot_both_widths(name)
                self.assert_fits_phone_width()
        self.page.goto(self.url("/assessment/meetings/"))
        self.assertIn("未按期召开", self.page.inner_text("[data-testid=meeting-list]"))

    def test_an_editor_edits_the_draft_scheme_and_an_item(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url(f"/assessment/{self.scheme.pk}/"))
        self.page.click("[data-testid=scheme-edit]")
        self.page.wait_for_selector("[data-testid=scheme-form]")
        self.screenshot_both_widths("assessment-scheme-edit")
        self.assert_fits_phone_width()
        self.page.fill("input[name=name]", "区县统战工作目标考核（修订）")
        self.page.uncheck(f"input[name=units][value='{self.shifang.pk}']")
        self.page.click("[data-testid=scheme-form] button[type=submit]")
        self.page.wait_for_selector("text=已保存考核方案。")
        self.assertIn("区县统战工作目标考核（修订）", self.page.inner_text("h1"))

        self.page.click(f"[data-testid=item-edit-{self.manual.pk}]")
        self.page.wait_for_selector("[data-testid=item-form]")
        self.screenshot_both_widths("assessment-item-edit")
        self.assert_fits_phone_width()
        # An indicator item without its indicator comes back with the service's message.
        self.page.select_option("select[name=kind]", "indicator")
        self.page.click("[data-testid=item-form] button[type=submit]")
        self.page.wait_for_selector("text=指标得分项须选择指标。")
        self.page.select_option("select[name=kind]", "manual")
        self.page.fill("input[name=max_score]", "25")
        self.page.click("[data-testid=item-form] button[type=submit]")
        self.page.wait_for_selector("text=已保存考核项目。")
        self.manual.refresh_from_db()
        self.assertEqual(self.manual.max_score, Decimal(25))

        scheme_services.scheme_publish(actor=None, scheme=self.scheme)
        self.page.goto(self.url(f"/assessment/items/{self.manual.pk}/edit/"))
        self.assertIn("考核方案已发布，不能再修改。", self.page.inner_text("main"))
        self.assertEqual(self.page.locator("[data-testid=item-form]").count(), 0)

    def test_an_editor_keeps_the_provincial_tier_beside_the_rank(self):
        from tongxin.indicators.services import manual_value_set, target_set

        rank = indicator_create(
            actor=None,
            code="provincial_rank",
            name="全省统战工作目标考核排名",
            kind="manual",
            unit_word="名",
            higher_is_better=False,
        )
        for year, value in ((2021, 6), (2022, 5)):
            manual_value_set(
                actor=None, indicator=rank, unit=self.city, year=year, value=Decimal(value)
            )
        target_set(
            actor=None,
            indicator=rank,
            unit=self.city,
            year=2022,
            value=Decimal(3),
            floor=Decimal(5),
        )
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url("/assessment/provincial/?year=2022"))
        form = self.page.locator("[data-testid=standing-form]")
        self.assertEqual(form.locator("input[name=slogan]").input_value(), "保五奔三")
        form.locator("input[name=tier]").fill("第一方阵")
        form.locator("input[name=target_tier]").fill("第一方阵")
        form.locator("button[type=submit]").click()
        self.page.wait_for_selector("text=已保存2022年的省级考核方阵。")
        row = self.page.locator("[data-testid=standing-history] tr[data-year='2022']")
        self.assertIn("第一方阵", row.inner_text())
        self.assertIn("保五奔三", row.inner_text())
        self.screenshot_both_widths("assessment-standing")
        self.assert_fits_phone_width()
        self.page.goto(self.url("/indicators/?period=2022-Y"))
        card = self.page.locator("[data-testid=standing-provincial_rank]")
        self.assertIn("2022年：第一方阵", card.inner_text())
        card.scroll_into_view_if_needed()
        self.screenshot_both_widths("assessment-standing-dashboard")
        self.assert_fits_phone_width()
