"""The idle timeout without a session write on every page view: the expiry is pushed
forward at most once per SESSION_REFRESH_SECONDS, the "continue" ping always pushes it,
and the page is told the time really left."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.testing import PASSWORD, CastTestCase


class SessionRefreshTests(CastTestCase):
    def setUp(self):
        # Whole seconds, so the times told to the page are exact.
        self.start = timezone.now().replace(microsecond=0)

    @contextmanager
    def at(self, seconds: int):
        """The clock (of this module, the sessions and everything else) `seconds` after start."""
        with mock.patch(
            "django.utils.timezone.now", return_value=self.start + timedelta(seconds=seconds)
        ):
            yield

    def get(self, path="/", *, seconds: int):
        """A page view at `seconds`, and whether it wrote the session."""
        with self.at(seconds), CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        return response, self.wrote_session(queries)

    def ping(self, *, seconds: int):
        with self.at(seconds), CaptureQueriesContext(connection) as queries:
            response = self.client.post(reverse("accounts:session_ping"))
        return response, self.wrote_session(queries)

    @staticmethod
    def wrote_session(queries) -> bool:
        return any(
            q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
            and "django_session" in q["sql"]
            for q in queries.captured_queries
        )

    def expiry(self):
        return Session.objects.get().expire_date

    def signed_in(self):
        """Logged in, and a first page view at 0 (which starts the clock)."""
        self.client.force_login(self.guanghan_reporter)
        response, wrote = self.get(seconds=0)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(wrote)  # a session from before this change has no clock yet
        self.assertEqual(self.expiry(), self.start + timedelta(seconds=settings.SESSION_COOKIE_AGE))

    def test_a_page_view_within_the_refresh_interval_does_not_write_the_session(self):
        self.signed_in()
        response, wrote = self.get(seconds=59)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(wrote)
        self.assertEqual(self.expiry(), self.start + timedelta(minutes=15))

    def test_a_page_view_after_the_interval_extends_the_expiry(self):
        self.signed_in()
        response, wrote = self.get(seconds=60)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(wrote)
        self.assertEqual(self.expiry(), self.start + timedelta(seconds=60, minutes=15))
        # The next interval starts from that refresh.
        self.assertFalse(self.get(seconds=119)[1])
        self.assertTrue(self.get(seconds=120)[1])

    def test_the_ping_always_extends_the_expiry(self):
        self.signed_in()
        response, wrote = self.ping(seconds=5)
        self.assertEqual(response.status_code, 204)
        self.assertTrue(wrote)
        self.assertEqual(self.expiry(), self.start + timedelta(seconds=5, minutes=15))
        self.assertEqual(response.headers["X-Idle-Seconds"], "900")

    def test_the_page_is_told_the_time_left_before_the_idle_logout(self):
        self.signed_in()
        response, _ = self.get(seconds=30)
        self.assertContains(response, 'data-idle-seconds="870"')
        self.assertContains(response, 'data-idle-warning="60"')
        # After a refresh, the whole idle time again.
        response, _ = self.get(seconds=90)
        self.assertContains(response, 'data-idle-seconds="900"')

    def test_every_answer_to_a_signed_in_user_tells_the_page_the_time_left(self):
        # The page's own requests (htmx, autosave) read it from the header.
        self.signed_in()
        response, _ = self.get(seconds=45)
        self.assertEqual(response.headers["X-Idle-Seconds"], "855")
        response, _ = self.get(seconds=61)
        self.assertEqual(response.headers["X-Idle-Seconds"], "900")

    def test_an_idle_session_still_ends_after_the_idle_time(self):
        self.signed_in()
        response, _ = self.get("/ledger/", seconds=15 * 60 + 1)
        self.assertRedirects(
            response, reverse("accounts:login") + "?next=/ledger/", fetch_redirect_response=False
        )

    def test_a_login_starts_the_clock_with_its_own_write(self):
        with self.at(0):
            response = self.client.post(
                reverse("accounts:login"), {"username": "gh", "password": PASSWORD}
            )
        self.assertEqual(response.status_code, 302)
        response, wrote = self.get(seconds=10)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(wrote)
        self.assertContains(response, 'data-idle-seconds="890"')

    @override_settings(SESSION_COOKIE_AGE=60)
    def test_the_interval_is_at_most_half_the_idle_time(self):
        # Else an active user's session could lapse between two refreshes.
        self.signed_in()
        self.assertFalse(self.get(seconds=29)[1])
        self.assertTrue(self.get(seconds=30)[1])

    @override_settings(SESSION_REFRESH_SECONDS=0)
    def test_an_interval_of_zero_writes_on_every_request(self):
        self.signed_in()
        self.assertTrue(self.get(seconds=1)[1])

    def test_an_anonymous_visitor_gets_no_session(self):
        response, wrote = self.get(reverse("accounts:login"), seconds=0)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(wrote)
        self.assertNotIn("X-Idle-Seconds", response.headers)
        self.assertFalse(Session.objects.exists())

    def test_a_logout_leaves_no_session_behind(self):
        self.signed_in()
        with self.at(100):
            self.client.post(reverse("accounts:logout"))
        self.assertFalse(Session.objects.exists())
