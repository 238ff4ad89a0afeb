"""Thumbnails of image evidence for the inbox and the record page: JPEG, made on the
server from any image the ledger accepts (phone HEIC photos included, which browsers
other than Safari cannot show), once, and kept beside the evidence under its hash."""

import io
import logging

from django.core.files.base import ContentFile

logger = logging.getLogger(__name__)

THUMB_DIR = "evidence-thumbs"
THUMB_SIZE = (320, 320)
_heif_registered = False


def is_image(evidence) -> bool:
    return evidence.content_type.startswith("image/")


def _open_image(data: bytes):
    global _heif_registered
    from PIL import Image

    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True
    return Image.open(io.BytesIO(data))


def make_thumbnail(data: bytes) -> bytes:
    """A JPEG of at most THUMB_SIZE, turned upright as the camera held it."""
    from PIL import Image, ImageOps

    # Pixel bombs are refused before decoding (Pillow's own limit, made strict).
    Image.MAX_IMAGE_PIXELS = 60_000_000
    with _open_image(data) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMB_SIZE)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()


def thumbnail_bytes(evidence) -> bytes | None:
    """The evidence's thumbnail, made on first asking and then read from storage; None
    for a file that is not an image or cannot be read as one."""
    if not is_image(evidence):
        return None
    storage = evidence.file.storage
    name = f"{THUMB_DIR}/{evidence.sha256[:2]}/{evidence.sha256}.jpg"
    if storage.exists(name):
        with storage.open(name, "rb") as fh:
            return fh.read()
    try:
        with evidence.file.open("rb") as fh:
            data = make_thumbnail(fh.read())
    except Exception:  # noqa: BLE001 (a damaged image gets no thumbnail, not a 500)
        logger.warning("no thumbnail for evidence %s", evidence.pk, exc_info=True)
        return None
    storage.save(name, ContentFile(data))
    return data
