from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tongxin.testing import PASSWORD, CastTestCase


class IdleLogoutTests(CastTestCase):
    def test_a_session_ends_after_fifteen_idle_minutes_by_default(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 15 * 60)
        # Requests restart the clock, but not with a write each (test_session_refresh.py).
        self.assertFalse(settings.SESSION_SAVE_EVERY_REQUEST)

    def test_every_page_tells_the_script_when_to_warn_and_log_out(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get("/")
        self.assertContains(response, 'data-idle-seconds="900"')
        self.assertContains(response, 'data-idle-warning="60"')
        self.assertContains(response, "秒后自动退出登录")
        self.assertContains(response, "继续使用")

    @override_settings(SESSION_COOKIE_AGE=5 * 60)
    def test_the_idle_period_is_configurable(self):
        self.client.force_login(self.guanghan_reporter)
        self.assertContains(self.client.get("/"), 'data-idle-seconds="300"')

    def test_an_expired_session_logs_out_and_the_login_returns_to_the_page(self):
        self.client.force_login(self.guanghan_reporter)
        Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
        response = self.client.get("/ledger/?year=2022")
        login_url = reverse("accounts:login") + "?next=/ledger/%3Fyear%3D2022"
        self.assertRedirects(response, login_url, fetch_redirect_response=False)
        response = self.client.post(
            login_url, {"username": "gh", "password": PASSWORD, "next": "/ledger/?year=2022"}
        )
        self.assertRedirects(response, "/ledger/?year=2022", fetch_redirect_response=False)

    def test_the_login_page_says_why_after_an_idle_logout(self):
        response = self.client.get(reverse("accounts:login") + "?idle=1&next=/ledger/")
        self.assertContains(response, "您因长时间未操作已自动退出登录")
        self.assertContains(response, 'value="/ledger/"')

    def test_continue_refreshes_the_session(self):
        self.client.force_login(self.guanghan_reporter)
        session = Session.objects.get()
        Session.objects.update(expire_date=timezone.now() + timezone.timedelta(seconds=30))
        response = self.client.post(reverse("accounts:session_ping"))
        self.assertEqual(response.status_code, 204)
        session = Session.objects.get(pk=session.pk)
        self.assertGreater(session.expire_date, timezone.now() + timezone.timedelta(minutes=14))

    def test_the_ping_says_when_the_session_is_gone(self):
        self.assertEqual(self.client.post(reverse("accounts:session_ping")).status_code, 401)
