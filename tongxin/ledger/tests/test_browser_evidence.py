"""In the browser, at desktop and phone width: a reporter creates a record with a
photo in one submit, and the editor approves it from the inbox, seeing the photo."""

import io

from tongxin.browser_testing import DESKTOP, PHONE, SCREENSHOT_DIR, BrowserTestCase
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.testing import PASSWORD


def photo_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (40, 110, 180))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 150, 600, 450), fill=(230, 200, 60))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


class EvidenceInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()

    def log_out(self):
        self.page.click("text=退出登录")
        self.page.wait_for_selector("text=登录同心统战工作平台")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)

    def walk(self, viewport: dict, label: str):
        self.page.set_viewport_size(viewport)
        title = f"港澳台侨企业恳谈会（{label}）"
        self.log_in("gh", PASSWORD)
        self.page.goto(self.url("/ledger/records/new/"))
        self.page.select_option("#id_record_type", label="恳谈会")
        self.page.fill("#id_date", "2026-03-05")
        self.page.fill("#id_title", title)
        self.page.fill("#id_count", "1")
        self.page.set_input_files(
            "#id_evidence_camera",
            files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}],
        )
        self.shot(f"evidence-form-{label}")
        self.page.click("button[name=submit]")
        self.page.wait_for_selector("text=记录已提交审核")
        record = WorkRecord.objects.get(title=title)
        self.assertEqual(record.status, RecordStatus.SUBMITTED)
        self.assertEqual(record.evidence.get().original_name, "现场照片.jpg")
        self.log_out()

        self.log_in("editor", PASSWORD)
        self.page.goto(self.url("/ledger/inbox/"))
        thumb = self.page.locator(f"[data-testid=approve-{record.pk}]").locator(
            "xpath=ancestor::li//img[contains(@class,'evidence-thumb')]"
        )
        thumb.wait_for()
        # The thumbnail really loaded (a broken image has no natural width).
        self.page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
        )
        self.shot(f"evidence-inbox-{label}")
        self.page.click(f"[data-testid=approve-{record.pk}]")
        self.page.wait_for_selector("text=记录已审核通过")
        self.assertTrue(self.page.url.endswith("/ledger/inbox/"))
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.APPROVED)
        self.log_out()

    def test_desktop_reporter_photo_to_editor_approval(self):
        self.walk(DESKTOP, "desktop")

    def test_phone_reporter_photo_to_editor_approval(self):
        self.walk(PHONE, "phone")
        self.page.set_viewport_size(PHONE)
