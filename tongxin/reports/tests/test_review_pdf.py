"""The demo's 2022 review exported as .docx converts, through LibreOffice, to a PDF whose
text carries the title and the figures.

Without soffice (or pdftotext) the test is skipped with the reason; with
TONGXIN_REQUIRE_BROWSER=1 (set by .ci/run, which installs libreoffice-writer-nogui and
poppler-utils) a missing tool is a failure.
"""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from django.test import TestCase

from tongxin.core.demo import load_demo
from tongxin.reports.demo import TITLE
from tongxin.reports.docx_export import review_docx
from tongxin.reports.models import Review
from tongxin.reports.review_selectors import rendered_version

CONVERT_TIMEOUT_S = 120
FIGURES = ["62.38亿元", "70余件", "46个", "7件", "12家", "400余个", "800余场次", "49名"]


def find_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    reason = (
        f"{name} is not installed: the review PDF test did not run. Install it with "
        "`apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils` "
        "(`.ci/run` does this)."
    )
    if os.environ.get("TONGXIN_REQUIRE_BROWSER") == "1":
        raise AssertionError(f"{name} is required (TONGXIN_REQUIRE_BROWSER=1). {reason}")
    raise unittest.SkipTest(reason)


def docx_to_pdf_text(docx: bytes) -> str:
    """Convert with a fresh LibreOffice profile (runs never share or lock one) and return
    the PDF's text with all whitespace removed (PDF text breaks lines and spaces CJK)."""
    soffice, pdftotext = find_tool("soffice"), find_tool("pdftotext")
    with tempfile.TemporaryDirectory(prefix="tongxin-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "review.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_TIMEOUT_S,
            env={**os.environ, "HOME": tmp},
        )
        pdf = folder / "review.pdf"
        if not pdf.exists():
            raise AssertionError("soffice exited without writing review.pdf")
        done = subprocess.run(
            [pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


class ReviewPdfTests(TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("soffice", "pdftotext"):  # skip before building the demo
            find_tool(tool)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        load_demo()
        review = Review.objects.get(year=2022, unit__parent=None)
        cls.rendered = rendered_version(review.versions.order_by("-number").first())

    def test_the_demo_review_converts_to_a_pdf_with_its_title_and_figures(self):
        self.assertEqual(self.rendered.errors, [])
        text = docx_to_pdf_text(review_docx(self.rendered.title, self.rendered.blocks))
        self.assertIn(re.sub(r"\s+", "", TITLE), text)
        for figure in FIGURES:
            with self.subTest(figure):
                self.assertIn(figure, text)
