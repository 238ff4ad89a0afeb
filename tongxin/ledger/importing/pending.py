"""Uploads kept between the preview and the commit, under MEDIA_ROOT/imports/ (not
the session: a 30 MB file does not belong in a cookie or a session row)."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tongxin.accounts.models import Unit
from tongxin.ledger.models import RecordType


@dataclass(frozen=True)
class PendingUpload:
    sha256: str
    filename: str
    record_type: RecordType | None  # None: a type column names each row's type
    content: bytes
    unit: Unit | None = None
    year: int | None = None
    sheet: str | None = None


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pending_save(
    *,
    actor,
    record_type: RecordType | None,
    filename: str,
    content: bytes,
    unit: Unit | None = None,
    year: int | None = None,
    sheet: str | None = None,
) -> str:
    """Keep an upload until it is committed: the bytes under their hash, and who
    uploaded it as what in a note of the user's own (so one user cannot reach
    another's upload)."""
    sha = hashlib.sha256(content).hexdigest()
    folder = _pending_dir()
    (folder / f"{sha}.xlsx").write_bytes(content)
    note = {
        "filename": filename[:200],
        "record_type": record_type.pk if record_type else None,
        "unit": unit.pk if unit else None,
        "year": year,
        "sheet": sheet or None,
    }
    (folder / f"{sha}.{actor.pk}.json").write_text(json.dumps(note, ensure_ascii=False))
    return sha


def pending_load(*, actor, sha256: str) -> PendingUpload | None:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    folder = _pending_dir()
    try:
        note = json.loads((folder / f"{sha256}.{actor.pk}.json").read_text())
        content = (folder / f"{sha256}.xlsx").read_bytes()
        record_type = None
        if note["record_type"] is not None:
            record_type = RecordType.objects.select_related("area").get(pk=note["record_type"])
        unit = Unit.objects.get(pk=note["unit"]) if note.get("unit") else None
    except (OSError, ValueError, KeyError, RecordType.DoesNotExist, Unit.DoesNotExist):
        return None
    return PendingUpload(
        sha256,
        note["filename"],
        record_type,
        content,
        unit=unit,
        year=note.get("year"),
        sheet=note.get("sheet"),
    )


def pending_discard(*, actor, sha256: str) -> None:
    folder = _pending_dir()
    (folder / f"{sha256}.{actor.pk}.json").unlink(missing_ok=True)
    if not any(folder.glob(f"{sha256}.*.json")):
        (folder / f"{sha256}.xlsx").unlink(missing_ok=True)
