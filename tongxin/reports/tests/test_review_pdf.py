"""The demo's 2022 review written as PDF by `tongxin review 2022 --format pdf` (LibreOffice
on a machine with Debian's fonts-noto-cjk, not the official 仿宋_GB2312): its text carries
the title and the figures, and it keeps GB/T 9704's grid — full body lines of 28
characters, full pages of 22 lines, measured from the character boxes (`pdftotext
-bbox`) — with "— N —" page numbers.

One conversion for the module (about 2 s). Without soffice (or pdftotext) the tests are
skipped with the reason; with TONGXIN_REQUIRE_BROWSER=1 (set by .ci/run, which installs
libreoffice-writer-nogui and poppler-utils) a missing tool is a failure.
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.core.management import call_command
from django.test import TestCase

from tongxin.lib.officialdoc import BOTTOM, CHARS_PER_LINE, LEFT, LINES_PER_PAGE, RIGHT, TOP
from tongxin.ops.demo import load_demo
from tongxin.ops.demo.reports import TITLE

FIGURES = ["62.38亿元", "70余件", "46个", "7件", "12家", "400余个", "800余场次", "49名"]
EMU_PER_PT = 12700


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


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    left: float
    right: float
    text: str

    def chars_from_margin(self, type_left: float) -> int | None:
        """The characters from the left margin, a first-line indent counting its 16 pt
        cells; None for a line with Latin letters or digits, whose count depends on their
        widths."""
        if any(unicodedata.east_asian_width(c) not in "WFA" for c in self.text):
            return None
        return round((self.left - type_left) / 16) + len(self.text)


def pdf_lines(pdf: Path) -> tuple[list[Line], float, float]:
    """The PDF's lines (words on one baseline, in reading order) and the page's size."""
    done = subprocess.run(
        [find_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    root = ElementTree.fromstring(re.sub(rb' xmlns="[^"]+"', b"", done.stdout))
    lines, width, height = [], 0.0, 0.0
    for number, page in enumerate(root.iter("page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        boxes = sorted(
            (
                ([float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")], word.text or "")
                for word in page.iter("word")
            ),
            key=lambda w: w[0][3],
        )
        rows: list[list] = []
        for box in boxes:  # words whose feet are within 3 pt share a line
            if rows and box[0][3] - rows[-1][-1][0][3] < 3:
                rows[-1].append(box)
            else:
                rows.append([box])
        for words in rows:
            words.sort(key=lambda w: w[0][0])
            lines.append(
                Line(
                    page=number,
                    top=min(w[0][1] for w in words),
                    bottom=max(w[0][3] for w in words),
                    left=words[0][0][0],
                    right=max(w[0][2] for w in words),
                    text="".join(w[1] for w in words),
                )
            )
    return lines, width, height


class ReviewPdfTests(TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("soffice", "pdftotext"):  # skip before building the demo
            find_tool(tool)
        cls.folder = Path(tempfile.mkdtemp(prefix="tongxin-review-pdf-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder, ignore_errors=True)
        super().setUpClass()  # runs setUpTestData, which converts

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.pdf = cls.folder / "review-2022.pdf"
        cls.stderr = io.StringIO()
        call_command(
            "review",
            "2022",
            "--format",
            "pdf",
            "-o",
            str(cls.pdf),
            stdout=io.StringIO(),
            stderr=cls.stderr,
        )
        cls.lines, cls.page_width, cls.page_height = pdf_lines(cls.pdf)
        cls.type_left = LEFT / EMU_PER_PT
        cls.type_right = cls.page_width - RIGHT / EMU_PER_PT
        cls.type_bottom = cls.page_height - BOTTOM / EMU_PER_PT
        cls.body = [line for line in cls.lines if TOP / EMU_PER_PT < line.top < cls.type_bottom]

    def test_the_command_writes_a_pdf_with_the_title_and_figures(self):
        self.assertEqual(self.stderr.getvalue(), "")  # no template errors
        self.assertEqual(self.pdf.read_bytes()[:5], b"%PDF-")
        text = "".join(line.text for line in self.lines)
        self.assertIn(re.sub(r"\s+", "", TITLE), text)
        for figure in FIGURES:
            with self.subTest(figure):
                self.assertIn(figure, text)

    def test_full_body_lines_hold_28_characters(self):
        # A full line runs to within one character of the right margin; lines in a larger
        # size (the title) are not body lines.
        full = [
            (line.text, line.chars_from_margin(self.type_left))
            for line in self.body
            if line.right > self.type_right - 16 * 1.5 and line.bottom - line.top < 24
        ]
        counted = [(text, n) for text, n in full if n is not None]
        self.assertGreater(len(counted), 8, full)
        for text, n in counted:
            with self.subTest(text):
                # 29 when a closing mark hangs in the margin.
                self.assertIn(n, range(CHARS_PER_LINE - 1, CHARS_PER_LINE + 2))

    def test_full_pages_hold_22_lines(self):
        pitch = (self.type_bottom - TOP / EMU_PER_PT) / LINES_PER_PAGE
        pages = {}
        for line in self.body:
            pages.setdefault(line.page, []).append(line)
        # A full page's last line reaches the last line of the type area; the first page
        # (with the title, in a larger size) is not counted.
        full = {
            page: len(lines)
            for page, lines in pages.items()
            if page > 1 and lines[-1].bottom > self.type_bottom - pitch
        }
        self.assertTrue(full, f"no full page: {[(p, len(ls)) for p, ls in pages.items()]}")
        for page, count in full.items():
            with self.subTest(page=page):
                self.assertLessEqual(abs(count - LINES_PER_PAGE), 1)

    def test_each_page_is_numbered_between_em_dashes(self):
        footers = {line.page: line.text for line in self.lines if line.top > self.type_bottom}
        self.assertTrue(footers)
        for page, text in footers.items():
            with self.subTest(page=page):
                self.assertEqual(re.sub(r"\s+", "", text), f"—{page}—")
