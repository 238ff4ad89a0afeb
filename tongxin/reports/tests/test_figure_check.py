"""The figure check: the seed review audited against the demo data (issue 7, item 8),
the qualifier rules, binding on either side of the number, and the command's JSON."""

import csv
import json
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from tongxin.accounts.models import Unit
from tongxin.ops.demo import load_demo
from tongxin.reference_testing import reference_seed
from tongxin.reports.figure_check import Candidate, agrees, figure_check_text, printed_number
from tongxin.reports.selectors.figure_check import figure_check_draft
from tongxin.text import to_simplified

# The indicator behind each required figure of the seed, in the order of the text.
EXPECTED = [
    ("7件", "praise_instructions"),
    ("5场", "entrepreneur_forums"),
    ("12家", "provincial_top100"),
    ("10个", "tongxin_bases"),
    ("3场", "investment_events"),
    ("46个", "projects_promoted"),
    ("10家", "new_taiwan_enterprises"),
    ("70余件", "hmto_problems_solved"),
    ("62.38亿元", "hmto_credit"),
    ("6次", "party_consultations"),
    ("7篇", "party_reports"),
    ("5篇", "party_reports_instructed"),
    ("3篇", "party_reports_adopted"),
    ("400余个", "teaching_sites"),
    ("40余个", "course_modules"),
    ("8套", "model_course_sets"),
    ("800余场次", "themed_activities"),
    ("3场", "provincial_events"),
    ("12个", "religious_venues"),
    ("200余人", "trainees"),
    ("16名", "secondment_batch4"),
    ("49名", "secondments"),
]
VARIANT = ("推介項(xiàng)目46個(gè)", "推介項(xiàng)目48個(gè)")


