"""The programmes list defaults to this year: a year with no class and no secondment
says so plainly and links to the latest year that has one."""

import datetime as dt

from django.urls import reverse

from tongxin.assessment.services import programmes as programme_services
from tongxin.ledger.tests.base import LedgerTestCase


class ProgrammeEmptyYearTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        programme_services.training_class_create(
            actor=cls.guanghan_reporter,
            unit=cls.guanghan,
            name="广汉市民营经济人士培训班",
            start=dt.date(2022, 5, 15),
            end=dt.date(2022, 5, 18),
            participants=78,
        )

    def test_a_year_without_programmes_says_so_and_links_to_the_latest(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("assessment:programme_list"), {"year": 2025})
        self.assertContains(response, "2025年尚无培训班和挂职记录")
        self.assertContains(response, f"{reverse('assessment:programme_list')}?year=2022")

    def test_a_year_with_a_class_shows_no_notice(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("assessment:programme_list"), {"year": 2022})
        self.assertIsNone(response.context["empty"])
        self.assertNotContains(response, 'data-testid="empty-period"')

    def test_a_unit_that_sees_no_programme_gets_no_link(self):
        self.client.force_login(self.shifang_reporter)
        response = self.client.get(reverse("assessment:programme_list"), {"year": 2025})
        self.assertIsNone(response.context["empty"]["latest_year"])
