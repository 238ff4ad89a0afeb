"""On the demo data (the ledger and the cases demo), every figure of the Deyang 2022
review is an indicator whose 2022 value at the city equals the figures file's exact
count, and whose drill-down lists exactly the records behind it; the requests' and
projects' counts and rates are indicators over the records the cases services wrote."""

import csv
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from tongxin.accounts.models import Unit, User
from tongxin.cases.models import Case, CaseState, Project, ProjectStage, Satisfaction
from tongxin.indicators.models import Indicator, Target
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import drilldown_records, indicator_table
from tongxin.ledger.selectors import measure_totals
from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.indicators import (
    CASES_COUNTS,
    CASES_RATES,
    NAMES,
    RANK_CODE,
    load_demo_indicators,
)
from tongxin.ops.demo.ledger import load_demo_ledger
from tongxin.reference_testing import reference_seed

Y2022 = period_for(2022)


def figure_rows() -> list[dict]:
    path = reference_seed("deyang-2022-figures.tsv")
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


class DemoIndicatorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        load_demo_ledger()
        load_demo_cases()
        load_demo_indicators()
        cls.city = Unit.objects.get(parent=None)
        cls.editor = User.objects.get(username="editor")

    def test_every_figure_of_the_review_equals_its_exact_count(self):
        rows = [r for r in figure_rows() if r["section"] != "目标"]
        self.assertEqual(len(rows), 26)
        codes = {NAMES[(r["topic"], r["published"])][0]: Decimal(r["exact"]) for r in rows}
        indicators = list(Indicator.objects.filter(code__in=codes))
        table = indicator_table(indicators=indicators, period=Y2022, units=[self.city])
        for indicator in indicators:
            with self.subTest(indicator.code):
                self.assertEqual(table.value(indicator, self.city), codes[indicator.code])

    def test_every_demo_indicator_drills_down_to_exactly_its_records(self):
        indicators = list(Indicator.objects.exclude(kind__in=["manual", "ratio"]))
        table = indicator_table(indicators=indicators, period=Y2022, units=[self.city])
        for indicator in indicators:
            with self.subTest(indicator.code):
                records = drilldown_records(
                    self.editor, indicator=indicator, period=Y2022, unit=self.city
                )
                totals = measure_totals(records)
                expected = (
                    totals["records"] if indicator.kind == "count" else totals[indicator.measure]
                )
                self.assertEqual(table.value(indicator, self.city), Decimal(expected or 0))

    def values(self, codes) -> dict[str, Decimal]:
        indicators = list(Indicator.objects.filter(code__in=codes))
        table = indicator_table(indicators=indicators, period=Y2022, units=[self.city])
        return {i.code: table.value(i, self.city) for i in indicators}

    def test_the_requests_counts_and_rates_agree_with_the_cases(self):
        values = self.values([*CASES_COUNTS, *CASES_RATES, "hmto_problems_solved"])
        closed = Case.objects.filter(state=CaseState.CLOSED, received_on__year=2022)
        on_time = sum(1 for c in closed if timezone.localdate(c.replied_at) <= c.resolve_by)
        satisfied = closed.filter(satisfaction=Satisfaction.SATISFIED).count()
        accepted = Case.objects.exclude(state=CaseState.NOT_ACCEPTED).count()
        self.assertEqual(values["hmto_requests_accepted"], accepted)
        self.assertEqual(values["hmto_problems_solved"], closed.count())
        self.assertEqual(values["hmto_requests_on_time"], on_time)
        self.assertEqual(values["hmto_requests_satisfied"], satisfied)
        self.assertLess(on_time, closed.count())  # a few were late
        self.assertEqual(values["hmto_reply_rate"], Decimal("100.0"))
        self.assertEqual(
            values["hmto_on_time_rate"],
            (Decimal(on_time * 100) / closed.count()).quantize(Decimal("0.1")),
        )
        self.assertEqual(
            values["hmto_satisfaction_rate"],
            (Decimal(satisfied * 100) / closed.count()).quantize(Decimal("0.1")),
        )

    def test_the_project_stages_are_counted_from_the_pipeline(self):
        values = self.values(["projects_promoted", *CASES_COUNTS])
        projects = Project.objects.all()
        reached = {
            stage: projects.filter(**{f"{field}__year": 2022}).count()
            for stage, field in (
                ("projects_in_talks", "talks_on"),
                ("projects_signed", "signed_on"),
                ("projects_started", "started_on"),
            )
        }
        self.assertEqual(values["projects_promoted"], projects.count())
        for code, count in reached.items():
            with self.subTest(code):
                self.assertEqual(values[code], count)
                self.assertGreater(count, 0)
        self.assertEqual(
            projects.filter(stage=ProjectStage.STARTED).count(), reached["projects_started"]
        )

    def test_the_goal_row_is_a_lower_is_better_ranking_target_for_2023(self):
        (goal,) = [r for r in figure_rows() if r["section"] == "目标"]
        rank = Indicator.objects.get(code=RANK_CODE)
        self.assertFalse(rank.higher_is_better)
        target = Target.objects.get(indicator=rank, year=2023)
        self.assertEqual((target.value, target.floor), (Decimal(3), Decimal(goal["exact"])))

    def test_loading_twice_adds_nothing(self):
        before = (Indicator.objects.count(), Target.objects.count())
        load_demo_indicators()
        self.assertEqual((Indicator.objects.count(), Target.objects.count()), before)
