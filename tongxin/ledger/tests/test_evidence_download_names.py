"""Evidence is served under the type its bytes are, not the name it was uploaded with
(issue 22): the extension and Content-Type come from the sniffed content."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongxin.core.downloads import safe_filename, stored_file_response
from tongxin.ledger.tests.base import LedgerTestCase

PDF = b"%PDF-1.4\nminutes\n"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


class EvidenceDownloadNameTests(LedgerTestCase):
    def download(self, name: str, content: bytes):
        record = self.make_record()
        self.client.force_login(self.guanghan_reporter)
        upload = SimpleUploadedFile(name, content)
        self.client.post(reverse("ledger:evidence_upload", args=[record.pk]), {"file": upload})
        evidence = record.evidence.get()
        return self.client.get(reverse("ledger:evidence_download", args=[evidence.pk]))

    def assertServedAs(self, response, filename: str, content_type: str):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], content_type)
        disposition = response["Content-Disposition"]
        self.assertIn(f'filename="{filename}"', disposition)
        if content_type.startswith("image/"):
            # Shown in the browser, sandboxed: no script, no plugin, no request out.
            self.assertTrue(disposition.startswith("inline;"), disposition)
            self.assertIn("sandbox", response["Content-Security-Policy"])
            self.assertIn("default-src 'none'", response["Content-Security-Policy"])
        else:
            self.assertTrue(disposition.startswith("attachment;"), disposition)

    def test_a_pdf_named_exe_is_served_as_a_pdf(self):
        self.assertServedAs(self.download("invoice.pdf.exe", PDF), "invoice.pdf", "application/pdf")

    def test_a_gif_named_bat_is_served_as_a_gif(self):
        self.assertServedAs(self.download("run.bat", GIF), "run.gif", "image/gif")

    def test_a_gif_named_hta_is_served_as_a_gif(self):
        self.assertServedAs(self.download("update.hta", GIF), "update.gif", "image/gif")

    def test_a_gif_named_html_is_served_as_a_gif(self):
        self.assertServedAs(self.download("poly.html", GIF), "poly.gif", "image/gif")

    def test_a_pdf_named_html_is_served_as_a_pdf(self):
        self.assertServedAs(self.download("poly.html", PDF), "poly.pdf", "application/pdf")


class StoredFileResponseTests(LedgerTestCase):
    def test_unknown_content_is_an_octet_stream_attachment_named_bin(self):
        import io

        response = stored_file_response(io.BytesIO(b"MZ\x90\x00 a program"), "run.exe")
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn('filename="run.bin"', response["Content-Disposition"])
        self.assertNotIn("Content-Security-Policy", response)

    def test_names_lose_paths_quotes_and_control_characters(self):
        self.assertEqual(safe_filename('../..\\a"b\x00.pdf.exe', ".pdf"), "a_b.pdf")
        self.assertEqual(safe_filename("...", ".gif"), "file.gif")
        self.assertEqual(safe_filename("报告.2024.pdf", ".pdf"), "报告.2024.pdf")
