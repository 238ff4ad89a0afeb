"""The dashboard opens where the data is: `?year=` chooses the year as on the other
pages, and a period without approved records says so, with a link to the latest year
that has some, instead of zeros shown as figures."""

from django.urls import reverse

from tongxin.indicators.tests.base import IndicatorTestCase


class DashboardPeriodTests(IndicatorTestCase):
    def test_year_in_the_address_chooses_the_year(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"year": "2022"})
        self.assertEqual(response.context["period"].key, "2022-Y")
        self.assertIsNone(response.context["empty"])
        self.assertContains(response, 'data-testid="value-forums">')

    def test_a_year_without_approved_records_says_so_and_links_to_the_latest(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"year": "2025"})
        self.assertContains(response, "2025年尚无已审核记录")
        self.assertContains(response, f"?year=2022&unit={self.city.pk}")
        self.assertNotContains(response, 'data-testid="value-forums"')
        self.assertNotContains(response, "各区县对比")

    def test_a_quarter_without_records_names_the_quarter(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2020-Q1"})
        self.assertContains(response, "2020年一季度尚无已审核记录")
        self.assertContains(response, "查看2022年")

    def test_a_period_with_records_shows_its_figures(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertIsNone(response.context["empty"])
        self.assertNotContains(response, "尚无已审核记录")

    def test_the_chosen_unit_survives_the_comparison_form(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertContains(response, f'name="unit" value="{self.city.pk}"')
