from decimal import Decimal as D

from django.test import SimpleTestCase

from tongxin.cases.scoring import CriterionSpec, normalise, score, top


class NormaliseTests(SimpleTestCase):
    def test_min_max_to_a_hundred(self):
        self.assertEqual(
            normalise({"a": D(10), "b": D(20), "c": D(15)}), {"a": D(0), "b": D(100), "c": D(50)}
        )

    def test_smaller_is_better_reverses(self):
        self.assertEqual(
            normalise({"a": D(10), "b": D(20)}, higher_is_better=False), {"a": D(100), "b": D(0)}
        )

    def test_equal_values_all_score_a_hundred(self):
        self.assertEqual(normalise({"a": D(5), "b": D(5)}), {"a": D(100), "b": D(100)})
        self.assertEqual(normalise({}), {})


class ScoreTests(SimpleTestCase):
    def test_weighted_mean_and_ranks(self):
        criteria = [CriterionSpec("revenue", D("0.6")), CriterionSpec("tax", D("0.4"))]
        values = {
            "revenue": {"甲": D(100), "乙": D(50), "丙": D(0)},
            "tax": {"甲": D(0), "乙": D(10), "丙": D(10)},
        }
        result = score(criteria, values)
        by_name = {s.entrant: s for s in result}
        self.assertEqual(by_name["甲"].score, D("60.00"))
        self.assertEqual(by_name["乙"].score, D("70.00"))
        self.assertEqual(by_name["丙"].score, D("40.00"))
        self.assertEqual([s.entrant for s in result], ["乙", "甲", "丙"])
        self.assertEqual([s.rank for s in result], [1, 2, 3])

    def test_ties_share_a_rank_and_the_next_rank_is_skipped(self):
        criteria = [CriterionSpec("x", D(1))]
        values = {"x": {"甲": D(10), "乙": D(10), "丙": D(5), "丁": D(0)}}
        result = score(criteria, values)
        self.assertEqual(
            [(s.entrant, s.rank) for s in result], [("甲", 1), ("乙", 1), ("丙", 3), ("丁", 4)]
        )

    def test_a_missing_value_counts_as_zero(self):
        criteria = [CriterionSpec("x", D(1)), CriterionSpec("y", D(1))]
        values = {"x": {"甲": D(10), "乙": D(0)}, "y": {"乙": D(3)}}
        by_name = {s.entrant: s for s in score(criteria, values)}
        self.assertEqual(by_name["甲"].score, D("50.00"))  # 100 and 0 (missing)
        self.assertEqual(by_name["乙"].score, D("50.00"))  # 0 and 100 (the only value)
        self.assertEqual(by_name["甲"].rank, by_name["乙"].rank)

    def test_no_criteria_or_no_weight_scores_nothing(self):
        self.assertEqual(score([], {}), [])
        self.assertEqual(score([CriterionSpec("x", D(0))], {"x": {"甲": D(1)}}), [])

    def test_top_keeps_everyone_tied_with_the_last_place(self):
        criteria = [CriterionSpec("x", D(1))]
        values = {"x": {"甲": D(10), "乙": D(5), "丙": D(5), "丁": D(0)}}
        self.assertEqual([s.entrant for s in top(score(criteria, values), 2)], ["甲", "乙", "丙"])
