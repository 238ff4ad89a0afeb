import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase

from tongxin.lib.shared import seed_path
from tongxin.reference_testing import reference
from tongxin.text import extract_claims

SEED = seed_path("deyang-2022-review.txt")


class TextCommandTests(SimpleTestCase):
    def test_claims_json_prints_what_the_extractor_finds(self):
        out = StringIO()
        call_command("text", "claims", str(reference(SEED)), "--json", stdout=out)
        printed = json.loads(out.getvalue())
        expected = extract_claims(SEED.read_text(encoding="utf-8"))
        self.assertEqual([c["value"] for c in printed], [c["value"] for c in expected])
        self.assertGreater(len(printed), 20)

    def test_clean_reads_gb18030(self):
        path = Path(self.tmp_file("統(tǒng)戰(zhàn)工作".encode("gb18030")))
        out = StringIO()
        call_command("text", "clean", str(path), stdout=out)
        self.assertIn("統戰工作", out.getvalue())

    def tmp_file(self, data: bytes) -> str:
        import tempfile

        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "input.txt"
        path.write_bytes(data)
        return str(path)
