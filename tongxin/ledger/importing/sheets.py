"""Opening an uploaded table: .xlsx, .xls, .ods (calamine) or .csv (UTF-8 or GB18030).

The ledger import and the enterprise registry import both read through `open_table`:
the workbook guard (tongxin/lib/xlsxextent.py) runs first on an .xlsx, merged cells
are read as their value, and every row comes with its spreadsheet row number and
the cells from column A, so messages name the rows and columns people see.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from tongxin.lib.xlsxextent import WorkbookRefused, check_xlsx

MAX_SHEET_CELLS = 10_000_000
MAX_UNPACKED_BYTES = 500 << 20
MAX_MERGED_CELLS = 100_000  # merged ranges are filled in; a sheet-wide merge is not

FILE_UNREADABLE = _("无法读取该文件，请上传 .xlsx、.xls、.ods 或 .csv 文件。")
GRID_TOO_LARGE = _(
    "表格的行列范围过大（超过 {cells} 个单元格），请删除远处多余的单元格，或分成几个文件导入。"
)
UNPACKED_TOO_LARGE = _("文件解压后超过 {mb} MB，请分成几个文件导入。")
SHEET_MISSING = _("文件中没有名为“{name}”的工作表。")

_OLE = b"\xd0\xcf\x11\xe0"  # .xls (and other OLE compound files)


class TableRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    sheet_name: str
    sheet_names: list[str]
    rows: Iterator[tuple[int, tuple]]  # (spreadsheet row number, cells from column A)
    errors: list[str] = field(default_factory=list)  # a damaged file found while reading


def _value(value):
    """A cell as the parsers expect it: None when empty, a whole number as an int."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without its mark) when it decodes, else GB18030 (which any byte
    string Excel's 另存为 CSV writes in China decodes as)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise TableRefused(str(FILE_UNREADABLE)) from None


def _csv_table(content: bytes, filename: str) -> Table:
    text = decode_csv(content)
    reader = csv.reader(io.StringIO(text))
    rows = (
        (number, tuple(_value(c.strip()) for c in row))
        for number, row in enumerate(reader, start=1)
    )
    name = filename.rsplit(".", 1)[0] if filename else ""
    return Table(name, [name], rows)


def _merged(sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Each covered cell (0-based row, column) → the range's top-left cell."""
    covered = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if (r1 - r0 + 1) * (c1 - c0 + 1) + len(covered) > MAX_MERGED_CELLS:
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0, c0)
    return covered


def _sheet_rows(sheet, errors: list[str]) -> Iterator[tuple[int, tuple]]:
    start_row, start_col = sheet.start or (0, 0)
    pad = (None,) * start_col
    covered = _merged(sheet)
    tops = {top: None for top in covered.values()}
    by_row: dict[int, list] = {}
    for (r, c), top in covered.items():
        by_row.setdefault(r, []).append((c, top))
    try:
        for offset, raw in enumerate(sheet.iter_rows()):
            r = start_row + offset
            values = pad + tuple(map(_value, raw))
            for c in range(len(pad), len(values)):
                if (r, c) in tops:
                    tops[(r, c)] = values[c]
            if r in by_row:
                cells = list(values)
                for c, top in by_row[r]:
                    if c >= len(cells):
                        cells.extend([None] * (c + 1 - len(cells)))
                    if cells[c] is None:
                        cells[c] = tops.get(top)
                values = tuple(cells)
            yield r + 1, values
    except Exception:  # a damaged file ends the reading with an error, not a 500
        errors.append(str(FILE_UNREADABLE))


def open_table(content: bytes, filename: str = "", *, sheet: str | None = None) -> Table:
    """The chosen sheet (by default the first) of the file; raises `TableRefused`."""
    head = content[:4]
    if head == b"PK\x03\x04":
        try:
            check_xlsx(content, max_cells=MAX_SHEET_CELLS, max_unpacked=MAX_UNPACKED_BYTES)
        except WorkbookRefused as refused:
            message = {
                "grid_too_large": GRID_TOO_LARGE.format(cells=f"{MAX_SHEET_CELLS:,}"),
                "unpacked_too_large": UNPACKED_TOO_LARGE.format(mb=MAX_UNPACKED_BYTES >> 20),
            }.get(refused.reason, FILE_UNREADABLE)
            if refused.reason not in ("grid_too_large", "unpacked_too_large"):
                # An .ods is a zip too, but no .xlsx: let calamine try it.
                if not filename.lower().endswith(".ods"):
                    raise TableRefused(str(message)) from None
            else:
                raise TableRefused(str(message)) from None
    elif head != _OLE and filename.lower().endswith((".csv", ".txt")):
        return _csv_table(content, filename)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(book.sheet_names)
        if sheet and sheet not in names:
            raise TableRefused(str(SHEET_MISSING.format(name=sheet)))
        chosen = sheet or names[0]
        data = book.get_sheet_by_name(chosen)
    except TableRefused:
        raise
    except Exception:  # no workbook, or a damaged one
        raise TableRefused(str(FILE_UNREADABLE)) from None
    errors: list[str] = []
    return Table(chosen, names, _sheet_rows(data, errors), errors)


def sheet_cell(content: bytes, sheet_name: str, row: int, column: int):
    """One cell of another sheet (the template's hidden type mark), or None."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False, nrows=row + 1)
    except Exception:
        return None
    return rows[row][column] if len(rows) > row and len(rows[row]) > column else None
