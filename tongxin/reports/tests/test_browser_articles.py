from tongxin.browser_testing import BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.reference_testing import reference_seed
from tongxin.testing import PASSWORD


class ArticleIngestInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()

    def test_an_article_is_read_its_figures_ticked_and_drafts_made(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url("/reports/articles/new/"))
        self.page.fill("#id_text", reference_seed("deyang-2022-review.txt").read_text("utf-8"))
        self.screenshot_both_widths("article-new")
        self.page.click("main button.primary")
        # The facts step (issue 19): read from the text, editable before saving.
        self.page.wait_for_selector("[data-testid=article-facts]")
        self.assertEqual(self.page.input_value("#id_outlet"), "中新网四川")
        self.assertEqual(self.page.input_value("#id_published_on"), "2023-02-18")
        self.screenshot_both_widths("article-facts")
        self.assert_fits_phone_width()
        self.page.click("button[name=confirm]")
        self.page.wait_for_selector("text=文章已读入")
        self.assertIn("凝心聚力谱新篇", self.page.inner_text("h1"))
        self.assertEqual(self.page.locator("mark.corrupt").count(), 1)
        self.assertGreater(self.page.locator("mark.claim").count(), 20)
        self.screenshot_both_widths("article-detail")
        self.assert_fits_phone_width()
        # tick 62.38亿元 and record it as credit signed
        item = self.page.locator(".claim-list li", has_text="62.38亿元")
        item.locator("input[type=checkbox]").check()
        item.locator("select").select_option(label="授信签约")
        self.page.click('button:has-text("生成草稿记录")')
        self.page.wait_for_selector("text=已生成 1 条草稿记录")
        draft = WorkRecord.objects.get(status=RecordStatus.DRAFT)
        self.assertEqual(draft.amount, 6238000000)
        self.assertEqual(str(draft.date), "2023-02-18")
