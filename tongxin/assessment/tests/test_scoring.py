from decimal import Decimal

from django.test import SimpleTestCase

from tongxin.assessment.models import SchemeItem
from tongxin.assessment.scoring import (
    competition_ranks,
    indicator_score,
    parse_thresholds,
)
from tongxin.indicators.models import Indicator


def item(**fields):
    return SchemeItem(kind="indicator", max_score=Decimal(40), **fields)


class ScoringTests(SimpleTestCase):
    def test_ties_share_a_rank_and_the_next_rank_is_skipped(self):
        totals = [Decimal(90), Decimal(80), Decimal(80), Decimal(70)]
        self.assertEqual(competition_ranks(totals), [1, 2, 2, 4])

    def test_linear_score_is_proportional_to_the_target_and_capped(self):
        linear = item(method="linear", target=Decimal(4))
        self.assertEqual(indicator_score(linear, Decimal(1))[0], Decimal(10))
        self.assertEqual(indicator_score(linear, Decimal(9))[0], Decimal(40))
        self.assertEqual(indicator_score(linear, None), (Decimal(0), "无数据"))

    def test_a_lower_is_better_value_scores_full_at_or_under_the_target(self):
        rank = Indicator(code="rank", higher_is_better=False)
        linear = item(method="linear", target=Decimal(3), indicator=rank)
        self.assertEqual(indicator_score(linear, Decimal(2))[0], Decimal(40))
        self.assertEqual(indicator_score(linear, Decimal(6))[0], Decimal(20))

    def test_thresholds_give_the_highest_step_reached(self):
        steps = item(method="thresholds", thresholds="10 100\n5 60%\n1，30")
        self.assertEqual(indicator_score(steps, Decimal(7))[0], Decimal(24))
        self.assertEqual(indicator_score(steps, Decimal(12))[0], Decimal(40))
        self.assertEqual(indicator_score(steps, Decimal(0))[0], Decimal(0))

    def test_malformed_thresholds_are_refused(self):
        for text in ("10", "a 100", "10 150"):
            with self.subTest(text), self.assertRaises(ValueError):
                parse_thresholds(text)
