"""`tongxin bench review --records N --json` prints the review's render times as JSON
(a tiny N; the figures themselves are in docs/benchmarks.md)."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase


class ReviewBenchTests(SimpleTestCase):
    def test_it_prints_html_and_docx_medians_as_json(self):
        out = StringIO()
        call_command("bench", "review", "--records", "300", "--json", stdout=out)
        result = json.loads(out.getvalue())
        self.assertEqual(result["records"], 300)
        self.assertEqual(result["template_errors"], 0)
        self.assertGreater(result["placeholders"], 20)
        for key in ("html_ms", "docx_ms", "docx_bytes", "load_s", "wall_s"):
            with self.subTest(key):
                self.assertGreater(result[key], 0)
