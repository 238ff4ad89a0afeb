"""The two-person rule in the browser, at desktop and phone width: one administrator
requests, another approves, the target redeems both halves and enrols its own
authenticator."""

import binascii

from django_otp.oath import totp

from tongxin.accounts.tests.test_browser_security import code_for
from tongxin.browser_testing import BrowserTestCase
from tongxin.testing import PASSWORD

NEW_PASSWORD = "Own-choice-2026!"


class TwoPersonInTheBrowserTests(BrowserTestCase):
    def log_in_with_code(self, username):
        self.context.clear_cookies()
        self.log_in(username, PASSWORD)
        self.page.wait_for_selector("#id_token")
        key = binascii.unhexlify(getattr(self, f"{username}_totp").key)
        self.page.fill("#id_token", f"{totp(key):06d}")
        self.page.click("button:has-text('验证')")
        self.page.wait_for_selector("h1:has-text('您好')")

    def test_a_password_reset_needs_two_and_the_target_gets_back_in_alone(self):
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.log_in_with_code("sysadmin")
        self.page.goto(self.url("/accounts/admin-requests/new/"))
        self.screenshot_both_widths("admin-request-form")
        self.assert_fits_phone_width()
        self.page.fill("#id_username", "auditor")
        self.page.select_option("#id_action", "password_reset")
        self.page.fill("#id_reason", "本人忘记密码")
        self.page.click("button:has-text('提交申请')")
        half_a = self.page.inner_text("[data-testid=credential-half]")
        self.screenshot_both_widths("admin-request-half")
        self.assert_fits_phone_width()

        self.log_in_with_code("secadmin")
        self.page.goto(self.url("/accounts/admin-requests/"))
        self.page.wait_for_selector("[data-testid=awaiting-request]")
        self.screenshot_both_widths("admin-request-list")
        self.assert_fits_phone_width()
        self.page.click("[data-testid=awaiting-request] button:has-text('批准')")
        half_b = self.page.inner_text("[data-testid=credential-half]")
        self.assertNotEqual(half_a, half_b)

        self.context.clear_cookies()
        self.page.goto(self.url("/accounts/login/"))
        self.page.click("text=管理员凭两段一次性凭据启用账号")
        self.page.fill("#id_username", "auditor")
        self.page.fill("#id_half_a", half_a)
        self.page.fill("#id_half_b", half_b)
        self.page.fill("#id_password1", NEW_PASSWORD)
        self.page.fill("#id_password2", NEW_PASSWORD)
        self.screenshot_both_widths("admin-activate")
        self.assert_fits_phone_width()
        self.page.click("button:has-text('设置密码并继续')")
        self.page.wait_for_selector("[data-testid=otp-secret]")
        secret = self.page.inner_text("[data-testid=otp-secret]")
        self.page.fill("#id_token", code_for(secret))
        self.page.click("button:has-text('完成绑定')")
        self.page.wait_for_selector("[data-testid=recovery-codes]")
        self.page.goto(self.url("/audit/"))
        self.assertIn("/audit/", self.page.url)
