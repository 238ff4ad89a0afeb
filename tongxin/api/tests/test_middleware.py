"""Token requests pass the session-only gates (CSRF, the security gate, login
redirects) and get JSON; the HTML side keeps every gate."""

from django.urls import reverse

from tongxin.api.tests.base import NEW_RECORD, ApiTestCase, bearer
from tongxin.testing import TongxinClient


class MiddlewareTests(ApiTestCase):
    def test_a_token_request_needs_no_csrf_token(self):
        client = TongxinClient(enforce_csrf_checks=True)
        response = client.post(
            "/api/v1/records/",
            data=NEW_RECORD,
            content_type="application/json",
            headers=bearer(self.guanghan_reporter),
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_html_forms_still_need_their_csrf_token(self):
        client = TongxinClient(enforce_csrf_checks=True)
        client.force_login(self.guanghan_reporter)
        response = client.post(reverse("api_tokens:token_list"), {"name": "脚本"})
        self.assertEqual(response.status_code, 403)

    def test_a_session_alone_does_not_open_the_api(self):
        # No redirect to the login page either: 401 as JSON.
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get("/api/v1/records/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthenticated")
        self.client.logout()
        self.assertEqual(self.client.get("/api/v1/records/").status_code, 401)

    def test_the_security_gate_answers_api_calls_in_json_and_still_guards_pages(self):
        headers = bearer(self.guanghan_reporter)
        type(self.guanghan_reporter).objects.filter(pk=self.guanghan_reporter.pk).update(
            must_change_password=True
        )
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get("/api/v1/records/", headers=headers)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "password_change_required")
        page = self.client.get(reverse("api_tokens:token_list"))
        self.assertEqual(page.status_code, 302)
        self.assertTrue(page["Location"].startswith(reverse("accounts:password_change")))

    def test_an_administrator_without_a_second_factor_gets_json_not_the_enrolment_page(self):
        self.client.force_login(self.sysadmin, verified=False)
        response = self.client.get("/api/v1/units/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["Content-Type"], "application/json")

    def test_unknown_api_paths_are_json_404(self):
        response = self.client.post("/api/v1/no-such-thing/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["message"], "没有这个接口地址。")
