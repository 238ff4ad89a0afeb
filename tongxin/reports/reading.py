"""Turning an uploaded or pasted article into text: .txt (UTF-8 or GB18030),
.html (through the text kit's extractor) or .docx (its paragraphs)."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.text.cli import decode

UNSUPPORTED = gettext_lazy("只能读取 .txt、.html 或 .docx 文件。")
UNREADABLE = gettext_lazy("无法识别文件编码（支持 UTF-8 和 GB18030）。")
BAD_DOCX = gettext_lazy("无法打开该 Word 文件，请确认是 .docx 格式。")
MAX_BYTES = 5 * 1024 * 1024


def text_from_upload(name: str, data: bytes) -> str:
    lower = name.lower()
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件超过 5 MB。"))
    if lower.endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several kinds for a bad file
            raise ValidationError(BAD_DOCX) from exc
        return "\n".join(p.text for p in document.paragraphs)
    if lower.endswith((".txt", ".html", ".htm")):
        try:
            return decode(data)
        except UnicodeDecodeError as exc:
            raise ValidationError(UNREADABLE) from exc
    raise ValidationError(UNSUPPORTED)
