"""The targets page defaults to this year like the dashboard: a year without approved
records says so plainly and links to the latest year that has some."""

from django.urls import reverse

from tongxin.indicators.tests.base import IndicatorTestCase


class TargetsEmptyYearTests(IndicatorTestCase):
    def test_a_year_without_approved_records_says_so_and_links_to_the_latest(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:targets"), {"year": 2025})
        self.assertContains(response, "2025年尚无已审核记录")
        self.assertContains(response, f"{reverse('indicators:targets')}?year=2022")

    def test_a_year_with_approved_records_shows_no_notice(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:targets"), {"year": 2022})
        self.assertIsNone(response.context["empty"])
        self.assertNotContains(response, 'data-testid="empty-period"')

    def test_a_year_before_the_first_record_links_to_the_latest_year(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:targets"), {"year": 2018})
        self.assertEqual(response.context["empty"]["latest_year"], 2022)

    def test_the_way_back_to_the_dashboard_keeps_the_year(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:targets"), {"year": 2021})
        self.assertContains(response, f'href="{reverse("indicators:dashboard")}?year=2021"')
