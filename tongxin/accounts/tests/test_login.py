from django.urls import reverse

from tongxin.audit.models import AuditEvent
from tongxin.testing import PASSWORD, CastTestCase


class LoginTests(CastTestCase):
    def test_the_login_page_is_in_chinese(self):
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, "登录同心统战工作平台")
        self.assertContains(response, 'lang="zh-hans"')

    def test_a_reporter_logs_in_and_lands_on_the_home_page(self):
        response = self.client.post(
            reverse("accounts:login"), {"username": "gh", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "广汉填报员，您好")
        self.assertTrue(
            AuditEvent.objects.filter(action="auth.login", actor=self.guanghan_reporter)
        )

    def test_a_wrong_password_gets_a_chinese_message_and_an_audit_row(self):
        response = self.client.post(
            reverse("accounts:login"), {"username": "gh", "password": "wrong"}
        )
        self.assertContains(response, "用户名或密码不正确")
        event = AuditEvent.objects.get(action="auth.login_failed")
        self.assertEqual(event.actor_name, "gh")
        self.assertEqual(event.client_ip, "127.0.0.1")

    def test_logout_is_audited_and_ends_the_session(self):
        self.client.force_login(self.guanghan_reporter)
        self.client.post(reverse("accounts:logout"))
        self.assertTrue(AuditEvent.objects.filter(action="auth.logout"))
        response = self.client.get(reverse("core:home"))
        self.assertRedirects(response, reverse("accounts:login") + "?next=/")

    def test_pages_require_login(self):
        response = self.client.get(reverse("accounts:unit_list"))
        self.assertEqual(response.status_code, 302)
