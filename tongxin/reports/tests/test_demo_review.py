"""`tongxin review 2022 --format text` on the demo data carries the review's 22
required figures, each a whole figure computed from the ledger."""

import csv
import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.indicators import load_demo_indicators
from tongxin.ops.demo.ledger import load_demo_ledger
from tongxin.ops.demo.reports import load_demo_review
from tongxin.reference_testing import reference_seed
from tongxin.text import to_simplified


def required_surfaces() -> list[str]:
    lines = [
        line
        for line in reference_seed("deyang-2022-claims.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    rows = csv.DictReader(
        lines, delimiter="\t", fieldnames=["surface", "value", "unit", "qualifier", "status"]
    )
    return [
        to_simplified(r["surface"])
        for r in rows
        if r["status"] == "required" and r["surface"] != "surface"
    ]


class DemoReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        load_demo_ledger()
        load_demo_cases()
        load_demo_indicators()
        load_demo_review()

    def test_every_required_figure_appears_whole(self):
        import sys

        buffer = StringIO()
        saved, sys.stdout = sys.stdout, buffer
        try:
            call_command("review", "2022", "--format", "text")
        finally:
            sys.stdout = saved
        text = buffer.getvalue()
        surfaces = required_surfaces()
        self.assertEqual(len(surfaces), 22)
        for surface in surfaces:
            with self.subTest(surface):
                # Whole: not preceded or followed by another digit.
                pattern = rf"(?<![0-9.]){re.escape(surface)}"
                self.assertGreaterEqual(len(re.findall(pattern, text)), surfaces.count(surface))
