"""The figure-check page: business roles only, a reporter audits their own unit, figures
coloured by verdict, a mismatch links to its drill-down."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.browser_testing import BrowserTestCase
from tongxin.indicators.services import indicator_create, manual_value_set
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.testing import PASSWORD, CastTestCase

URL = "/reports/figure-check/"
DRAFT = "全年开展恳谈会3场，推介项目48个，开展活动5场。"


def build_figures(case) -> None:
    catalogue_ensure()
    forum = RecordType.objects.get(code="forum")
    indicator_create(actor=None, code="forums", name="恳谈会", kind="count", unit_word="场",
                     record_types=[forum], keywords="恳谈会")  # fmt: skip
    for day in (1, 2):
        record = record_create(actor=case.city_editor, unit=case.guanghan, record_type=forum,
                               date=dt.date(2022, 5, day), title="恳谈会", submit=True)  # fmt: skip
        record_approve(actor=case.city_editor, record=record)
    projects = indicator_create(actor=None, code="projects", name="推介项目", kind="manual",
                                unit_word="个", keywords="推介项目")  # fmt: skip
    manual_value_set(actor=None, indicator=projects, unit=case.city, year=2022, value=Decimal(46))


class AuditPageTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_figures(cls)

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(URL, {"year": 2022, "unit": self.city.pk, **data})

    def test_it_colours_each_figure_by_verdict(self):
        response = self.post(self.city_editor, text=DRAFT)
        self.assertEqual(response.status_code, 200)
        result = response.context["result"]
        self.assertEqual(result["summary"], {"match": 0, "mismatch": 2, "unbound": 1, "no_data": 0})
        self.assertContains(response, 'data-verdict="mismatch" class="corrupt"', count=2)
        self.assertContains(response, 'data-verdict="unbound" class="claim"', count=1)
        # The count indicator links to its records; the manual one has none.
        self.assertContains(
            response, f'href="/indicators/forums/unit/{self.city.pk}/records/?period=2022-Y"'
        )
        self.assertContains(response, 'data-testid="drilldown"', count=1)

    def test_a_match(self):
        response = self.post(self.leader, text="推介项目46个")
        self.assertEqual(response.context["result"]["summary"]["match"], 1)
        self.assertContains(response, 'data-verdict="match" class="claim status-approved"')

    def test_it_reads_an_upload(self):
        upload = SimpleUploadedFile("draft.txt", "推介項(xiàng)目46個(gè)".encode("gb18030"))
        response = self.post(self.city_editor, file=upload)
        self.assertEqual(response.context["result"]["summary"]["match"], 1)

    def test_it_asks_for_a_draft(self):
        response = self.post(self.city_editor, text="  ")
        self.assertContains(response, "请粘贴稿件或上传文件。")

    def test_a_reporter_audits_their_own_unit_only(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(URL)
        units = list(response.context["form"].fields["unit"].queryset)
        self.assertIn(self.guanghan, units)
        self.assertNotIn(self.city, units)
        self.assertNotIn(self.shifang, units)
        response = self.post(self.guanghan_reporter, text=DRAFT)
        self.assertNotIn("result", response.context)
        response = self.client.post(URL, {"year": 2022, "unit": self.guanghan.pk, "text": DRAFT})
        # 广汉市 held both forums: 3场 is a mismatch against 2.
        self.assertEqual(response.context["result"]["summary"]["mismatch"], 1)

    def test_administrators_get_403(self):
        self.client.force_login(self.sysadmin)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.client.force_login(self.auditor)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_anonymous_is_sent_to_log_in(self):
        self.assertEqual(self.client.get(URL).status_code, 302)


class AuditBrowserTests(BrowserTestCase):
    def test_the_editor_audits_a_pasted_draft(self):
        build_figures(self)
        self.log_in("editor", PASSWORD)
        self.page.goto(self.url(URL))
        self.page.fill("#id_text", DRAFT)
        self.page.fill("#id_year", "2022")
        self.page.select_option("#id_unit", str(self.city.pk))
        self.page.click("button[type=submit].primary")
        self.page.wait_for_selector("[data-testid=audit-result]")
        self.assertEqual(self.page.locator("mark[data-verdict=mismatch]").count(), 2)
        self.screenshot_both_widths("audit")
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.assert_fits_phone_width()
