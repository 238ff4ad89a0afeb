"""Uploads kept between the preview and the commit, under MEDIA_ROOT/imports/ (not
the session: a 30 MB file does not belong in a cookie or a session row).

Beside a pending upload, the cells its first preview read (`pending_cells_save`): the
commit and every later preview of it take them from there instead of unpacking and
guarding the workbook again (a 50,000-row sheet: ~2 s of CPU, ~0.3 s as JSON). Only the
reading of the file is kept; its rows are checked again each time.
"""

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tongxin.accounts.models import Unit
from tongxin.ledger.importing.sheets import Table
from tongxin.ledger.models import RecordType

CELLS_FORMAT = 1  # part of the file name: a reader changed since cannot take old cells


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
        for cells in folder.glob(f"{sha256}-cells*"):
            cells.unlink(missing_ok=True)


# ---- the cells read from a pending upload ----


def _cells_path(sha256: str, filename: str, sheet: str | None) -> Path:
    # The file name counts: a .csv's sheet is named after it, and the suffix decides
    # how some files are read.
    key = hashlib.sha256(json.dumps([filename, sheet]).encode()).hexdigest()[:16]
    return _pending_dir() / f"{sha256}-cells{CELLS_FORMAT}-{key}.json"


_CELL_TYPES = {
    "datetime": (dt.datetime, dt.datetime.isoformat, dt.datetime.fromisoformat),
    "date": (dt.date, dt.date.isoformat, dt.date.fromisoformat),
    "time": (dt.time, dt.time.isoformat, dt.time.fromisoformat),
    "timedelta": (
        dt.timedelta,
        lambda d: [d.days, d.seconds, d.microseconds],
        lambda v: dt.timedelta(*v),
    ),
}


def _encode(value):
    """A cell JSON has no type for, as {"<type>": text}."""
    for name, (kind, dump, _load) in _CELL_TYPES.items():  # datetime before date
        if isinstance(value, kind):
            return {name: dump(value)}
    raise TypeError(type(value).__name__)


def _decode(obj: dict):
    if len(obj) == 1:
        ((name, value),) = obj.items()
        if name in _CELL_TYPES:
            return _CELL_TYPES[name][2](value)
    return obj


def pending_cells_save(
    *, sha256: str, filename: str, sheet: str | None, table: Table, rows: list
) -> None:
    """Keep `rows` ((row number, cells) as `table` gave them, every one of them) for the
    upload `sha256` read as `filename`, with `sheet` asked for; only while the upload is
    pending. A cell of a type JSON cannot hold leaves nothing kept."""
    folder = _pending_dir()
    if not (folder / f"{sha256}.xlsx").exists():
        return
    data = {"sheet_name": table.sheet_name, "sheet_names": table.sheet_names, "rows": rows}
    try:
        text = json.dumps(data, ensure_ascii=False, default=_encode, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    path = _cells_path(sha256, filename, sheet)
    # Written aside and moved into place: a preview reading at the same time finds the
    # whole file or none.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def pending_cells_load(*, sha256: str, filename: str, sheet: str | None) -> Table | None:
    """The table kept by `pending_cells_save`, or None."""
    try:
        text = _cells_path(sha256, filename, sheet).read_text(encoding="utf-8")
        data = json.loads(text, object_hook=_decode)
        rows = [(number, tuple(cells)) for number, cells in data["rows"]]
        return Table(data["sheet_name"], data["sheet_names"], iter(rows))
    except (OSError, ValueError, KeyError, TypeError):
        return None
