"""Every page an editor opens, at desktop and phone width: one screenshot each, and
nothing makes the page scroll sideways on a phone."""

import datetime as dt

from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.services import indicator_create, target_set
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.reports.services.articles import article_read
from tongxin.reports.services.reviews import review_create
from tongxin.testing import PASSWORD


class PagesAtPhoneWidthTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")
        record = record_create(
            actor=self.guanghan_reporter,
            unit=self.guanghan,
            record_type=forum,
            date=dt.date(2022, 4, 8),
            title="广汉市民营企业家“面对面”恳谈会",
            count=1,
            participants=35,
            submit=True,
        )
        self.record = record_approve(actor=self.city_editor, record=record)
        indicator = indicator_create(
            actor=None,
            code="forums",
            name="恳谈会",
            kind="count",
            unit_word="场",
            record_types=[forum],
        )
        target_set(actor=None, indicator=indicator, unit=self.city, year=2022, value=2)
        self.review = review_create(
            actor=None,
            year=2022,
            unit=self.city,
            title="2022年统战工作综述",
            source="# 围绕中心\n**切实排忧纾困。**举办恳谈会{{forums}}。",
            created_by=self.city_editor,
        )
        self.article = article_read(
            actor=self.city_editor,
            unit=self.city,
            text="统战工作简报\n全年举办恳谈会5场，解决问题30余件。",
        )

    def test_every_page_fits_a_phone(self):
        self.log_in("editor", PASSWORD)
        self.page.wait_for_selector("text=退出登录")
        pages = {
            "record-edit": f"/ledger/records/{self.record.pk}/edit/",
            "import-start": "/ledger/io/import/",
            "targets": "/indicators/targets/?year=2022",
            "indicator-list": "/indicators/definitions/",
            "indicator-form": "/indicators/definitions/forums/edit/",
            "review-list": "/reports/reviews/",
            "review-detail": f"/reports/reviews/{self.review.pk}/",
            "review-edit": f"/reports/reviews/{self.review.pk}/edit/",
            "article-list": "/reports/articles/",
            "audit-figures": "/reports/audit/",
            "units": "/accounts/units/",
            "unit-detail": f"/accounts/units/{self.guanghan.pk}/",
        }
        for name, path in pages.items():
            with self.subTest(name):
                response = self.page.goto(self.url(path))
                self.assertEqual(response.status, 200, path)
                self.screenshot_both_widths(name)
                self.assert_fits_phone_width()
