"""The demo's assessment: 2021 and 2022 published over the six counties, ranked from
the demo indicators and an evaluation, a 2023 draft copied from 2022; loading it
changes none of the 2022 figures and a second load creates nothing."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse

from tongxin.accounts.models import User
from tongxin.assessment import scoring
from tongxin.assessment.models import (
    EvaluationToken,
    RecurringMeeting,
    Scheme,
    SchemeStatus,
    Secondment,
    Site,
    TrainingClass,
)
from tongxin.assessment.selectors import meetings
from tongxin.indicators.models import Indicator
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.ledger.models import WorkRecord
from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.assessment import SCHEME_NAME, load_demo_assessment
from tongxin.ops.demo.indicators import load_demo_indicators
from tongxin.ops.demo.ledger import COUNTY_CODES, load_demo_ledger
from tongxin.testing import TongxinClient


class DemoAssessmentTests(TestCase):
    client_class = TongxinClient

    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        load_demo_ledger()
        load_demo_indicators()
        cls.records_before = WorkRecord.objects.count()
        cls.figures_before = cls.city_figures()
        cls.loaded = load_demo_assessment()
        cls.scheme = Scheme.objects.get(year=2022, name=SCHEME_NAME)

    @staticmethod
    def city_figures():
        from tongxin.accounts.models import Unit

        indicators = list(Indicator.objects.all())
        city = Unit.objects.get(parent=None)
        table = indicator_table(indicators=indicators, period=period_for(2022), units=[city])
        return {i.code: table.value(i, city) for i in indicators}

    def test_2022_is_published_over_the_six_counties_with_a_full_ranking(self):
        self.assertEqual(
            self.loaded,
            {
                "schemes": 3,
                "recurring_meetings": 2,
                "sites": 10,
                "training_classes": TrainingClass.objects.count(),
                "secondments": 49,
                "standings": 5,
            },
        )
        self.assertEqual(self.scheme.status, SchemeStatus.PUBLISHED)
        self.assertEqual(
            sorted(self.scheme.units.values_list("code", flat=True)), sorted(COUNTY_CODES)
        )
        rows = self.scheme.results["rows"]
        self.assertEqual(len(rows), 6)
        self.assertEqual([r["rank"] for r in rows], [1, 2, 3, 4, 5, 6])
        self.assertEqual(rows[0]["unit_name"], "绵竹市")
        self.assertEqual(self.scheme.results, scoring.compute(self.scheme))

    def test_last_year_is_there_to_compare_and_next_year_starts_as_a_copy(self):
        self.assertEqual(self.scheme.copied_from.year, 2021)
        self.assertTrue(self.scheme.copied_from.is_published)
        draft = Scheme.objects.get(year=2023)
        self.assertEqual(draft.status, SchemeStatus.DRAFT)
        self.assertEqual(draft.items.count(), self.scheme.items.count())

    def test_the_evaluation_fed_the_manual_item(self):
        evaluation = self.scheme.evaluations.get()
        self.assertFalse(evaluation.is_open)
        self.assertEqual(EvaluationToken.objects.filter(used=True).count(), 24)
        cells = {r["unit_name"]: r["cells"][7] for r in self.scheme.results["rows"]}
        self.assertEqual(cells["旌阳区"]["score"], "18.83")  # (18×100+5×80+60)/24 % of 20
        self.assertIn("24人参评", cells["旌阳区"]["note"])

    def test_loading_adds_no_ledger_record_and_changes_no_figure(self):
        self.assertEqual(WorkRecord.objects.count(), self.records_before)
        self.assertEqual(self.city_figures(), self.figures_before)

    def test_loading_twice_creates_nothing(self):
        self.assertEqual(load_demo_assessment(), {"schemes": 0, "standings": 0})
        self.assertEqual(Scheme.objects.count(), 3)

    def test_the_four_quarterly_site_meetings_of_2022_were_held(self):
        site = RecurringMeeting.objects.get(record_type__code="site_meeting")
        found = meetings.meeting_occurrences([site], [2021, 2022], dt.date(2023, 1, 10))[site.pk]
        self.assertEqual(
            [o.status for o in found],
            ["missed", "held", "missed", "held", "held", "held", "held", "held"],
        )
        group = RecurringMeeting.objects.get(record_type__code="meeting")
        found = meetings.meeting_occurrences([group], [2022], dt.date(2023, 1, 10))[group.pk]
        self.assertEqual([o.status for o in found], ["held", "held"])

    def test_the_ten_bases_of_2022_are_sites_with_their_meetings(self):
        self.assertEqual(Site.objects.filter(category="base").count(), 10)
        self.assertEqual(self.figures_before["tongxin_bases"], 10)
        held = Site.objects.filter(records__record_type__code="site_meeting").distinct()
        self.assertGreaterEqual(held.count(), 2)

    def test_the_programmes_hold_the_same_figures_as_the_indicators(self):
        participants = sum(t.record.participants for t in TrainingClass.objects.all())
        self.assertEqual(participants, self.figures_before["trainees"])
        self.assertEqual(Secondment.objects.count(), self.figures_before["secondments"])
        self.assertEqual(
            Secondment.objects.filter(batch=4).count(), self.figures_before["secondment_batch4"]
        )

    def test_the_demo_pages_render(self):
        self.client.force_login(User.objects.get(username="editor"))
        response = self.client.get(reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.assertContains(response, "上年名次")
        self.assertContains(response, "绵竹市")

    def test_the_provincial_ranking_has_its_tiers_beside_its_ranks(self):
        from tongxin.assessment.models import ProvincialStanding
        from tongxin.assessment.selectors.standing import slogan_ranks
        from tongxin.indicators.models import Target
        from tongxin.ops.demo.indicators import RANK_CODE

        standings = {s.year: s for s in ProvincialStanding.objects.all()}
        self.assertEqual(sorted(standings), [2019, 2020, 2021, 2022, 2023])
        self.assertEqual(standings[2022].tier, "第一方阵")
        self.assertEqual(standings[2019].tier, "第二方阵")
        self.assertEqual(standings[2023].target_tier, "第一方阵")
        for year in (2022, 2023):
            target = Target.objects.get(indicator__code=RANK_CODE, year=year)
            self.assertEqual(slogan_ranks(standings[year].slogan), (target.floor, target.value))
        self.client.force_login(User.objects.get(username="editor"))
        page = self.client.get(reverse("assessment:standing"))
        self.assertContains(page, "保五奔三")
        self.assertContains(page, '<tr data-year="2019">')
        dashboard = self.client.get(reverse("indicators:dashboard"), {"period": "2022-Y"})
        self.assertContains(dashboard, f'data-testid="standing-{RANK_CODE}"')
        self.assertContains(dashboard, "2022年：第一方阵")
