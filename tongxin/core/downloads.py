"""Serving an uploaded file under the type its bytes really are (issue 22): the name's
extension and the Content-Type come from the sniffed content, never from the name the
uploader chose, so `invoice.pdf.exe` holding a PDF is saved as `invoice.pdf` and a GIF
named `poly.html` as `poly.gif`. Images open in the browser, under a CSP that sandboxes
them; everything else is an attachment. PDFs too: a browser's PDF viewer is a plugin,
which a sandboxed document may not run (Chromium shows "blocked"), so a PDF opens in
the reader's own viewer, saved under its true extension."""

import re

from django.http import FileResponse

from tongxin.lib.filetypes import GIF, JPEG, PNG, WEBP, sniff

UNKNOWN = ("application/octet-stream", ".bin")
INLINE = {kind[0] for kind in (PNG, JPEG, GIF, WEBP)}
# The file is shown as a document of its own origin: no script, no form, no plugin.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\"<>:|?*]+")


def sniff_file(fileobj) -> tuple[str, str]:
    """(content type, extension) of an open binary file; it is left at its start."""
    head = fileobj.read(32)
    whole = None
    if head.startswith(b"PK"):  # .docx and .xlsx are told apart by their members
        fileobj.seek(0)
        whole = fileobj.read()
    fileobj.seek(0)
    return sniff(head, whole) or UNKNOWN


def safe_filename(name: str, extension: str) -> str:
    """`name` without its own extension (and without the true one doubled) plus
    `extension`: invoice.pdf.exe → invoice.pdf, run.bat → run.gif."""
    base = _UNSAFE.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" ._")
    if "." in base:
        base = base.rsplit(".", 1)[0]
    if base.lower().endswith(extension):
        base = base[: -len(extension)]
    base = base.strip(" ._") or "file"
    return base[:150] + extension


def stored_file_response(fileobj, name: str) -> FileResponse:
    content_type, extension = sniff_file(fileobj)
    inline = content_type in INLINE
    response = FileResponse(
        fileobj,
        as_attachment=not inline,
        filename=safe_filename(name, extension),
        content_type=content_type,
    )
    if inline:
        response["Content-Security-Policy"] = SANDBOX_CSP
    return response