def figure_rows() -> list[dict]:
    lines = [
        line
        for line in reference_seed("deyang-2022-figures.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


def required_claims(claims: list[dict]) -> list[dict]:
    """The audited claims that are required figures, in order (十五条 is optional)."""
    return [c for c in claims if to_simplified(c["surface"]) != "十五条"]


class SeedAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        review = reference_seed("deyang-2022-review.txt")  # before the demo: skip at once
        load_demo()
        cls.city = Unit.objects.get(parent=None)
        cls.text = review.read_text("utf-8")

    def audit(self, text):
        return figure_check_draft(text=text, year=2022, unit=self.city)

    def test_expected_indicators_are_the_figure_rows(self):
        """EXPECTED names, for each required figure, the indicator of its TSV row."""
        from tongxin.ops.demo.indicators import NAMES

        surfaces = {surface for surface, _ in EXPECTED}
        rows = [r for r in figure_rows() if r["published"] in surfaces]
        self.assertEqual(
            [(r["published"], NAMES[(r["topic"], r["published"])][0]) for r in rows], EXPECTED
        )

    def test_the_seed_matches_every_required_figure(self):
        result = self.audit(self.text)
        claims = required_claims(result["claims"])
        got = [(to_simplified(c["surface"]).replace("(chǎng)", ""), c["indicator"]) for c in claims]
        self.assertEqual(got, EXPECTED)
        for claim in claims:
            with self.subTest(claim["surface"]):
                self.assertEqual(claim["verdict"], "match")
        self.assertEqual(result["summary"]["mismatch"], 0)

    def test_ledger_values_of_the_figure_rows(self):
        from tongxin.ops.demo.indicators import NAMES

        exact = {
            NAMES[key][0]: int(r["exact"])
            for r in figure_rows()
            if (key := (r["topic"], r["published"])) in NAMES
        }
        for claim in required_claims(self.audit(self.text)["claims"]):
            with self.subTest(claim["surface"]):
                self.assertEqual(claim["ledger_value"], exact[claim["indicator"]])

    def test_one_changed_figure_is_the_one_mismatch(self):
        self.assertEqual(self.text.count(VARIANT[0]), 1)
        before = self.audit(self.text)["claims"]
        after = self.audit(self.text.replace(*VARIANT))["claims"]
        mismatches = [c for c in after if c["verdict"] == "mismatch"]
        self.assertEqual(len(mismatches), 1)
        self.assertEqual(mismatches[0]["surface"], "48個")
        self.assertEqual(mismatches[0]["indicator"], "projects_promoted")
        self.assertEqual(mismatches[0]["ledger_value"], 46)
        others = [(c["surface"], c["verdict"]) for c in after if c["verdict"] != "mismatch"]
        self.assertEqual(
            others, [(c["surface"], c["verdict"]) for c in before if c["surface"] != "46個"]
        )

    def test_the_command_prints_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.txt"
            path.write_bytes(self.text.replace(*VARIANT).encode("gb18030"))
            out = StringIO()
            call_command("check-figures", str(path), "--year", "2022", "--json", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(set(data), {"claims", "summary"})
        self.assertEqual(data["summary"]["mismatch"], 1)
        self.assertEqual(set(data["summary"]), {"match", "mismatch", "unbound", "no_data"})
        keys = {"surface", "start", "end", "value", "unit", "marker", "kind", "verdict",
                "indicator", "indicator_name", "ledger_value", "explanation"}  # fmt: skip
        for claim in data["claims"]:
            self.assertEqual(set(claim), keys)

    def test_the_command_reads_docx(self):
        import docx

        document = docx.Document()
        document.add_paragraph("2022年，推介项目46个，新增10家台资企业。")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.docx"
            document.save(path)
            out = StringIO()
            call_command("check-figures", str(path), "--year", "2022", "--json", stdout=out)
        summary = {"match": 2, "mismatch": 0, "unbound": 0, "no_data": 0}
        self.assertEqual(json.loads(out.getvalue())["summary"], summary)

    def test_the_old_command_name_prints_the_same_with_a_deprecation_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.txt"
            path.write_text("2022年，推介项目46个，新增10家台资企业。", encoding="utf-8")
            new, old, err = StringIO(), StringIO(), StringIO()
            call_command("check-figures", str(path), "--year", "2022", "--json", stdout=new)
            call_command("audit", str(path), "--year", "2022", "--json", stdout=old, stderr=err)
        self.assertEqual(old.getvalue(), new.getvalue())
        self.assertIn("check-figures", err.getvalue())
        self.assertEqual(len(err.getvalue().strip().splitlines()), 1)


def cand(code, unit_word, terms, value, measure=""):
    return Candidate(code, code, unit_word, measure, terms.split(), Decimal(value))


class BindingTests(SimpleTestCase):
    CANDIDATES = [
        cand("projects", "个", "推介项目", 46),
        cand("bases", "个", "统战工作基地 基地", 10),
        cand("reports", "篇", "调研报告", 7),
        cand("instructed", "篇", "批示", 5),
        cand("praise", "件", "肯定性批示 批示", 7),
        cand("credit", "元", "授信签约", 6_238_400_000, "amount"),
        cand("trainees", "人", "参训 培训", 216, "participants"),
    ]

    def verdicts(self, text):
        result = figure_check_text(text, self.CANDIDATES)
        return [(c["surface"], c["verdict"], c["indicator"]) for c in result["claims"]]

    def test_the_name_before_or_after_the_number(self):
        self.assertEqual(
            self.verdicts("推介项目46个，打造10个统战工作基地，形成7篇调研报告，5篇获批示。"),
            [
                ("46个", "match", "projects"),
                ("10个", "match", "bases"),
                ("7篇", "match", "reports"),
                ("5篇", "match", "instructed"),
            ],
        )

    def test_the_unit_must_fit(self):
        # 批示 with 件 is the praise, with 篇 the reports; 元 only binds amounts.
        self.assertEqual(
            self.verdicts("获得肯定性批示7件，获批示5篇，项目授信签约62.38亿元。"),
            [("7件", "match", "praise"), ("5篇", "match", "instructed"),
             ("62.38亿元", "match", "credit")],
        )  # fmt: skip

    def test_no_word_no_binding(self):
        self.assertEqual(self.verdicts("开展活动5场，参训200余人。"),
                         [("5场", "unbound", None), ("200余人", "match", "trainees")])  # fmt: skip

    def test_traditional_with_residue(self):
        self.assertEqual(
            self.verdicts("推介項(xiàng)目48個(gè)"), [("48個", "mismatch", "projects")]
        )


class AgreementTests(SimpleTestCase):
    def check(self, surface, marker, ledger):
        value, place = printed_number(surface)
        return agrees(Decimal(ledger), value, marker, place)

    def test_exact_is_equal(self):
        self.assertTrue(self.check("46个", None, 46))
        self.assertFalse(self.check("46个", None, 47))

    def test_money_is_equal_at_the_printed_precision(self):
        self.assertTrue(self.check("62.38亿元", None, 6_238_400_000))
        self.assertTrue(self.check("62.38亿元", None, 6_237_500_000))
        self.assertFalse(self.check("62.38亿元", None, 6_239_000_000))
        self.assertTrue(self.check("1500万元", None, 15_000_000))

    def test_yu_is_strictly_inside_the_last_place(self):
        for ledger, ok in ((70, False), (71, True), (79, True), (80, False)):
            self.assertEqual(self.check("70余件", "余", ledger), ok, ledger)
        for ledger, ok in ((400, False), (401, True), (499, True), (500, False)):
            self.assertEqual(self.check("400余个", "余", ledger), ok, ledger)
        self.assertTrue(self.check("1200多人", "多", 1250))
        self.assertFalse(self.check("1200多人", "多", 1300))
        self.assertTrue(self.check("2.3万余人", "余", 23_500))

    def test_above_and_at_least(self):
        self.assertTrue(self.check("70人", "超", 71))
        self.assertFalse(self.check("70人", "逾", 70))
        self.assertTrue(self.check("200人", "以上", 200))
        self.assertFalse(self.check("200人", "以上", 199))

    def test_nearly_is_ninety_percent_to_below(self):
        self.assertTrue(self.check("100名", "近", 90))
        self.assertTrue(self.check("100名", "将近", 99))
        self.assertFalse(self.check("100名", "近", 100))
        self.assertFalse(self.check("100名", "近", 89))

    def test_about_is_within_ten_percent(self):
        for ledger, ok in ((90, True), (110, True), (89, False), (111, False)):
            self.assertEqual(self.check("100人", "约", ledger), ok, ledger)
            self.assertEqual(self.check("100人", "左右", ledger), ok, ledger)

    def test_chinese_numerals(self):
        self.assertEqual(printed_number("七十余件"), (Decimal(70), Decimal(10)))
        self.assertEqual(printed_number("十五条"), (Decimal(15), Decimal(1)))
