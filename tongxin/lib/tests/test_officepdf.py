"""The LibreOffice conversion's guards, with a stand-in soffice (a shell script): one
conversion at a time, a time limit, a failure reported rather than a missing file."""

import fcntl
import tempfile
import time
from pathlib import Path
from unittest import TestCase

from tongxin.lib.officepdf import ConversionBusy, ConversionFailed, docx_to_pdf, find_soffice


class OfficePdfTests(TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.lock = self.folder / "soffice.lock"

    def script(self, body: str) -> str:
        path = self.folder / "soffice"
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
        return str(path)

    def test_a_stand_in_that_writes_the_pdf_returns_its_bytes(self):
        # Arguments end with: --outdir DIR SOURCE.docx
        soffice = self.script('for a; do :; done; printf "%%PDF-x" > "${a%.docx}.pdf"')
        self.assertEqual(docx_to_pdf(b"docx", soffice=soffice, lock_path=self.lock), b"%PDF-x")

    def test_a_second_conversion_meanwhile_is_refused_at_once(self):
        soffice = self.script("exit 0")
        with open(self.lock, "a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            started = time.monotonic()
            with self.assertRaises(ConversionBusy):
                docx_to_pdf(b"docx", soffice=soffice, lock_path=self.lock)
            self.assertLess(time.monotonic() - started, 1)

    def test_an_overrunning_conversion_is_stopped_at_its_time_limit(self):
        soffice = self.script("sleep 30")
        started = time.monotonic()
        with self.assertRaises(ConversionFailed):
            docx_to_pdf(b"docx", soffice=soffice, timeout=0.5, lock_path=self.lock)
        self.assertLess(time.monotonic() - started, 5)

    def test_a_conversion_that_writes_no_pdf_fails(self):
        with self.assertRaises(ConversionFailed):
            docx_to_pdf(b"docx", soffice=self.script("exit 0"), lock_path=self.lock)

    def test_a_configured_path_that_does_not_exist_means_no_libreoffice(self):
        self.assertIsNone(find_soffice("/nonexistent/soffice"))
