from tongxin.browser_testing import PHONE, BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.testing import PASSWORD


class ReviewInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()

    def log_out(self):
        self.page.click("text=退出登录")
        self.page.wait_for_selector("text=登录同心统战工作平台")

    def walk_the_review(self, title: str, shot: str):
        # A reporter creates a forum record and submits it.
        self.log_in("gh", PASSWORD)
        self.page.goto(self.url("/ledger/records/new/"))
        self.page.select_option("#id_record_type", label="恳谈会")
        self.assertTrue(self.page.is_visible("#id_participants"))
        self.assertFalse(self.page.is_visible("#id_amount"))
        self.page.fill("#id_date", "2022-04-08")
        self.page.fill("#id_title", title)
        self.page.fill("#id_count", "1")
        self.page.fill("#id_participants", "35")
        self.screenshot_both_widths(f"{shot}-form")
        self.page.click("button[name=submit]")
        self.page.wait_for_selector("text=记录已提交审核")
        record = WorkRecord.objects.get(title=title)
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.log_out()

        # The department returns it with a reason.
        self.log_in("editor", PASSWORD)
        self.page.goto(self.url("/ledger/inbox/"))
        self.page.click(f"text={title}")
        self.page.fill("#id_reason", "请补充佐证材料")
        self.page.click("button[value=return]")
        self.page.wait_for_selector("text=记录已退回")
        self.log_out()

        # The reporter sees why, resubmits.
        self.log_in("gh", PASSWORD)
        self.page.goto(self.url("/ledger/inbox/"))
        self.assertIn("请补充佐证材料", self.page.inner_text("main"))
        self.page.click(f"text={title}")
        self.page.click("button[value=submit]")
        self.page.wait_for_selector("text=记录已提交审核")
        self.log_out()

        # The department approves; the record now counts.
        self.log_in("editor", PASSWORD)
        self.page.goto(self.url(f"/ledger/records/{record.pk}/"))
        self.page.click("button[value=approve]")
        self.page.wait_for_selector("text=记录已审核通过")
        self.screenshot_both_widths(f"{shot}-detail")
        self.assert_fits_phone_width()
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.APPROVED)

    def test_create_submit_return_resubmit_approve_on_a_desktop(self):
        self.walk_the_review("广汉市新生代企业家座谈会", "ledger-desktop")

    def test_the_same_on_a_phone(self):
        self.context.close()
        self.context = self.browser.new_context(
            viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True
        )
        self.watch_csp(self.context)
        self.page = self.context.new_page()
        # The phone navigation is folded; the flow uses direct links and buttons.
        self.walk_the_review("广汉市手机填报的恳谈会", "ledger-phone")

    def test_list_and_inbox_fit_a_phone(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        for path, name in (("/ledger/", "ledger-list"), ("/ledger/inbox/", "inbox")):
            self.page.goto(self.url(path))
            self.screenshot_both_widths(name)
            self.assert_fits_phone_width()
