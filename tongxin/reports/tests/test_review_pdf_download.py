"""下载PDF on the review page and its conversion policy, without running LibreOffice (the
conversion is replaced by a counting stand-in; `test_review_pdf` converts for real)."""

import shutil
import sys
import tempfile
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from tongxin.lib.officepdf import ConversionBusy
from tongxin.reports.services.reviews import review_sign_off
from tongxin.reports.tests.test_reviews import ReviewTestCase

FAKE_PDF = b"%PDF-1.7 stand-in"
NO_SOFFICE = "/nonexistent/soffice"


class ReviewPdfDownloadTests(ReviewTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.media = tempfile.mkdtemp(prefix="tongxin-review-pdf-media-")
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)

    def setUp(self):
        # Any executable stands in for soffice: the conversion itself is patched.
        self.enterContext(override_settings(SOFFICE_PATH=sys.executable, MEDIA_ROOT=self.media))
        self.convert = self.enterContext(
            mock.patch("tongxin.reports.review_pdf.docx_to_pdf", return_value=FAKE_PDF)
        )
        self.client.force_login(self.city_editor)
        self.detail = reverse("reports:review_detail", args=[self.review.pk])
        self.pdf = reverse("reports:review_pdf", args=[self.review.pk])

    def test_the_page_offers_the_pdf_where_libreoffice_is_installed(self):
        response = self.client.get(self.detail)
        self.assertContains(response, "下载PDF")
        self.assertContains(response, f'href="{self.pdf}?v=1" data-testid="pdf-download"')
        self.assertNotContains(response, 'data-testid="pdf-hint"')

    def test_without_libreoffice_the_page_says_how_to_enable_it(self):
        with override_settings(SOFFICE_PATH=NO_SOFFICE):
            response = self.client.get(self.detail)
        self.assertNotContains(response, self.pdf)
        self.assertNotContains(response, 'data-testid="pdf-download"')
        self.assertContains(response, "libreoffice-writer-nogui")
        self.assertContains(response, 'data-testid="pdf-hint"')

    def test_a_draft_is_converted_on_each_request(self):
        for _ in range(2):
            response = self.client.get(self.pdf)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(response.content, FAKE_PDF)
        self.assertEqual(self.convert.call_count, 2)

    def test_a_signed_version_is_converted_once_and_kept(self):
        review_sign_off(actor=self.leader, version=self.review.versions.get())
        first = self.client.get(self.pdf)
        second = self.client.get(self.pdf)
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertEqual(second.content, FAKE_PDF)
        self.assertEqual(self.convert.call_count, 1)
        self.assertIn("attachment", second["Content-Disposition"])

    def test_a_second_conversion_meanwhile_is_told_to_try_again_later(self):
        self.convert.side_effect = ConversionBusy
        response = self.client.get(self.pdf, follow=True)
        self.assertRedirects(response, self.detail)
        self.assertContains(response, "PDF 正在生成，请稍后再试。")

    def test_without_libreoffice_a_draft_is_not_offered_as_pdf(self):
        with override_settings(SOFFICE_PATH=NO_SOFFICE):
            response = self.client.get(self.pdf, follow=True)
        self.assertRedirects(response, self.detail)
        self.assertContains(response, "服务器未安装 LibreOffice")
        self.convert.assert_not_called()
