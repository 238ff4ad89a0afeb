from tongxin.browser_testing import BrowserTestCase
from tongxin.testing import PASSWORD


class LoginInTheBrowserTests(BrowserTestCase):
    def test_a_reporter_logs_in_sees_the_chinese_home_page_and_logs_out(self):
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("text=广汉填报员，您好")
        self.assertEqual(self.page.get_attribute("html", "lang"), "zh-hans")
        self.assertIn("台账", self.page.inner_text("#main-nav"))
        desktop, phone = self.screenshot_both_widths("home")
        self.assertGreater(desktop.stat().st_size, 10_000)
        self.assertGreater(phone.stat().st_size, 10_000)
        self.assert_fits_phone_width()

        self.page.click("text=退出登录")
        self.page.wait_for_selector("text=登录同心统战工作平台")
        self.page.goto(self.url("/"))
        self.assertIn("/accounts/login/", self.page.url)

    def test_the_phone_menu_opens_the_navigation(self):
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("text=广汉填报员，您好")
        self.assertFalse(self.page.is_visible("#main-nav"))
        self.page.click(".nav-toggle")
        self.assertTrue(self.page.is_visible("#main-nav"))

    def test_the_login_page_fits_a_phone(self):
        self.page.goto(self.url("/accounts/login/"))
        self.screenshot_both_widths("login")
        self.assert_fits_phone_width()
