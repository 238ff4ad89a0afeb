from unittest import mock

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tongxin.core.views import permission_denied
from tongxin.testing import CastTestCase


class ErrorPageTests(CastTestCase):
    def test_404_is_in_chinese(self):
        self.client.force_login(self.city_editor)
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "页面不存在", status_code=404)

    def test_403_is_in_chinese(self):
        request = RequestFactory().get("/")
        request.user = self.city_editor
        response = permission_denied(request, PermissionDenied())
        self.assertEqual(response.status_code, 403)
        self.assertIn("无权访问", response.content.decode())

    def test_an_unexpected_error_shows_a_chinese_500_page(self):
        self.client.force_login(self.city_editor)
        self.client.raise_request_exception = False
        with mock.patch("tongxin.core.views.render", side_effect=RuntimeError("boom")):
            response = self.client.get(reverse("core:home"))
        self.assertEqual(response.status_code, 500)
        self.assertIn("系统出现错误", response.content.decode())

    def test_an_unreachable_database_shows_a_503_page_not_a_traceback(self):
        self.client.force_login(self.city_editor)
        self.client.raise_request_exception = False
        refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=refused
        ):
            response = self.client.get(reverse("core:home"))
        self.assertEqual(response.status_code, 503)
        body = response.content.decode()
        self.assertIn("数据库暂时无法连接", body)
        self.assertNotIn("Traceback", body)
        self.assertEqual(response["Retry-After"], "30")

    @override_settings(DEBUG=False)
    def test_healthz_reports_the_database(self):
        self.assertEqual(self.client.get(reverse("core:healthz")).status_code, 200)
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=OperationalError("down"),
        ):
            self.assertEqual(self.client.get(reverse("core:healthz")).status_code, 503)
