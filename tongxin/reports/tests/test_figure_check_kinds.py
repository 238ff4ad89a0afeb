"""The figure check of issue 21: round numbers are exact, growth, change, range and rank
claims checked against two years, `no_data` instead of mismatches against 0, defaults that
cannot mislead, and a sentence for every verdict."""

import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from tongxin.accounts.models import Unit
from tongxin.ops.demo import load_demo
from tongxin.reference_testing import reference_seed
from tongxin.reports.figure_check import Candidate, draft_year, figure_check_text
from tongxin.reports.figure_check_rules import figure_agrees
from tongxin.reports.selectors.figure_check import figure_check_draft
from tongxin.reports.tests.test_figure_check_page import URL, build_figures
from tongxin.testing import CastTestCase
from tongxin.text import extract_claims, format_count, format_money, to_simplified

DRAFT = "创建宗教活动场所法治示范场所12个，同比增长20%；浸润式教学体验阵地412个，较上年新增108个"


def cand(code, unit_word, terms, value, measure="", **kwargs):
    return Candidate(code, code, unit_word, measure, terms.split(), Decimal(value), **kwargs)


def values(**by_year):
    return {int(y[1:]): Decimal(v) for y, v in by_year.items()}


class ExactnessTests(SimpleTestCase):
    CANDIDATES = [
        cand("projects", "个", "推介项目", 46),
        cand("credit", "元", "授信签约", 300_400_000, "amount"),
        cand("people", "人", "服务群众", 13_649, "participants"),
    ]

    def check(self, text, year=2022):
        return figure_check_text(text, self.CANDIDATES, year=year)["claims"]

    def test_a_round_count_is_exact(self):
        (claim,) = self.check("推介项目50个")
        self.assertEqual((claim["verdict"], claim["ledger_value"]), ("mismatch", 46))
        self.assertEqual(
            claim["explanation"],
            "稿件写“推介项目50个”，台账2022年为46个（少4个），未加“余”“约”等限定词，按准确数核对",
        )
        self.assertEqual(self.check("推介项目46个")[0]["explanation"],
                         "稿件写“推介项目46个”，台账2022年为46个，一致")  # fmt: skip

    def test_wan_and_yi_agree_at_two_decimals_of_their_multiplier(self):
        self.assertEqual(self.check("授信签约3亿元")[0]["verdict"], "match")
        self.assertEqual(self.check("服务群众1.36万人")[0]["verdict"], "match")
        (claim,) = self.check("服务群众1.37万人")
        self.assertEqual(claim["verdict"], "mismatch")
        self.assertIn("1.36万人", claim["explanation"])

    def test_qualified_figures_say_what_their_qualifier_allows(self):
        (claim,) = self.check("推介项目40余个")
        self.assertEqual(claim["verdict"], "match")
        self.assertEqual(
            claim["explanation"],
            "稿件写“推介项目40余个”，台账2022年为46个，符合“余”（应多于40个、少于50个）",
        )

    def test_unbound_and_the_json_keys(self):
        (claim,) = self.check("开展活动5场")
        self.assertEqual(claim["verdict"], "unbound")
        self.assertTrue(claim["explanation"])
        keys = {"surface", "start", "end", "value", "unit", "marker", "kind", "verdict",
                "indicator", "indicator_name", "ledger_value", "explanation"}  # fmt: skip
        self.assertEqual(set(claim), keys)


class HouseStyleAgreementTests(SimpleTestCase):
    """Every figure the product prints agrees with the value it printed."""

    def agrees(self, printed, value):
        (claim,) = extract_claims(printed)
        surface = to_simplified(claim["surface"])
        return figure_agrees(Decimal(value), surface, claim["marker"])

    @settings(max_examples=300, deadline=None)
    @given(st.integers(0, 10**12), st.sampled_from(["个", "人", "件", "场次"]), st.booleans())
    def test_counts(self, n, measure, approx):
        self.assertTrue(self.agrees(format_count(n, measure, approx), n))

    @settings(max_examples=300, deadline=None)
    @given(st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False))
    def test_money(self, yuan):
        self.assertTrue(self.agrees(format_money(yuan), yuan))


