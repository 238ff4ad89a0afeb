"""Reading an uploaded file: every row parsed and checked in memory, nothing written.

Units, types and areas are loaded once and rows looked up in dictionaries, so a
50,000-row file costs a handful of queries.
"""

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from python_calamine import CalamineWorkbook

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit
from tongxin.ledger import permissions
from tongxin.ledger.models import ImportBatch, RecordStatus, RecordType, WorkArea
from tongxin.ledger.parsing import (
    CellError,
    clean_text,
    is_blank,
    normalize,
    parse_amount,
    parse_date,
    parse_integer,
)
from tongxin.ledger.selectors import records_visible_to
from tongxin.ledger.services import END_BEFORE_START, MEASURE_NOT_CARRIED, NO_PERMISSION
from tongxin.lib.similarity import title_similarity
from tongxin.lib.xlsxextent import WorkbookRefused, check_xlsx

MAX_ROWS = 100_000
MAX_IMPORT_BYTES = 30 * 1024 * 1024
DATA_SHEET = "记录"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
TYPE_MARK = "tongxin-record-type:"  # the template's type, in the hidden sheet's D1
DUPLICATE_SIMILARITY = 0.5  # as the record form's duplicate check

FILE_UNREADABLE = "无法读取该文件，请上传用导入模板填写的 .xlsx 文件。"
FILE_TOO_LARGE = "文件超过 30 MB，请分成几个文件导入。"
# The reader builds each sheet as a full grid: a few stray cells far away must not make
# it 17 billion cells (tongxin/lib/xlsxextent.py). 100,000 rows of 100 columns.
MAX_SHEET_CELLS = 10_000_000
MAX_UNPACKED_BYTES = 500 << 20
GRID_TOO_LARGE = (
    "表格的行列范围过大（超过 {cells} 个单元格），请删除远处多余的单元格，或分成几个文件导入。"
)
UNPACKED_TOO_LARGE = "文件解压后超过 {mb} MB，请分成几个文件导入。"
FILE_EMPTY = "文件中没有记录。"
TOO_MANY_ROWS = "文件超过 {max} 行，请分成几个文件导入。"
HEADER_MISSING = "缺少“{label}”列，请使用导入模板。"
WRONG_TEMPLATE = "这是“{found}”的导入模板，不能导入为“{expected}”记录。"
REQUIRED = "请填写{label}。"
UNIT_UNKNOWN = "单位“{value}”不存在，或您不能为该单位填报记录。"
TYPE_UNKNOWN = "记录类型“{value}”不存在或已停用。"
TYPE_MISMATCH = "本次导入的是“{expected}”记录，该行是“{value}”。"
AREA_UNKNOWN = "工作领域“{value}”不存在。"
TITLE_TOO_LONG = "标题超过 200 字。"
TAG_TOO_LONG = "标签“{value}”超过 30 字。"
ALREADY_IMPORTED = "该文件已于 {date} 由{user}导入（文件名“{filename}”），不能重复导入。"
ROW_ERROR = "第 {row} 行“{column}”：{message}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    note: str = ""


def columns_for(record_type: RecordType) -> list[Column]:
    """The template's columns: the common fields and only the measures the type carries."""
    columns = [
        Column("unit", "单位", True, "从下拉列表选择"),
        Column("record_type", "记录类型", False, f"留空即为“{record_type.name}”"),
        Column("area", "工作领域", False, "留空则用记录类型的默认领域"),
        Column("date", "日期", True, "例：2022-03-05，也可写 2022/3/5、2022.3.5、2022年3月5日"),
        Column("end_date", "结束日期", False, "跨多日的工作（如培训班）填写"),
        Column("title", "标题", True, "200 字以内"),
        Column("description", "内容"),
    ]
    if record_type.has_count:
        word = record_type.count_word
        columns.append(Column("count", f"数量（{word}）", note=f"整数，如 3 或 3{word}"))
    if record_type.has_participants:
        columns.append(Column("participants", "参与人数", note="整数，如 40 或 1,200"))
    if record_type.has_amount:
        columns.append(Column("amount", "金额（元）", note="以元计；也可写 12.5万元、1.2亿元"))
    columns.append(Column("tags", "标签", note="多个标签用逗号分隔"))
    return columns


_HEADER_KEYS = {
    "单位": "unit",
    "填报单位": "unit",
    "记录类型": "record_type",
    "类型": "record_type",
    "工作领域": "area",
    "领域": "area",
    "日期": "date",
    "开始日期": "date",
    "结束日期": "end_date",
    "标题": "title",
    "内容": "description",
    "参与人数": "participants",
    "人数": "participants",
    "标签": "tags",
}


