"""Evidence comes with the record in one submit, survives a failed form, and reaches
the approver's inbox row as thumbnails (issue 19, item 4)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.ledger.models import Evidence, RecordStatus, WorkRecord
from tongxin.ledger.services import evidence_attach
from tongxin.ledger.tests.base import LedgerTestCase


def image_bytes(fmt: str = "JPEG", size=(640, 480)) -> bytes:
    from PIL import Image

    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format=fmt)
    return out.getvalue()


def photo(name="现场照片.jpg", fmt="JPEG"):
    return SimpleUploadedFile(name, image_bytes(fmt), content_type="image/jpeg")


class EvidenceWithRecordTests(LedgerTestCase):
    def form_data(self, **overrides):
        data = {
            "unit": self.guanghan.pk,
            "record_type": self.forum.pk,
            "date": "2026-03-05",
            "title": "广汉市港澳台侨企业恳谈会",
            "count": "1",
            "submit": "1",
        }
        data.update(overrides)
        return data

    def test_a_record_is_created_with_its_photo_in_one_submit(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"),
            {**self.form_data(), "evidence_camera": photo()},
        )
        record = WorkRecord.objects.get(title="广汉市港澳台侨企业恳谈会")
        self.assertRedirects(response, reverse("ledger:record_detail", args=[record.pk]))
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        evidence = record.evidence.get()
        self.assertEqual(evidence.original_name, "现场照片.jpg")
        self.assertEqual(evidence.content_type, "image/jpeg")

    def test_several_files_and_the_camera_go_together(self):
        self.client.force_login(self.guanghan_reporter)
        pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        self.client.post(
            reverse("ledger:record_create"),
            {**self.form_data(), "evidence": [pdf, photo("合影.jpg")], "evidence_camera": photo()},
        )
        record = WorkRecord.objects.get()
        self.assertEqual(
            sorted(record.evidence.values_list("original_name", flat=True)),
            ["合影.jpg", "现场照片.jpg", "通知.pdf"],
        )

    def test_files_are_kept_when_the_form_fails_and_attached_on_the_next_submit(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(title=""), "evidence": photo()}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(WorkRecord.objects.exists())
        html = response.content.decode()
        self.assertIn("现场照片.jpg", html)
        self.assertIn("已附上", html)
        token = response.context["pending"].token
        self.assertIn(f'name="pending_evidence" value="{token}"', html)
        # The second submit carries no file: the kept one is attached.
        self.client.post(reverse("ledger:record_create"), self.form_data(pending_evidence=token))
        record = WorkRecord.objects.get()
        self.assertEqual(
            list(record.evidence.values_list("original_name", flat=True)), ["现场照片.jpg"]
        )
        self.assertNotIn(token, self.client.session.get("ledger_pending_evidence", {}))

    def test_a_kept_file_can_be_taken_off_before_saving(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(title=""), "evidence": photo()}
        )
        pending = response.context["pending"]
        self.client.post(
            reverse("ledger:record_create"),
            self.form_data(pending_evidence=pending.token, pending_remove=pending.files[0]["id"]),
        )
        self.assertFalse(WorkRecord.objects.get().evidence.exists())

    def test_another_session_cannot_use_a_pending_token(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(title=""), "evidence": photo()}
        )
        token = response.context["pending"].token
        other = self.client_class()
        other.force_login(self.shifang_reporter)
        other.post(
            reverse("ledger:record_create"),
            self.form_data(unit=self.shifang.pk, title="什邡", pending_evidence=token),
        )
        self.assertFalse(Evidence.objects.exists())

    def test_a_refused_file_type_keeps_the_form_and_creates_nothing(self):
        self.client.force_login(self.guanghan_reporter)
        bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00 not allowed")
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(), "evidence": bad}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "不是允许的文件类型")
        self.assertFalse(WorkRecord.objects.exists())

    def test_an_edit_takes_files_in_the_same_submit(self):
        record = self.make_record(title="先存草稿")
        self.client.force_login(self.guanghan_reporter)
        self.client.post(
            reverse("ledger:record_edit", args=[record.pk]),
            {
                **self.form_data(title="先存草稿", date="2022-03-05", version=record.version),
                "evidence": photo("补充照片.jpg"),
            },
        )
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.assertEqual(
            list(record.evidence.values_list("original_name", flat=True)), ["补充照片.jpg"]
        )

    def test_files_of_a_form_left_for_good_are_removed_later(self):
        import datetime as dt

        from django.core.files.storage import default_storage
        from django.utils import timezone

        from tongxin.ledger.pending_evidence import prune_abandoned

        self.client.force_login(self.guanghan_reporter)
        response = self.client.post(
            reverse("ledger:record_create"), {**self.form_data(title=""), "evidence": photo()}
        )
        path = response.context["pending"].files[0]["path"]
        self.assertEqual(prune_abandoned(), 0)
        self.assertTrue(default_storage.exists(path))
        self.assertGreaterEqual(prune_abandoned(now=timezone.now() + dt.timedelta(days=3)), 1)
        self.assertFalse(default_storage.exists(path))

    def test_the_form_offers_files_and_the_phone_camera(self):
        self.client.force_login(self.guanghan_reporter)
        html = self.client.get(reverse("ledger:record_create")).content.decode()
        self.assertIn('enctype="multipart/form-data"', html)
        self.assertIn('capture="environment"', html)
        self.assertRegex(html, r'name="evidence"[^>]*multiple')


# The editor's inbox page with records to review (evidence prefetched in one query).
INBOX_QUERIES = 11


class EvidenceInInboxTests(LedgerTestCase):
    def submitted_with_photo(self, title, fmt="JPEG"):
        record = self.make_record(title=title, submit=True)
        name = "IMG_0001.HEIC" if fmt == "HEIF" else "现场.jpg"
        evidence_attach(
            actor=self.guanghan_reporter,
            record=record,
            uploaded_file=SimpleUploadedFile(name, image_bytes(fmt)),
        )
        return record

    def test_the_approver_sees_thumbnails_in_the_inbox_row(self):
        record = self.submitted_with_photo("带照片的恳谈会")
        evidence = record.evidence.get()
        self.client.force_login(self.city_editor)
        html = self.client.get(reverse("inbox:inbox")).content.decode()
        self.assertIn(reverse("ledger:evidence_thumbnail", args=[evidence.pk]), html)
        thumb = self.client.get(reverse("ledger:evidence_thumbnail", args=[evidence.pk]))
        self.assertEqual(thumb["Content-Type"], "image/jpeg")
        body = thumb.content
        self.assertTrue(body.startswith(b"\xff\xd8\xff"))
        from PIL import Image

        self.assertLessEqual(max(Image.open(io.BytesIO(body)).size), 320)

    def test_a_phone_heic_photo_gets_a_jpeg_thumbnail_made_once(self):
        record = self.submitted_with_photo("苹果手机照片", fmt="HEIF")
        evidence = record.evidence.get()
        self.assertEqual(evidence.content_type, "image/heic")
        self.client.force_login(self.city_editor)
        url = reverse("ledger:evidence_thumbnail", args=[evidence.pk])
        first = self.client.get(url)
        self.assertTrue(first.content.startswith(b"\xff\xd8\xff"))
        storage = evidence.file.storage
        cached = f"evidence-thumbs/{evidence.sha256[:2]}/{evidence.sha256}.jpg"
        self.assertTrue(storage.exists(cached))
        self.assertEqual(self.client.get(url).content, first.content)

    def test_a_pdf_has_no_thumbnail_but_is_listed_by_name(self):
        record = self.make_record(title="只有通知", submit=True)
        evidence = evidence_attach(
            actor=self.guanghan_reporter,
            record=record,
            uploaded_file=SimpleUploadedFile("通知.pdf", b"%PDF-1.4 x"),
        )
        self.client.force_login(self.city_editor)
        self.assertEqual(
            self.client.get(reverse("ledger:evidence_thumbnail", args=[evidence.pk])).status_code,
            404,
        )
        self.assertContains(self.client.get(reverse("inbox:inbox")), "通知.pdf")

    def test_another_county_cannot_fetch_the_thumbnail(self):
        record = self.submitted_with_photo("广汉的照片")
        self.client.force_login(self.shifang_reporter)
        url = reverse("ledger:evidence_thumbnail", args=[record.evidence.get().pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_approving_from_the_inbox_returns_to_the_inbox(self):
        record = self.submitted_with_photo("从待办审核")
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("ledger:record_action", args=[record.pk]),
            {"action": "approve", "next": reverse("inbox:inbox")},
        )
        self.assertRedirects(response, reverse("inbox:inbox"))
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.APPROVED)

    def test_the_inbox_costs_the_same_queries_however_many_rows_have_evidence(self):
        self.submitted_with_photo("第一条")
        self.client.force_login(self.city_editor)
        url = reverse("inbox:inbox")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for i in range(3):
            self.submitted_with_photo(f"又一条 {i}")
        with CaptureQueriesContext(connection) as four:
            self.client.get(url)
        self.assertEqual(len(one), len(four))
        self.assertEqual(len(four), INBOX_QUERIES, [q["sql"][:80] for q in four])