class KindTests(SimpleTestCase):
    CANDIDATES = [
        cand("venues", "个", "示范场所 场所", 12, values=values(y2021=10, y2022=12)),
        cand("sites", "个", "浸润式教学体验阵地", 412, values=values(y2021=304, y2022=412)),
        cand("firms", "家", "民营企业", 40, values=values(y2021=29, y2022=40)),
        cand(
            "events",
            "场次",
            "主题活动",
            850,
            children=[("旌阳区", Decimal(4)), ("广汉市", Decimal(6))],
        ),  # fmt: skip
        cand("rank", "名", "排名 方阵", 5, ranking=True),
    ]

    def check(self, text):
        return figure_check_text(text, self.CANDIDATES, year=2022)["claims"]

    def test_growth_and_change_against_two_years(self):
        claims = self.check(DRAFT)
        self.assertEqual([c["verdict"] for c in claims], ["match"] * 4)
        self.assertEqual([c["kind"] for c in claims], ["count", "growth", "count", "change"])
        growth, change = claims[1], claims[3]
        self.assertEqual((growth["indicator"], growth["base_year"], growth["base_value"]),
                         ("venues", 2021, 10))  # fmt: skip
        self.assertEqual((change["indicator"], change["base_value"]), ("sites", 304))

    def test_a_wrong_growth_rate_is_explained(self):
        claim = self.check("示范场所12个，同比增长25%")[1]
        self.assertEqual(claim["verdict"], "mismatch")
        self.assertEqual(
            claim["explanation"], "稿件写同比增长25%，台账2021年10个、2022年12个，实际增长20%"
        )

    def test_a_rate_agrees_at_its_printed_decimals(self):
        self.assertEqual(self.check("民营企业40家，同比增长37.9%")[1]["verdict"], "match")
        self.assertEqual(self.check("民营企业40家，同比增长37.8%")[1]["verdict"], "mismatch")
        self.assertEqual(self.check("民营企业40家，同比下降37.9%")[1]["verdict"], "mismatch")

    def test_a_wrong_change_names_both_years(self):
        claim = self.check(DRAFT.replace("108", "110"))[3]
        self.assertEqual(claim["verdict"], "mismatch")
        self.assertIn("304", claim["explanation"])
        self.assertIn("412", claim["explanation"])

    def test_ranges(self):
        (claim,) = self.check("举办主题活动800至900场次")
        self.assertEqual((claim["kind"], claim["low"], claim["high"]), ("range", 800, 900))
        self.assertEqual(claim["verdict"], "match")
        self.assertEqual(self.check("举办主题活动900至1000场次")[0]["verdict"], "mismatch")

    def test_a_range_for_every_unit_names_the_units_outside_it(self):
        (claim,) = self.check("每个区县举办主题活动3至5场次")
        self.assertTrue(claim["per_unit"])
        self.assertEqual(claim["verdict"], "mismatch")
        self.assertEqual(claim["disagreeing_units"], [{"unit": "广汉市", "value": 6}])
        self.assertIn("广汉市6场次", claim["explanation"])
        self.assertEqual(self.check("每个区县举办主题活动3至6场次")[0]["verdict"], "match")

    def test_ranks_bind_to_the_ranking(self):
        (claim,) = self.check("考核位列全省第5名")
        self.assertEqual((claim["kind"], claim["indicator"], claim["verdict"]),
                         ("rank", "rank", "match"))  # fmt: skip
        self.assertEqual(self.check("考核排名全省第三")[0]["verdict"], "mismatch")

    def test_no_data_is_not_a_mismatch(self):
        result = figure_check_text(DRAFT, self.CANDIDATES, year=2022, no_data_unit="广汉市")
        self.assertEqual(result["summary"],
                         {"match": 0, "mismatch": 0, "unbound": 0, "no_data": 4})  # fmt: skip
        for claim in result["claims"]:
            self.assertEqual(claim["explanation"], "台账中2022年广汉市尚无已审核记录")

    def test_the_draft_year_is_the_one_named_most(self):
        self.assertEqual(
            draft_year(reference_seed("deyang-2022-review.txt").read_text("utf-8")), 2022
        )
        self.assertIsNone(draft_year("推介项目46个"))


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.seed = reference_seed("deyang-2022-review.txt").read_text("utf-8")
        load_demo()
        cls.city = Unit.objects.get(parent=None)

    def test_the_seed_is_checked_for_2022_by_default(self):
        result = figure_check_draft(text=self.seed, unit=self.city)
        self.assertEqual(result["year"], 2022)
        self.assertEqual(result["summary"]["mismatch"], 0)
        self.assertFalse(result["no_data"])

    def test_fifty_for_forty_six_is_a_mismatch(self):
        text = self.seed.replace("推介項(xiàng)目46個", "推介項(xiàng)目50個")
        result = figure_check_draft(text=text, year=2022, unit=self.city)
        (wrong,) = [c for c in result["claims"] if c["verdict"] == "mismatch"]
        self.assertEqual((wrong["surface"], wrong["ledger_value"]), ("50個", 46))
        self.assertIn("按准确数核对", wrong["explanation"])

    def test_growth_and_change_on_the_demo(self):
        result = figure_check_draft(text="2022年，" + DRAFT, year=2022, unit=self.city)
        claims = result["claims"]
        self.assertEqual([c["verdict"] for c in claims], ["match"] * 4, claims)
        self.assertEqual([c["base_value"] for c in claims if "base_value" in c], [10, 304])
        result = figure_check_draft(
            text="2022年，" + DRAFT.replace("新增108个", "新增110个"), year=2022, unit=self.city
        )
        change = result["claims"][3]
        self.assertEqual(change["verdict"], "mismatch")
        self.assertIn("304", change["explanation"])
        self.assertIn("412", change["explanation"])

    def test_the_command_defaults_to_the_year_of_the_draft(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.txt"
            path.write_text(self.seed, encoding="utf-8")
            out = StringIO()
            call_command("check-figures", str(path), stdout=out)
        lines = out.getvalue().splitlines()
        self.assertTrue(lines[-1].startswith("2022年：一致 "), lines[-1])
        self.assertIn("不一致 0，", lines[-1])
        self.assertTrue(all(line.count("\t") >= 2 for line in lines[:-1]))  # explained

    def test_a_rank_binds_to_the_provincial_ranking(self):
        text = "2022年，全省统战工作目标考核位列全省第5名，排名第四"
        claims = figure_check_draft(text=text, unit=self.city)["claims"]
        self.assertEqual(
            [(c["kind"], c["indicator"], c["verdict"]) for c in claims],
            [("rank", "provincial_rank", "match"), ("rank", "provincial_rank", "mismatch")],
        )

    def test_a_year_without_records_is_no_data(self):
        result = figure_check_draft(text=self.seed, year=2005, unit=self.city)
        self.assertTrue(result["no_data"])
        self.assertEqual(result["summary"]["mismatch"], 0)
        self.assertEqual(result["summary"]["no_data"], len(result["claims"]))
        self.assertIn(
            f"台账中2005年{self.city.name}尚无已审核记录", result["claims"][0]["explanation"]
        )


class PageDefaultTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_figures(cls)

    def test_city_staff_pasting_the_seed_start_on_the_city_and_2022(self):
        self.client.force_login(self.city_editor)  # a section's editor: the city, not the section
        response = self.client.get(URL)
        form = response.context["form"]
        self.assertEqual(form["unit"].value(), self.city.pk)
        self.assertIsNone(form["year"].value())
        seed = reference_seed("deyang-2022-review.txt").read_text("utf-8")
        response = self.client.post(URL, {"unit": self.city.pk, "text": seed})
        self.assertEqual(response.context["year"], 2022)
        self.assertEqual(response.context["form"]["year"].value(), 2022)
        self.assertContains(response, "稿件写“推介项目46个”，台账2022年为46个，一致")

    def test_a_unit_without_records_that_year_says_so_above_the_draft(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(URL, {"unit": self.shifang.pk, "year": 2022, "text": DRAFT})
        result = response.context["result"]
        self.assertTrue(result["no_data"])
        self.assertEqual(result["summary"]["no_data"], 4)
        self.assertContains(response, 'data-testid="audit-no-data"')
        self.assertContains(response, "台账中2022年什邡市尚无已审核记录，以下数字均未核对")
