import datetime as dt

from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.services import indicator_create, target_set
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.testing import PASSWORD


class DashboardInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        for i, (reporter, unit) in enumerate(
            [(self.guanghan_reporter, self.guanghan)] * 3 + [(self.shifang_reporter, self.shifang)]
        ):
            record = record_create(
                actor=reporter,
                unit=unit,
                record_type=forum,
                date=dt.date(2022, 3 + i, 5),
                title=f"恳谈会{i}",
                count=1,
                participants=20,
                submit=True,
            )
            record_approve(actor=self.city_editor, record=record)
        indicator = indicator_create(
            actor=None,
            code="forums",
            name="恳谈会场次",
            kind="count",
            unit_word="场",
            record_types=[forum],
        )
        target_set(actor=None, indicator=indicator, unit=self.city, year=2022, value=5)

    def test_the_dashboard_drills_down_to_its_records(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        self.page.goto(self.url("/indicators/?period=2022-Y"))
        value = self.page.locator("[data-testid=value-forums]")
        self.assertEqual(value.inner_text(), "4")
        self.assertIn("各区县对比", self.page.inner_text("main"))
        self.screenshot_both_widths("dashboard")
        self.assert_fits_phone_width()
        value.click()
        self.page.wait_for_selector("text=共 4 条记录")
        self.screenshot_both_widths("drilldown")
        self.assert_fits_phone_width()
