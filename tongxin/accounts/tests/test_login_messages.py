"""Messages that must not tell an attacker more than a user needs: the lock message
is the same for names with and without an account; a throttled second factor says
how long to wait rather than that the code was wrong."""

import datetime as dt
from unittest import mock

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.accounts.tests.test_lockout import LoginAttempts
from tongxin.testing import PASSWORD, totp_code

NOW = timezone.now().replace(second=0, microsecond=0)


@mock.patch("tongxin.accounts.services.login._now", lambda: NOW)
class NoEnumerationTests(LoginAttempts):
    def messages_after_failures(self, username, address):
        answers = [self.attempt(username, "wrong-password", address=address) for _ in range(6)]
        return [a.context["form"].non_field_errors() for a in answers]

    def test_an_unknown_name_is_locked_with_the_same_message_as_a_real_account(self):
        real = self.messages_after_failures("gh", "10.0.3.1")
        unknown = self.messages_after_failures("nobody-here", "10.0.3.2")
        self.assertEqual(real, unknown)
        self.assertIn("已被锁定", str(unknown[4]))
        self.assertIn("已被锁定", str(unknown[5]))

    def test_the_lockout_of_a_real_account_still_holds_the_right_password(self):
        self.messages_after_failures("gh", "10.0.3.3")
        response = self.attempt("gh", PASSWORD, address="10.0.3.4")
        self.assertContains(response, "已被锁定")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertGreater(User.objects.get(username="gh").locked_until, NOW)

    def test_an_unknown_names_lock_runs_out_like_an_accounts(self):
        self.messages_after_failures("nobody-here", "10.0.3.5")
        later = NOW + dt.timedelta(minutes=16)
        with mock.patch("tongxin.accounts.services.login._now", lambda: later):
            response = self.attempt("nobody-here", "wrong-password", address="10.0.3.6")
        self.assertContains(response, "用户名或密码不正确")


class ThrottledSecondFactorTests(LoginAttempts):
    @override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
    def test_a_throttled_code_entry_says_how_long_to_wait(self):
        self.client.force_login(self.auditor, verified=False)
        session = self.client.session
        session["tongxin_otp_enabled"] = True
        session.save()
        wrong = self.client.post(reverse("accounts:otp_verify"), {"token": "000000"})
        self.assertContains(wrong, "验证码不正确")
        # The right code, too soon: refused by the throttle, and said so.
        response = self.client.post(
            reverse("accounts:otp_verify"), {"token": totp_code(self.auditor_totp)}
        )
        self.assertContains(response, "请稍候")
        self.assertRegex(response.content.decode(), r"请稍候 (59|60) 秒")
        self.assertNotContains(response, "验证码不正确")
