import base64
import binascii

from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import User
from tongxin.browser_testing import BrowserTestCase
from tongxin.testing import PASSWORD


def code_for(secret_text: str) -> str:
    """What an authenticator app shows for the secret the enrolment page printed."""
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


class LockoutInTheBrowserTests(BrowserTestCase):
    def test_five_bad_passwords_lock_the_account_and_the_sixth_is_refused(self):
        for _ in range(5):
            self.log_in("gh", "not-the-password")
            self.page.wait_for_selector(".form-error")
        self.log_in("gh", PASSWORD)  # the right one, now refused
        message = self.page.inner_text(".form-error")
        until = timezone.localtime(User.objects.get(username="gh").locked_until)
        self.assertEqual(message, f"该账号因连续5次登录失败已被锁定，请于{until:%H:%M}后重试。")
        self.assertIn("/accounts/login/", self.page.url)
        self.screenshot_both_widths("login-locked")
        self.assert_fits_phone_width()


class AdministratorEnrolmentInTheBrowserTests(BrowserTestCase):
    def test_an_administrator_reaches_no_page_before_enrolling_totp(self):
        TOTPDevice.objects.filter(user=self.sysadmin).delete()
        self.log_in("sysadmin", PASSWORD)
        self.page.wait_for_selector("text=绑定身份验证器")
        for path in ("/", "/accounts/users/", "/accounts/units/", "/accounts/security/"):
            self.page.goto(self.url(path))
            self.assertIn("/accounts/otp/enrol/", self.page.url, path)
        self.assertTrue(self.page.is_visible("[data-testid=otp-qr] svg"))
        self.screenshot_both_widths("otp-enrol")
        self.assert_fits_phone_width()

        secret = self.page.inner_text("[data-testid=otp-secret]")
        self.page.fill("#id_token", code_for(secret))
        self.page.click("button:has-text('完成绑定')")
        self.page.wait_for_selector("[data-testid=recovery-codes]")
        self.assertEqual(self.page.locator("[data-testid=recovery-codes] li").count(), 10)
        self.page.click("text=我已保存，继续")
        self.page.goto(self.url("/accounts/users/"))
        self.page.wait_for_selector("h1:has-text('用户')")
        self.assertIn("/accounts/users/", self.page.url)

    def test_an_enrolled_administrator_gives_the_code_after_the_password(self):
        self.log_in("auditor", PASSWORD)
        self.page.wait_for_selector("text=双因素认证")
        self.assertIn("/accounts/otp/verify/", self.page.url)
        key = binascii.unhexlify(self.auditor_totp.key)
        self.page.fill("#id_token", f"{totp(key):06d}")
        self.page.click("button:has-text('验证')")
        self.page.wait_for_selector("h1:has-text('审计员，您好')")


@override_settings(SESSION_COOKIE_AGE=63, SESSION_IDLE_WARNING_SECONDS=60)
class IdleWarningInTheBrowserTests(BrowserTestCase):
    def test_the_page_warns_before_the_idle_logout_and_continue_keeps_the_session(self):
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("text=广汉填报员，您好")
        warning = self.page.wait_for_selector(
            "[data-testid=idle-warning]", state="visible", timeout=10_000
        )
        self.assertIn("秒后自动退出登录", warning.inner_text())
        self.page.click(".idle-continue")
        self.page.wait_for_selector("[data-testid=idle-warning]", state="hidden")

    @override_settings(SESSION_COOKIE_AGE=2, SESSION_IDLE_WARNING_SECONDS=1)
    def test_after_the_idle_logout_a_new_login_returns_to_the_page(self):
        self.log_in("gh", PASSWORD)
        self.page.wait_for_selector("text=广汉填报员，您好")
        self.page.goto(self.url("/accounts/units/"))
        self.page.wait_for_selector("[data-testid=idle-logout]", timeout=10_000)
        self.assertIn("next=%2Faccounts%2Funits%2F", self.page.url)
        with override_settings(SESSION_COOKIE_AGE=900):
            self.page.fill("#id_username", "gh")
            self.page.fill("#id_password", PASSWORD)
            self.page.click("main button[type=submit]")
            self.page.wait_for_selector("h1:has-text('单位')")
        self.assertTrue(self.page.url.endswith("/accounts/units/"))


class AuditPagesInTheBrowserTests(BrowserTestCase):
    def test_the_auditor_filters_the_trail_on_a_desktop_and_a_phone(self):
        self.log_in("gh", "not-the-password")
        self.page.wait_for_selector(".form-error")
        self.log_in("auditor", PASSWORD)
        key = binascii.unhexlify(self.auditor_totp.key)
        self.page.fill("#id_token", f"{totp(key):06d}")
        self.page.click("button:has-text('验证')")
        self.page.click("#main-nav >> text=审计")
        self.page.select_option("#id_action", "auth.login_failed")
        self.page.click("main button:has-text('查询')")
        self.page.wait_for_selector("text=共 1 条")
        self.assertIn("登录失败", self.page.inner_text("table"))
        self.screenshot_both_widths("audit-list")
        self.assert_fits_phone_width()
