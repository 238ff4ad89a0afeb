"""`tongxin bench text --json` times the text kit on the seed review (a small size)."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase

from tongxin.reference_testing import reference_seed
from tongxin.text.bench import SEED_NAME


class BenchCommandTests(SimpleTestCase):
    def test_bench_text_prints_the_throughputs_as_json(self):
        reference_seed(SEED_NAME)  # the bench reads it
        out = StringIO()
        call_command("bench", "text", "--json", "--min-bytes", "200000", stdout=out)
        result = json.loads(out.getvalue())
        for key in ("clean_mbps", "simplify_mbps", "claims_mbps", "pipeline_mbps", "opencc_mbps"):
            self.assertGreater(result[key], 0, key)
