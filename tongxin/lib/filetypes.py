"""Recognise an upload's type from its first bytes, never from its name."""

import io
import zipfile

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

# (content type, extension)
PDF = ("application/pdf", ".pdf")
PNG = ("image/png", ".png")
JPEG = ("image/jpeg", ".jpg")
GIF = ("image/gif", ".gif")
WEBP = ("image/webp", ".webp")
HEIC = ("image/heic", ".heic")  # what iPhone cameras produce
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")


def sniff(head: bytes, whole: bytes | None = None) -> tuple[str, str] | None:
    """The (content type, extension) the bytes really are, or None when not allowed.
    `whole` is needed to tell .docx from .xlsx (both are zip files)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heis"):
        return HEIC
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(whole)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None
