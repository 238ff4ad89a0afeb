import datetime as dt
from unittest import mock

from tongxin.browser_testing import BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_create
from tongxin.testing import PASSWORD


class SearchInTheBrowserTests(BrowserTestCase):
    """A search's page comes first; its count follows by itself, counted to a limit;
    the exact count and totals come on request."""

    def setUp(self):
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        for day in range(1, 6):
            record_create(
                actor=self.guanghan_reporter,
                unit=self.guanghan,
                record_type=forum,
                date=dt.date(2022, 3, day),
                title=f"统战恳谈会第{day}场",
                participants=10,
                submit=True,
            )
        # Two records a page, and counted to three: five hits are more than both.
        for name, value in (("views.PAGE_SIZE", 2), ("selectors.SEARCH_COUNT_LIMIT", 3)):
            patcher = mock.patch(f"tongxin.ledger.{name}", value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_the_page_then_its_count_then_the_exact_totals(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url("/ledger/?q=统战"))
        rows = self.page.locator("table.records tbody tr")
        self.assertEqual(rows.count(), 2)
        self.assertIn("第5场", rows.first.inner_text())
        totals = self.page.get_by_test_id("totals")
        totals.get_by_text("超过 3 条记录").wait_for()
        self.page.get_by_test_id("exact-totals").click()
        totals.get_by_text("共 5 条记录 · 参与人数合计 50").wait_for()
        self.assertIn("totals=all", self.page.url)
        self.assertIn("第 1 / 3 页", self.page.locator("nav.pagination").inner_text())
        self.screenshot_both_widths("ledger-search-exact")

        # A new search from the box: its page, then its count, by itself again.
        self.page.fill("#id_q", "恳谈会")
        self.page.press("#id_q", "Enter")
        totals.get_by_text("超过 3 条记录").wait_for()
        self.assertNotIn("totals=all", self.page.url)
        self.assertEqual(rows.count(), 2)
        self.page.fill("#id_q", "第2场")
        self.page.press("#id_q", "Enter")
        totals.get_by_text("共 1 条记录 · 参与人数合计 10").wait_for()
        self.assertEqual(rows.count(), 1)
