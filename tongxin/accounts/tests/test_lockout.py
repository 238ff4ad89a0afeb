import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tongxin.accounts.models import LoginAddress, User
from tongxin.accounts.services.users import user_unlock
from tongxin.audit.models import AuditEvent
from tongxin.testing import PASSWORD, CastTestCase


class LoginAttempts(CastTestCase):
    def attempt(self, username, password, address="10.0.0.1", **extra):
        self.client.logout()
        return self.client.post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            **extra,
        )


class AccountLockTests(LoginAttempts):
    def test_five_failures_lock_the_account_and_the_right_password_is_then_refused(self):
        for _ in range(4):
            self.assertContains(self.attempt("gh", "wrong-password"), "用户名或密码不正确")
        response = self.attempt("gh", "wrong-password")
        self.assertContains(response, "已被锁定")
        response = self.attempt("gh", PASSWORD)
        user = User.objects.get(username="gh")
        until = f"{timezone.localtime(user.locked_until):%H:%M}"
        self.assertContains(response, f"该账号因连续5次登录失败已被锁定，请于{until}后重试。")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertAlmostEqual(
            user.locked_until,
            timezone.now() + dt.timedelta(minutes=15),
            delta=dt.timedelta(seconds=5),
        )

    def test_failures_from_different_addresses_count_together(self):
        for i in range(5):
            self.attempt("gh", "wrong-password", address=f"10.0.1.{i}")
        self.assertContains(self.attempt("gh", PASSWORD, address="10.0.2.1"), "已被锁定")

    def test_the_lock_ends_after_fifteen_minutes(self):
        for _ in range(5):
            self.attempt("gh", "wrong-password")
        User.objects.filter(username="gh").update(
            locked_until=timezone.now() - dt.timedelta(seconds=1)
        )
        response = self.attempt("gh", PASSWORD)
        self.assertEqual(response.status_code, 302)
        unlock = AuditEvent.objects.get(action="auth.unlock")
        self.assertEqual(unlock.after, {"reason": "expired"})

    def test_a_success_resets_the_count(self):
        for _ in range(4):
            self.attempt("gh", "wrong-password")
        self.assertEqual(self.attempt("gh", PASSWORD).status_code, 302)
        for _ in range(4):
            self.attempt("gh", "wrong-password")
        self.assertEqual(self.attempt("gh", PASSWORD).status_code, 302)

    def test_the_system_administrator_unlocks_an_account(self):
        for _ in range(5):
            self.attempt("gh", "wrong-password")
        user_unlock(actor=self.sysadmin, user=User.objects.get(username="gh"))
        self.assertEqual(self.attempt("gh", PASSWORD).status_code, 302)
        event = AuditEvent.objects.get(action="auth.unlock")
        self.assertEqual(event.actor, self.sysadmin)

    def test_every_failure_lock_refusal_and_login_is_audited(self):
        for _ in range(5):
            self.attempt("gh", "wrong-password")
        self.attempt("gh", PASSWORD)
        actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
        login_actions = [a for a in actions if a.startswith("auth.")]
        self.assertEqual(
            login_actions,
            ["auth.login_failed"] * 5 + ["auth.lock", "auth.login_refused"],
        )
        failed = AuditEvent.objects.filter(action="auth.login_failed").first()
        self.assertEqual((failed.actor_name, failed.client_ip), ("gh", "10.0.0.1"))
        lock = AuditEvent.objects.get(action="auth.lock")
        self.assertEqual(lock.object_id, str(self.guanghan_reporter.pk))


@override_settings(LOGIN_ADDRESS_FREE_FAILURES=10)
class AddressDelayTests(LoginAttempts):
    def test_an_address_failing_across_accounts_is_slowed_not_locked(self):
        # An office behind one NAT address: ten people mistype once each.
        for i in range(10):
            self.assertContains(self.attempt(f"nobody{i}", "wrong"), "用户名或密码不正确")
        self.attempt("nobody10", "wrong")  # the 11th: a delay of 1 s starts
        response = self.attempt("gh", PASSWORD)
        self.assertContains(response, "从您所在地址登录失败的次数过多，请1秒后重试。")
        # Another address is not affected, and no account was locked.
        self.assertEqual(self.attempt("gh", PASSWORD, address="10.9.9.9").status_code, 302)
        self.assertFalse(User.objects.filter(locked_until__isnull=False).exists())

    def test_the_delay_doubles_and_then_lets_the_address_in(self):
        row = LoginAddress.objects.create(
            address="10.0.0.1", failures=12, window_start=timezone.now()
        )
        self.attempt("nobody", "wrong")  # the 13th failure: 2 ** 2 seconds
        row.refresh_from_db()
        delay = (row.blocked_until - timezone.now()).total_seconds()
        self.assertTrue(3 < delay <= 4, delay)
        LoginAddress.objects.filter(pk=row.pk).update(
            blocked_until=timezone.now() - dt.timedelta(seconds=1)
        )
        self.assertEqual(self.attempt("gh", PASSWORD).status_code, 302)

    def test_the_count_starts_again_after_the_window(self):
        LoginAddress.objects.create(
            address="10.0.0.1",
            failures=50,
            window_start=timezone.now() - dt.timedelta(minutes=16),
        )
        self.attempt("nobody", "wrong")
        self.assertEqual(LoginAddress.objects.get(address="10.0.0.1").failures, 1)


class ClientAddressTests(LoginAttempts):
    def test_a_forwarding_header_is_ignored_without_a_trusted_proxy(self):
        self.attempt("gh", "wrong", address="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
        event = AuditEvent.objects.get(action="auth.login_failed")
        self.assertEqual(event.client_ip, "10.0.0.7")
        self.assertTrue(LoginAddress.objects.filter(address="10.0.0.7").exists())
        self.assertFalse(LoginAddress.objects.filter(address="1.2.3.4").exists())

    @override_settings(CLIENT_IP_HEADER="X-Real-IP")
    def test_the_trusted_proxy_header_names_the_client(self):
        self.attempt("gh", "wrong", address="127.0.0.1", HTTP_X_REAL_IP="10.3.3.3")
        event = AuditEvent.objects.get(action="auth.login_failed")
        self.assertEqual(event.client_ip, "10.3.3.3")
        self.assertTrue(LoginAddress.objects.filter(address="10.3.3.3").exists())

    @override_settings(CLIENT_IP_HEADER="X-Real-IP")
    def test_another_header_is_still_ignored_behind_the_proxy(self):
        self.attempt("gh", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        event = AuditEvent.objects.get(action="auth.login_failed")
        self.assertEqual(event.client_ip, "127.0.0.1")