def _header_key(text: str) -> tuple[str | None, str]:
    """The field a header names, and the money unit of an amount column
    ("金额（万元）" reads bare numbers as 万元)."""
    label = normalize(text).strip("*")
    if label.startswith("数量") and label != "数量单位":
        return "count", "元"
    if label.startswith("金额"):
        return "amount", "亿元" if "亿" in label else "万元" if "万" in label else "元"
    return _HEADER_KEYS.get(label), "元"


# --- units, types and areas the user may name --------------------------------------


def actable_units(actor) -> list[Unit]:
    """Units `actor` may import for, in tree order (one query)."""
    return [u for u in Unit.objects.order_by("path") if can_act_for_unit(actor, u)]


def unit_labels(units: list[Unit]) -> dict[str, Unit]:
    """The name shown in the drop-down; "名称（代码）" where two units share a name."""
    counts = defaultdict(int)
    for unit in units:
        counts[unit.name] += 1
    return {(u.name if counts[u.name] == 1 else f"{u.name}（{u.code}）"): u for u in units}


@dataclass
class _Lookups:
    units: dict[str, Unit]
    types: dict[str, RecordType]
    areas: dict[str, WorkArea]

    @classmethod
    def load(cls, actor) -> "_Lookups":
        units = {}
        for label, unit in unit_labels(actable_units(actor)).items():
            units[normalize(label)] = units[normalize(unit.code)] = unit
        types, areas = {}, {}
        for t in RecordType.objects.filter(is_active=True).select_related("area"):
            types[normalize(t.name)] = types[normalize(t.code)] = t
        for a in WorkArea.objects.all():
            areas[normalize(a.name)] = areas[normalize(a.code)] = a
        return cls(units, types, areas)


# --- the preview ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return ROW_ERROR.format(row=self.row, column=self.column, message=self.message)


@dataclass(frozen=True)
class Duplicate:
    row: int
    title: str
    unit_name: str
    record_id: int | None = None  # the existing record, or None for an earlier row
    earlier_row: int | None = None


@dataclass
class ImportRow:
    row: int
    unit: Unit
    record_type: RecordType
    area: WorkArea
    date: object
    end_date: object
    title: str
    description: str
    count: int | None
    participants: int | None
    amount: object
    tags: list[str]


@dataclass
class ImportPreview:
    sha256: str
    filename: str
    record_type: RecordType
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    earlier: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def already_imported_message(batch: ImportBatch) -> str:
    return ALREADY_IMPORTED.format(
        date=f"{timezone.localtime(batch.imported_at):%Y-%m-%d %H:%M}",
        user=batch.imported_by,
        filename=batch.filename,
    )


