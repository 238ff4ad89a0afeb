"""The review as PDF, where LibreOffice is installed (`settings.SOFFICE_PATH` or PATH).

A signed version never changes, so its PDF is converted once and kept under
MEDIA_ROOT/review-pdf/ (keyed by review and version number); a draft is converted on each
request, within `settings.PDF_CONVERT_TIMEOUT` seconds and one conversion at a time.
"""

import os
from pathlib import Path

from django.conf import settings

from tongxin.lib.officepdf import ConversionBusy, ConversionFailed, docx_to_pdf, find_soffice
from tongxin.reports.docx_export import review_docx

__all__ = ["ConversionBusy", "ConversionFailed", "pdf_soffice", "review_pdf"]

PDF_FOLDER = "review-pdf"


def pdf_soffice() -> str | None:
    """The soffice that converts, or None when PDF is not offered."""
    return find_soffice(settings.SOFFICE_PATH)


def _kept_path(version) -> Path:
    # The signing time in the name: a restored or re-created database never finds a
    # stranger's PDF under its review and version number.
    name = f"review-{version.review_id}-v{version.number}-{version.signed_at:%Y%m%d%H%M%S}.pdf"
    return Path(settings.MEDIA_ROOT) / PDF_FOLDER / name


def review_pdf(version, rendered, *, wait: float = 0) -> bytes:
    """The PDF of `version` as `rendered`, waiting up to `wait` seconds for another
    conversion to finish. Raises ConversionBusy / ConversionFailed, and RuntimeError when
    LibreOffice is not installed."""
    soffice = pdf_soffice()
    kept = _kept_path(version) if version.signed_at else None
    if kept is not None and kept.exists():
        return kept.read_bytes()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    pdf = docx_to_pdf(
        review_docx(rendered.title, rendered.blocks),
        soffice=soffice,
        timeout=settings.PDF_CONVERT_TIMEOUT,
        wait=wait,
    )
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(pdf)
        partial.replace(kept)  # whole or absent, never half-written
    return pdf
