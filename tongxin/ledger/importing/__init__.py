"""Excel import of work records.

sheets.py    opening .xlsx/.xls/.ods/.csv (the enterprise import reads through it too)
mapping.py   finding the header row, naming columns, rows that are no records
matching.py  units and record types as people write them
rows.py      one row read into an ImportRow, or its errors
reading.py   the file read and checked in memory (`import_preview`); nothing written
batches.py   import history, undo of a batch, the workbook of rejected rows
commit.py    `import_commit`: every row or none, one transaction;
             `import_commit_late`: closed-year rows sent as 补录 requests
writing.py   the commit's records, tags and audit rows written as plain rows
template.py  the per-type template with drop-down lists (`build_template`)
pending.py   uploads kept under MEDIA_ROOT/imports/ between preview and commit, with
             the cells their first preview read
"""

from tongxin.ledger.importing.batches import (
    batch_undoable,
    import_batch_undo,
    import_batches_for,
    rejected_load,
    rejected_rows_xlsx,
)
from tongxin.ledger.importing.commit import (
    HAS_ERRORS,
    NOTHING_TO_IMPORT,
    import_commit,
    import_commit_late,
)
from tongxin.ledger.importing.pending import (
    PendingUpload,
    pending_discard,
    pending_load,
    pending_save,
)
from tongxin.ledger.importing.reading import (
    MAX_IMPORT_BYTES,
    Duplicate,
    ImportPreview,
    RowError,
    columns_for,
    import_preview,
)
from tongxin.ledger.importing.template import build_template

__all__ = [
    "batch_undoable",
    "import_batch_undo",
    "import_batches_for",
    "rejected_load",
    "rejected_rows_xlsx",
    "HAS_ERRORS",
    "MAX_IMPORT_BYTES",
    "NOTHING_TO_IMPORT",
    "Duplicate",
    "ImportPreview",
    "PendingUpload",
    "RowError",
    "build_template",
    "columns_for",
    "import_commit",
    "import_commit_late",
    "import_preview",
    "pending_discard",
    "pending_load",
    "pending_save",
]
