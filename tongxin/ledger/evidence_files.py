"""Writing an evidence file so that a failed write leaves nothing behind."""

import contextlib
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

STORAGE_FAILED = _("服务器存储空间不足或无法写入，文件未保存，请稍后重试或联系系统管理员。")


def store_evidence_file(evidence, content: bytes) -> None:
    """Write `content` as `evidence`'s file (named by its hash, see models.evidence_path).
    A write that fails (disk full) leaves no part of the file behind and becomes a
    ValidationError the page shows, not a 500."""
    storage = evidence.file.storage
    # Named up front (the free name under the content hash), so a write that fails
    # half-way leaves its part under a name known here.
    name = storage.get_available_name(evidence.file.field.generate_filename(evidence, "upload"))
    try:
        evidence.file.name = storage.save(name, ContentFile(content))
    except OSError:
        logger.exception("evidence file %s could not be stored", name)
        _remove_partial(storage, name, evidence.sha256)
        raise ValidationError({"file": STORAGE_FAILED}) from None


def _remove_partial(storage, name: str, sha256: str) -> None:
    # Not a whole copy of the same bytes, which another upload of the same file may
    # have written under that name meanwhile.
    try:
        with storage.open(name, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() == sha256:
                return
    except OSError:
        return  # nothing was written
    with contextlib.suppress(OSError):
        storage.delete(name)
