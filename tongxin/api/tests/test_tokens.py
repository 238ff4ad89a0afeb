"""A token's life: created and shown once, kept as a hash, used, revoked, expired,
and dead with its owner's account."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tongxin.api.models import ApiToken
from tongxin.api.services import api_token_create, api_token_revoke
from tongxin.api.tests.base import ApiTestCase
from tongxin.audit.models import AuditEvent


class TokenPageTests(ApiTestCase):
    def test_the_security_page_links_to_the_token_page(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("accounts:security"))
        self.assertContains(response, reverse("api_tokens:token_list"))

    def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("api_tokens:token_list"), {"name": "同步脚本", "expires_in_days": "90"}
        )
        raw = response.context["created"]["raw"]
        self.assertContains(response, raw)
        token = ApiToken.objects.get(owner=self.guanghan_reporter)
        self.assertEqual(token.token_hash, hashlib.sha256(raw.encode()).hexdigest())
        stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.fields]
        self.assertNotIn(raw, stored)
        self.assertEqual(token.expires_at.date(), (timezone.now() + dt.timedelta(days=90)).date())
        # Shown once: the list afterwards names the token but never shows it.
        again = self.client.get(reverse("api_tokens:token_list"))
        self.assertContains(again, "同步脚本")
        self.assertNotContains(again, raw)

    def test_creating_and_revoking_are_audited(self):
        token, _ = api_token_create(actor=self.guanghan_reporter, name="脚本")
        api_token_revoke(actor=self.guanghan_reporter, token=token)
        actions = list(
            AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
            .order_by("id")
            .values_list("action", "actor")
        )
        self.assertEqual(
            actions,
            [
                ("api_token.create", self.guanghan_reporter.pk),
                ("api_token.revoke", self.guanghan_reporter.pk),
            ],
        )

    def test_revoking_asks_for_confirmation_and_stops_the_token(self):
        token, raw = api_token_create(actor=self.guanghan_reporter, name="脚本")
        self.client.force_login(self.guanghan_reporter)
        page = self.client.get(reverse("api_tokens:token_list"))
        self.assertContains(page, "data-confirm=")
        response = self.client.post(reverse("api_tokens:token_revoke", args=[token.pk]))
        self.assertRedirects(response, reverse("api_tokens:token_list"))
        answer = self.call("get", "/records/", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(answer.status_code, 401)
        self.assertEqual(answer.json()["error"]["code"], "token_revoked")

    def test_another_users_token_cannot_be_revoked(self):
        token, _ = api_token_create(actor=self.shifang_reporter, name="什邡脚本")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(reverse("api_tokens:token_revoke", args=[token.pk]))
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_administrators_get_no_token(self):
        for admin in (self.sysadmin, self.secadmin, self.auditor):
            with self.subTest(admin.role):
                with self.assertRaises(PermissionDenied):
                    api_token_create(actor=admin, name="x")
                self.client.force_login(admin)
                self.assertEqual(self.client.get(reverse("api_tokens:token_list")).status_code, 403)

    def test_a_name_is_required(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(reverse("api_tokens:token_list"), {"name": " "})
        self.assertIsNone(response.context["created"])
        self.assertFalse(ApiToken.objects.exists())


class TokenAuthenticationTests(ApiTestCase):
    def answer(self, raw):
        return self.call("get", "/records/", headers={"Authorization": f"Bearer {raw}"})

    def test_a_valid_token_acts_as_its_owner_and_notes_its_use(self):
        token, raw = api_token_create(actor=self.guanghan_reporter, name="脚本")
        self.assertEqual(self.answer(raw).status_code, 200)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used_at)

    def test_no_token_or_a_wrong_one_is_401_in_chinese(self):
        missing = self.call("get", "/records/")
        self.assertEqual(missing.status_code, 401)
        self.assertEqual(missing["Content-Type"], "application/json")
        self.assertIn("令牌", missing.json()["error"]["message"])
        wrong = self.answer("tx_not-a-token")
        self.assertEqual(wrong.status_code, 401)
        self.assertEqual(wrong.json()["error"]["code"], "token_invalid")

    def test_an_expired_token_is_refused(self):
        token, raw = api_token_create(actor=self.guanghan_reporter, name="脚本", expires_in_days=1)
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        response = self.answer(raw)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "token_expired")

    def test_a_deactivated_owners_token_stops_working(self):
        _, raw = api_token_create(actor=self.guanghan_reporter, name="脚本")
        type(self.guanghan_reporter).objects.filter(pk=self.guanghan_reporter.pk).update(
            is_active=False
        )
        response = self.answer(raw)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "account_inactive")

    def test_an_owner_who_must_change_the_password_is_sent_to_the_web_first(self):
        _, raw = api_token_create(actor=self.guanghan_reporter, name="脚本")
        type(self.guanghan_reporter).objects.filter(pk=self.guanghan_reporter.pk).update(
            must_change_password=True
        )
        response = self.answer(raw)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "password_change_required")

    def test_an_owner_whose_role_became_an_administrators_gets_no_business_data(self):
        _, raw = api_token_create(actor=self.guanghan_reporter, name="脚本")
        type(self.guanghan_reporter).objects.filter(pk=self.guanghan_reporter.pk).update(
            role="none"
        )
        response = self.answer(raw)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "no_business_role")