class _RowReader:
    """Turns one spreadsheet row into an ImportRow, or records why it cannot."""

    def __init__(self, record_type, lookups, columns, errors):
        # The lookups' copy has its default area loaded: none fetched while reading rows.
        self.record_type = lookups.types.get(normalize(record_type.code), record_type)
        self.lookups = lookups
        self.columns = columns  # key -> (index, header label, money unit)
        self.errors = errors
        word = record_type.count_word
        # key -> (measure name for messages, carried by the type, parser(value, money unit))
        self.measures = {
            "count": (
                "数量",
                record_type.has_count,
                lambda v, _: parse_integer(v, suffixes=(word,)),
            ),
            "participants": (
                "参与人数",
                record_type.has_participants,
                lambda v, _: parse_integer(v, suffixes=("人", "名")),
            ),
            "amount": ("金额", record_type.has_amount, lambda v, u: parse_amount(v, unit=u)),
        }

    def cells(self, values: tuple) -> dict | None:
        """The row's cells by field, or None for a blank row (skipped, not an error)."""
        cells = {
            key: values[index] if index < len(values) else None
            for key, (index, _label, _unit) in self.columns.items()
        }
        return None if all(is_blank(v) for v in cells.values()) else cells

    def read(self, rownum: int, cells: dict) -> ImportRow | None:
        before = len(self.errors)
        self._record_type(rownum, cells.get("record_type"))
        row = ImportRow(
            row=rownum,
            unit=self._lookup(rownum, "unit", cells, self.lookups.units, UNIT_UNKNOWN),
            record_type=self.record_type,
            area=self._area(rownum, cells.get("area")),
            date=self._parse(rownum, "date", cells, parse_date),
            end_date=self._parse(rownum, "end_date", cells, parse_date),
            title=self._title(rownum, cells.get("title")),
            description=clean_text(cells.get("description")),
            count=self._measure(rownum, "count", cells),
            participants=self._measure(rownum, "participants", cells),
            amount=self._measure(rownum, "amount", cells),
            tags=self._tags(rownum, cells.get("tags")),
        )
        if row.end_date and row.date and row.end_date < row.date:
            self._error(rownum, "end_date", END_BEFORE_START)
        return row if len(self.errors) == before else None

    def _error(self, rownum: int, key: str, message: str) -> None:
        self.errors.append(RowError(rownum, self.columns[key][1], message))

    def _required(self, rownum: int, key: str, value) -> bool:
        if is_blank(value):
            self._error(rownum, key, REQUIRED.format(label=self.columns[key][1]))
            return False
        return True

    def _lookup(self, rownum, key, cells, table, message):
        value = cells.get(key)
        if not self._required(rownum, key, value):
            return None
        found = table.get(normalize(clean_text(value)))
        if found is None:
            self._error(rownum, key, message.format(value=clean_text(value)))
        return found

    def _record_type(self, rownum, value) -> None:
        """Every row is of the import's type; the column, when filled, must agree."""
        if is_blank(value):
            return
        found = self.lookups.types.get(normalize(clean_text(value)))
        if found is None:
            self._error(rownum, "record_type", TYPE_UNKNOWN.format(value=clean_text(value)))
        elif found.pk != self.record_type.pk:
            message = TYPE_MISMATCH.format(expected=self.record_type.name, value=found.name)
            self._error(rownum, "record_type", message)

    def _area(self, rownum, value) -> WorkArea | None:
        if is_blank(value):
            if self.record_type.area is None:
                self.errors.append(RowError(rownum, "工作领域", REQUIRED.format(label="工作领域")))
            return self.record_type.area
        found = self.lookups.areas.get(normalize(clean_text(value)))
        if found is None:
            self._error(rownum, "area", AREA_UNKNOWN.format(value=clean_text(value)))
        return found

    def _parse(self, rownum, key, cells, parser):
        value = cells.get(key)
        if key == "date" and not self._required(rownum, key, value):
            return None
        if is_blank(value):
            return None
        try:
            return parser(value)
        except CellError as exc:
            self._error(rownum, key, str(exc))
            return None

    def _title(self, rownum, value) -> str:
        if not self._required(rownum, "title", value):
            return ""
        title = clean_text(value)
        if len(title) > 200:
            self._error(rownum, "title", TITLE_TOO_LONG)
        return title

    def _measure(self, rownum, key, cells):
        value = cells.get(key)
        if is_blank(value):
            return None
        name, carried, parser = self.measures[key]
        if not carried:
            message = MEASURE_NOT_CARRIED.format(type=self.record_type.name, measure=name)
            self._error(rownum, key, message)
            return None
        try:
            return parser(value, self.columns[key][2])
        except CellError as exc:
            self._error(rownum, key, str(exc))
            return None

    def _tags(self, rownum, value) -> list[str]:
        text = clean_text(value)
        for sep in "，、;；":
            text = text.replace(sep, ",")
        tags = sorted({t.strip() for t in text.split(",") if t.strip()})
        for tag in tags:
            if len(tag) > 30:
                self._error(rownum, "tags", TAG_TOO_LONG.format(value=tag))
        return tags


def _open_sheet(content: bytes, record_type: RecordType, errors: list[RowError]):
    """The data sheet's rows, or None after recording why the file cannot be read.

    Read with calamine (Rust): a 50,000-row file takes ~1 s, against ~7 s in openpyxl,
    and the commit reads the file a second time."""
    if len(content) > MAX_IMPORT_BYTES:
        errors.append(RowError(None, "", FILE_TOO_LARGE))
        return None
    try:
        check_xlsx(content, max_cells=MAX_SHEET_CELLS, max_unpacked=MAX_UNPACKED_BYTES)
    except WorkbookRefused as refused:
        message = {
            "grid_too_large": GRID_TOO_LARGE.format(cells=f"{MAX_SHEET_CELLS:,}"),
            "unpacked_too_large": UNPACKED_TOO_LARGE.format(mb=MAX_UNPACKED_BYTES >> 20),
        }.get(refused.reason, FILE_UNREADABLE)
        errors.append(RowError(None, "", message))
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = book.sheet_names
        sheet = book.get_sheet_by_name(DATA_SHEET if DATA_SHEET in names else names[0])
        mark = _cell(book.get_sheet_by_name(LISTS_SHEET), 0, 3) if LISTS_SHEET in names else None
    except Exception:  # a file that is no workbook, or a damaged one
        errors.append(RowError(None, "", FILE_UNREADABLE))
        return None
    if isinstance(mark, str) and mark.startswith(TYPE_MARK):
        code = mark.removeprefix(TYPE_MARK)
        if code != record_type.code:
            found = RecordType.objects.filter(code=code).first()
            expected = record_type.name
            errors.append(
                RowError(None, "", WRONG_TEMPLATE.format(found=found or code, expected=expected))
            )
            return None
    return _rows(sheet, errors)


