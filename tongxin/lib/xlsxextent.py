"""How large a grid an .xlsx file makes a reader build, found before it is built.

calamine (the import's reader) turns a sheet into a dense grid spanning its cells: a
5 KB file with cells at A1 and XFD1048576 asks for 17 billion cells (550 GB) and the
process aborts, which no `except` catches (tafia/calamine#693). This scan bounds the
grid of every sheet from the XML itself, streaming, so such a file is refused first.

The bound is conservative: a cell's position is its `r` attribute when it has one, and
the next position after the previous one when it has not, so a sheet's last row is at
most the largest row named plus the number of rows, and its last column at most the
largest column named plus the most cells in a row.
"""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

CHUNK = 1 << 20
MAX_TAG = 1 << 20  # longer than any tag or cell text (32,767 characters) a spreadsheet has
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# A tag's attributes; a quoted value may hold '>', and '<' ends any match (it cannot occur
# in a tag), so a malformed tag costs no rescan.
_ATTRS = rb"""(?:[^<>"']|"[^<"]*"|'[^<']*')*"""
_WHOLE_TAG = re.compile(rb"<" + _ATTRS + rb">")
_CELL = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])")
# What moves calamine to the next row: </row>, and <row/> should it expand empty tags.
_ROW_END = re.compile(
    rb"</" + _PREFIX + rb"row\s*>|<" + _PREFIX + rb"row(?=[\s/])" + _ATTRS + rb"/>"
)
# Every r="B12" or r="12" anywhere, even as the end of another attribute's name (xr=),
# in another attribute's value or in text: more is safe, fewer would not be. Starting
# with the literal r lets the regex engine skip to each r.
_REF = re.compile(rb"""r\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)["']""")


class WorkbookRefused(Exception):
    """The file is no .xlsx, unpacks past the limit, or spans too large a grid."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "not_xlsx", "unpacked_too_large" or "grid_too_large"


@dataclass
class _Extent:
    """calamine's position logic (src/xlsx/cells_reader.rs): a cell's r sets row and
    column; without it the cell takes the current ones; the column moves on after each
    cell and goes back to 0 at each row's end, where the row moves on; a row's r sets it."""

    row_ends: int = 0
    max_row: int = 0  # largest row number named
    max_col: int = 0  # largest column number named
    cells_since_row_end: int = 0
    most_cells_in_row: int = 0

    def cells(self) -> int:
        if not self.most_cells_in_row:
            return 0  # no cell, no grid (themes and styles name r= in other senses)
        return (self.max_row + self.row_ends + 1) * (self.max_col + self.most_cells_in_row + 1)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _scan(extent: _Extent, data: bytes) -> None:
    """Fold one stretch of XML (cut between tags) into the extent."""
    rows = _ROW_END.split(data)
    extent.row_ends += len(rows) - 1
    counts = [len(_CELL.findall(r)) for r in rows]
    # The first stretch continues the row the previous one left open; the last stays open.
    counts[0] += extent.cells_since_row_end
    extent.cells_since_row_end = counts[-1]
    extent.most_cells_in_row = max(extent.most_cells_in_row, *counts)
    refs = _REF.findall(data)
    if not refs:
        return
    letters = [a for a, _ in refs if a]
    if letters:
        longest = max(map(len, letters))
        if longest > 3:  # past XFD, Excel's last column
            extent.max_col = max(extent.max_col, 26**longest)
        else:
            widest = max(a.upper() for a in letters if len(a) == longest)
            extent.max_col = max(extent.max_col, _column_number(widest))
    digits = [d for _, d in refs if d]
    if digits:
        # int() refuses 4,300 digits; nine are past Excel's 1,048,576 rows already.
        longest = max(map(len, digits))
        extent.max_row = max(extent.max_row, 10**9 if longest > 9 else max(map(int, digits)))


def check_xlsx(content: bytes, *, max_cells: int, max_unpacked: int) -> int:
    """Raise WorkbookRefused unless `content` is an .xlsx package whose parts unpack to
    at most `max_unpacked` bytes and none of whose parts spans more than `max_cells`.
    Every XML part is scanned, not only those the workbook names as sheets: a sheet may
    live at any path its relationships give. Returns the largest part's bound."""
    try:
        package = zipfile.ZipFile(BytesIO(content))
        names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused("not_xlsx") from None
    if "xl/workbook.xml" not in names:
        raise WorkbookRefused("not_xlsx")
    unpacked = largest = 0
    try:
        for info in package.infolist():
            if not info.filename.lower().endswith(".xml"):
                continue
            extent, tail = _Extent(), b""
            with package.open(info) as part:
                while chunk := part.read(CHUNK):
                    unpacked += len(chunk)
                    if unpacked > max_unpacked:
                        raise WorkbookRefused("unpacked_too_large")
                    data = tail + chunk
                    # From the last '<' on, the data waits for the next chunk: it may be
                    # a tag the chunk's end cut ('<' never occurs inside a tag).
                    cut = data.rfind(b"<")
                    if cut < 0 or _WHOLE_TAG.match(data, cut):
                        cut = len(data)
                    elif len(data) - cut > MAX_TAG:
                        raise WorkbookRefused("not_xlsx")
                    _scan(extent, data[:cut])
                    tail = data[cut:]
            _scan(extent, tail)
            largest = max(largest, extent.cells())
            if largest > max_cells:
                raise WorkbookRefused("grid_too_large")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        # Damaged or encrypted parts, unsupported compression.
        raise WorkbookRefused("not_xlsx") from None
    return largest
