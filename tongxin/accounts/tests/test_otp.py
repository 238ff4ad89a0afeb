import re

from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.roles import Role
from tongxin.accounts.services.admin_requests import admin_request_approve, admin_request_create
from tongxin.accounts.services.otp import otp_disable
from tongxin.audit.models import AuditEvent
from tongxin.testing import PASSWORD, CastTestCase, totp_code


class AdministratorEnrolmentTests(CastTestCase):
    def setUp(self):
        TOTPDevice.objects.filter(user=self.sysadmin).delete()  # a fresh administrator

    def test_an_administrator_reaches_no_page_before_enrolling(self):
        self.client.post(reverse("accounts:login"), {"username": "sysadmin", "password": PASSWORD})
        for url in ("/", reverse("accounts:user_list"), reverse("accounts:unit_list")):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response.url.startswith(reverse("accounts:otp_enrol")))

    def test_the_enrolment_page_shows_a_qr_code_and_confirms_with_a_code(self):
        self.client.force_login(self.sysadmin)
        response = self.client.get(reverse("accounts:otp_enrol") + "?next=/accounts/users/")
        self.assertContains(response, "<svg")
        self.assertContains(response, "管理员账号必须使用双因素认证")
        device = TOTPDevice.objects.get(user=self.sysadmin, confirmed=False)
        self.assertContains(response, response.context["secret"])

        wrong = self.client.post(reverse("accounts:otp_enrol"), {"token": "000000"})
        self.assertContains(wrong, "验证码不正确")

        response = self.client.post(
            reverse("accounts:otp_enrol"),
            {"token": totp_code(device), "next": "/accounts/users/"},
        )
        self.assertContains(response, "恢复码")
        self.assertEqual(len(response.context["codes"]), 10)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get("/accounts/users/").status_code, 200)
        self.assertTrue(AuditEvent.objects.filter(action="otp.enable", actor=self.sysadmin))

    def test_a_role_granted_mid_session_needs_the_second_factor_at_once(self):
        self.client.force_login(self.city_editor)
        self.assertEqual(self.client.get("/").status_code, 200)
        # An administrator's role is granted by two of them (test_two_person_rule.py).
        request, _ = admin_request_create(
            actor=self.secadmin, target=self.city_editor, action="role_set", role=Role.AUDITOR
        )
        admin_request_approve(actor=self.sysadmin, request=request)
        response = self.client.get("/")
        self.assertTrue(response.url.startswith(reverse("accounts:otp_enrol")))


class VerificationTests(CastTestCase):
    def log_in(self):
        return self.client.post(
            reverse("accounts:login"), {"username": "auditor", "password": PASSWORD}
        )

    # The device's own throttle (a doubling wait after each failure) is the library's
    # and tested there; here the right code follows the wrong one at once.
    @override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
    def test_an_enrolled_user_is_asked_for_the_code_after_the_password(self):
        self.log_in()
        response = self.client.get(reverse("audit:event_list"))
        self.assertTrue(response.url.startswith(reverse("accounts:otp_verify")))
        wrong = self.client.post(reverse("accounts:otp_verify"), {"token": "123456"})
        self.assertContains(wrong, "验证码不正确")
        response = self.client.post(
            reverse("accounts:otp_verify"),
            {"token": totp_code(self.auditor_totp), "next": "/audit/"},
        )
        self.assertRedirects(response, "/audit/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/audit/").status_code, 200)
        self.assertEqual(
            list(
                AuditEvent.objects.filter(action__startswith="otp.").values_list(
                    "action", flat=True
                )
            ),
            ["otp.verified", "otp.failed"],
        )

    def test_a_recovery_code_works_once(self):
        self.client.force_login(self.auditor)
        codes = self.client.post(reverse("accounts:otp_recovery_codes")).context["codes"]
        self.client.logout()
        self.log_in()
        response = self.client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/audit/").status_code, 200)
        self.client.logout()
        self.log_in()
        again = self.client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
        self.assertContains(again, "验证码不正确")
        self.assertEqual(StaticToken.objects.count(), 9)


class OptionalSecondFactorTests(CastTestCase):
    def test_any_user_can_enable_it_and_is_then_asked_for_it(self):
        self.client.force_login(self.guanghan_reporter)
        self.assertContains(self.client.get(reverse("accounts:security")), "开启双因素认证")
        page = self.client.get(reverse("accounts:otp_enrol"))
        self.assertNotContains(page, "管理员账号必须使用")
        device = TOTPDevice.objects.get(user=self.guanghan_reporter)
        self.client.post(reverse("accounts:otp_enrol"), {"token": totp_code(device)})
        self.client.logout()
        self.client.post(reverse("accounts:login"), {"username": "gh", "password": PASSWORD})
        response = self.client.get(reverse("ledger:record_list"))
        self.assertTrue(response.url.startswith(reverse("accounts:otp_verify")))

    def test_a_user_may_turn_it_off_but_an_administrator_may_not(self):
        TOTPDevice.objects.create(user=self.guanghan_reporter, confirmed=True)
        self.client.force_login(self.guanghan_reporter)
        self.client.post(reverse("accounts:otp_disable"))
        self.assertFalse(TOTPDevice.objects.filter(user=self.guanghan_reporter).exists())

        self.client.force_login(self.auditor)
        response = self.client.post(reverse("accounts:otp_disable"), follow=True)
        self.assertContains(response, "管理员账号必须使用双因素认证，不能关闭")
        self.assertTrue(TOTPDevice.objects.filter(user=self.auditor).exists())

    def test_the_security_administrator_resets_a_lost_second_factor(self):
        # A business account's; an administrator's needs two (test_two_person_rule.py).
        gh = self.guanghan_reporter
        TOTPDevice.objects.create(user=gh, name="身份验证器", confirmed=True)
        otp_disable(actor=self.secadmin, user=gh)
        self.assertFalse(TOTPDevice.objects.filter(user=gh).exists())
        event = AuditEvent.objects.get(action="otp.disable")
        self.assertEqual((event.actor, event.object_id), (self.secadmin, str(gh.pk)))

    def test_the_secret_is_shown_in_groups_for_typing(self):
        self.client.force_login(self.guanghan_reporter)
        secret = self.client.get(reverse("accounts:otp_enrol")).context["secret"]
        self.assertRegex(secret, re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"))