def _cell(sheet, row: int, column: int):
    rows = sheet.to_python(skip_empty_area=False, nrows=row + 1)
    return rows[row][column] if len(rows) > row and len(rows[row]) > column else None


def _value(value):
    """A cell as openpyxl gave it, which the parsers expect: None for an empty cell, and
    a whole number as an int (2022, 20220305), since every number is a float here."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(sheet, errors: list[RowError]):
    """The sheet's rows as values, from the sheet's first row and column whatever they
    hold (the row numbers in messages are the spreadsheet's); a damaged file ends the
    reading with an error instead of a server error."""
    try:
        for row in sheet.iter_rows():
            yield tuple(map(_value, row))
    except Exception:
        errors.append(RowError(None, "", FILE_UNREADABLE))


def _map_header(header: tuple, record_type: RecordType, errors: list[RowError]) -> dict | None:
    columns = {}
    for index, text in enumerate(header or ()):
        if is_blank(text):
            continue
        label = clean_text(text).strip().strip("*").strip()
        key, money_unit = _header_key(str(text))
        if key and key not in columns:
            columns[key] = (index, label, money_unit)
    missing = [c.label for c in columns_for(record_type) if c.required and c.key not in columns]
    for label in missing:
        errors.append(RowError(1, label, HEADER_MISSING.format(label=label)))
    return None if missing else columns


def find_duplicates(actor, record_type: RecordType, rows: list[ImportRow]) -> list[Duplicate]:
    """Rows like a record the user can see (same unit and date, similar title), and
    rows repeating an earlier row of the file. One query."""
    if not rows:
        return []
    existing = defaultdict(list)
    candidates = (
        records_visible_to(actor)
        .filter(
            record_type=record_type,
            date__range=(min(r.date for r in rows), max(r.date for r in rows)),
        )
        .exclude(status=RecordStatus.WITHDRAWN)
        .order_by()
        .values_list("id", "unit_id", "date", "title")
    )
    for pk, unit_id, date, title in candidates.iterator(chunk_size=5000):
        existing[(unit_id, date)].append((pk, title))
    found, seen = [], {}
    for row in rows:
        match = next(
            (
                pk
                for pk, title in existing.get((row.unit.pk, row.date), ())
                if title_similarity(title, row.title) >= DUPLICATE_SIMILARITY
            ),
            None,
        )
        key = (row.unit.pk, row.date, normalize(row.title))
        if match is not None:
            found.append(Duplicate(row.row, row.title, row.unit.name, record_id=match))
        elif key in seen:
            found.append(Duplicate(row.row, row.title, row.unit.name, earlier_row=seen[key]))
        else:
            seen[key] = row.row
    return found


def import_preview(
    *,
    actor,
    record_type: RecordType,
    uploaded_bytes: bytes,
    filename: str,
    check_duplicates: bool = True,
) -> ImportPreview:
    """Every row read and checked; nothing written. The commit, which looks for
    duplicates again inside its transaction, passes `check_duplicates=False`."""
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    preview = ImportPreview(
        sha256=hashlib.sha256(uploaded_bytes).hexdigest(),
        filename=filename,
        record_type=record_type,
    )
    preview.earlier = (
        ImportBatch.objects.filter(sha256=preview.sha256).select_related("imported_by").first()
    )
    if preview.earlier is not None:
        preview.errors.append(RowError(None, "", already_imported_message(preview.earlier)))
        return preview
    rows = _open_sheet(uploaded_bytes, record_type, preview.errors)
    if rows is None:
        return preview
    columns = _map_header(next(rows, ()), record_type, preview.errors)
    if columns is None:
        return preview
    reader = _RowReader(record_type, _Lookups.load(actor), columns, preview.errors)
    filled = 0
    for rownum, values in enumerate(rows, start=2):
        cells = reader.cells(values)
        if cells is None:
            continue
        filled += 1
        if filled > MAX_ROWS:
            preview.errors.append(RowError(None, "", TOO_MANY_ROWS.format(max=MAX_ROWS)))
            return preview
        row = reader.read(rownum, cells)
        if row is not None:
            preview.rows.append(row)
    if filled == 0:
        preview.errors.append(RowError(None, "", FILE_EMPTY))
    if check_duplicates:
        preview.duplicates = find_duplicates(actor, record_type, preview.rows)
    return preview
