"""Each role's home page in the browser, at desktop and phone width, and a period
without approved records: on 2 January the dashboard says so and links to last year.
Dated with time-machine, so it does not depend on the day it runs."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.models import IndicatorKind
from tongxin.indicators.services import indicator_create, target_set
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create, record_return
from tongxin.testing import TongxinClient

SECOND_OF_JANUARY = dt.datetime(2026, 1, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class HomeInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        traveller = time_machine.travel(SECOND_OF_JANUARY, tick=True)
        traveller.start()
        self.addCleanup(traveller.stop)
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        for i, (date, state) in enumerate(
            [
                (dt.date(2025, 5, 8), "approved"),
                (dt.date(2025, 9, 18), "approved"),
                (dt.date(2025, 12, 30), "submitted"),
                (dt.date(2025, 12, 29), "returned"),
                (dt.date(2026, 1, 1), "draft"),
            ]
        ):
            record = record_create(
                actor=self.guanghan_reporter,
                unit=self.guanghan,
                record_type=forum,
                date=date,
                title=f"广汉市民营企业家恳谈会{i + 1}",
                count=1,
                participants=30,
                submit=state != "draft",
            )
            if state == "approved":
                record_approve(actor=self.city_editor, record=record)
            elif state == "returned":
                record_return(actor=self.city_editor, record=record, reason="请补充签到表")
        forums = indicator_create(
            actor=None,
            code="forums",
            name="恳谈会场次",
            kind=IndicatorKind.COUNT,
            unit_word="场",
            record_types=[forum],
        )
        for year in (2025, 2026):
            target_set(actor=None, indicator=forums, unit=self.city, year=year, value=Decimal(4))

    def enter_as(self, user) -> None:
        """The browser takes the session of a test client logged in as `user` (the
        administrators' second factor passed)."""
        client = TongxinClient()
        client.force_login(user)
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.live_server_url,
                }
            ]
        )

    def test_each_roles_home_page_shows_its_counts(self):
        expected = {
            "reporter": (self.guanghan_reporter, "count-records-draft", "1"),
            "editor": (self.city_editor, "count-to_review", "1"),
            "leader": (self.leader, "card-key_figures", None),
            "sysadmin": (self.sysadmin, "count-units", None),
            "secadmin": (self.secadmin, "count-locked", "0"),
            "auditor": (self.auditor, "count-audit-day", None),
        }
        for role, (user, testid, text) in expected.items():
            with self.subTest(role):
                self.context.clear_cookies()
                self.enter_as(user)
                self.page.goto(self.url("/"))
                count = self.page.locator(f"[data-testid={testid}]")
                count.wait_for()
                if text is not None:
                    self.assertEqual(count.inner_text(), text)
                self.assertNotIn("点击进入", self.page.inner_text("main"))
                if role == "leader":  # nothing approved yet this year: no zeros as figures
                    self.assertIn("2026年尚无已审核记录", count.inner_text())
                self.screenshot_both_widths(f"home-{role}")
                self.assert_fits_phone_width()
        # The reporter's 新建记录 is the first thing on the phone.
        self.context.clear_cookies()
        self.enter_as(self.guanghan_reporter)
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.page.goto(self.url("/"))
        button = self.page.locator("[data-testid=action-records]")
        box = button.bounding_box()
        self.assertLess(box["y"], 844)
        self.assertGreaterEqual(box["height"], 44)

    def test_a_year_without_approved_records_says_so_and_links_to_the_last(self):
        self.enter_as(self.city_editor)
        self.page.goto(self.url("/indicators/"))
        empty = self.page.locator("[data-testid=empty-period]")
        empty.wait_for()
        self.assertIn("2026年尚无已审核记录", empty.inner_text())
        self.assertEqual(self.page.locator("[data-testid=value-forums]").count(), 0)
        self.screenshot_both_widths("dashboard-empty-year")
        self.assert_fits_phone_width()
        empty.get_by_role("link").click()
        self.page.wait_for_selector("[data-testid=value-forums]")
        self.assertEqual(self.page.locator("[data-testid=value-forums]").inner_text(), "2")
        self.assertIn("year=2025", self.page.url)
