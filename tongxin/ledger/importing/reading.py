"""Reading an uploaded file: the table found, its columns mapped, every row parsed and
checked in memory; nothing written.

Units, types and areas are loaded once and rows looked up in dictionaries, so a
50,000-row file costs a handful of queries.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit
from tongxin.ledger import permissions
from tongxin.ledger.importing.mapping import (
    HEADER_SCAN_ROWS,
    ColumnMap,
    find_header,
    map_columns,
    skip_reason,
    year_in,
)
from tongxin.ledger.importing.matching import TypeMatcher, UnitMatcher
from tongxin.ledger.importing.pending import pending_cells_load, pending_cells_save
from tongxin.ledger.importing.rows import (  # noqa: F401 (the import's names, in one place)
    REQUIRED,
    TYPE_MISMATCH,
    TYPE_UNKNOWN,
    UNIT_UNKNOWN,
    YEAR_CLOSED,
    ImportRow,
    RowError,
    RowReader,
)
from tongxin.ledger.importing.sheets import (  # noqa: F401
    FILE_UNREADABLE,
    GRID_TOO_LARGE,
    MAX_SHEET_CELLS,
    TableRefused,
    open_table,
    sheet_cell,
)
from tongxin.ledger.models import ClosedYear, ImportBatch, RecordStatus, RecordType, WorkArea
from tongxin.ledger.parsing import normalize
from tongxin.ledger.selectors import records_visible_to
from tongxin.ledger.services import NO_PERMISSION
from tongxin.lib.similarity import title_similarity

MAX_ROWS = 100_000
MAX_IMPORT_BYTES = 30 * 1024 * 1024
DATA_SHEET = "记录"  # i18n: data (the template's sheet names, read back by the import)
HELP_SHEET = "填写说明"  # i18n: data
LISTS_SHEET = "选项"  # i18n: data
TYPE_MARK = "tongxin-record-type:"  # the template's type, in the hidden sheet's D1
DUPLICATE_SIMILARITY = 0.5  # as the record form's duplicate check

FILE_TOO_LARGE = gettext_lazy("文件超过 30 MB，请分成几个文件导入。")
FILE_EMPTY = gettext_lazy("文件中没有记录。")
TOO_MANY_ROWS = gettext_lazy("文件超过 {max} 行，请分成几个文件导入。")
HEADER_MISSING = gettext_lazy("缺少“{label}”列，请使用导入模板。")
TYPE_NEEDED = gettext_lazy("请选择记录类型，或在表中加一列“类别”写明每行的类型。")
WRONG_TEMPLATE = gettext_lazy("这是“{found}”的导入模板，不能导入为“{expected}”记录。")
ALREADY_IMPORTED = gettext_lazy(
    "该文件已于 {date} 由{user}导入（文件名“{filename}”），不能重复导入。"
)
YEAR_FROM = {
    "page": gettext_lazy("页面所选年份"),
    "title": gettext_lazy("表头标题"),
    "sheet": gettext_lazy("工作表名称"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    note: str = ""


def columns_for(record_type: RecordType) -> list[Column]:
    """The template's columns: the common fields and only the measures the type carries."""
    # The template is a Chinese workbook: the import matches these headers, and the notes
    # beside them stay in the same language.
    # i18n: data
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
        # i18n: data
        columns.append(Column("count", f"数量（{word}）", note=f"整数，如 3 或 3{word}"))
    if record_type.has_participants:
        # i18n: data
        columns.append(Column("participants", "参与人数", note="整数，如 40 或 1,200"))
    if record_type.has_amount:
        # i18n: data
        columns.append(Column("amount", "金额（元）", note="以元计；也可写 12.5万元、1.2亿元"))
    # i18n: data
    columns.append(Column("tags", "标签", note="多个标签用逗号分隔"))
    return columns


_HEADER_KEYS = {  # i18n: data (column names the import matches)
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
class Lookups:
    units: UnitMatcher
    types: TypeMatcher
    areas: dict[str, WorkArea]

    @classmethod
    def load(cls, actor) -> "Lookups":
        units = actable_units(actor)
        types = list(RecordType.objects.filter(is_active=True).select_related("area"))
        areas = {}
        for a in WorkArea.objects.all():
            areas[normalize(a.name)] = areas[normalize(a.code)] = a
        return cls(UnitMatcher(units, unit_labels(units)), TypeMatcher(types), areas)


# --- the preview ---------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    row: int
    title: str
    unit_name: str
    record_id: int | None = None  # the existing record, or None for an earlier row
    earlier_row: int | None = None


@dataclass
class ImportPreview:
    sha256: str
    filename: str
    record_type: RecordType | None
    unit: Unit | None = None
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    earlier: ImportBatch | None = None
    columns: list[ColumnMap] = field(default_factory=list)
    header: tuple = ()
    header_row: int | None = None
    rejected: dict[int, tuple] = field(default_factory=dict)  # row -> its cells
    late_rows: list[int] = field(default_factory=list)  # refused only for a closed year
    sheet_name: str = ""
    sheet_names: list[str] = field(default_factory=list)
    year: int | None = None
    year_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def year_note(self) -> str:
        return str(YEAR_FROM.get(self.year_source, ""))

    def errors_by_row(self) -> dict[int, list[RowError]]:
        out = defaultdict(list)
        for error in self.errors:
            if error.row is not None:
                out[error.row].append(error)
        return out


def already_imported_message(batch: ImportBatch) -> str:
    return ALREADY_IMPORTED.format(
        date=f"{timezone.localtime(batch.imported_at):%Y-%m-%d %H:%M}",
        user=batch.imported_by,
        filename=batch.filename,
    )


def _check_template_mark(content, names, record_type, errors) -> bool:
    mark = sheet_cell(content, LISTS_SHEET, 0, 3) if LISTS_SHEET in names else None
    if record_type and isinstance(mark, str) and mark.startswith(TYPE_MARK):
        code = mark.removeprefix(TYPE_MARK)
        if code != record_type.code:
            found = RecordType.objects.filter(code=code).first()
            message = WRONG_TEMPLATE.format(found=found or code, expected=record_type.name)
            errors.append(RowError(None, "", message))
            return False
    return True


def _year(preview: ImportPreview, chosen: int | None, title_texts: list) -> None:
    if chosen:
        preview.year, preview.year_source = chosen, "page"
    elif (year := year_in(title_texts)) is not None:
        preview.year, preview.year_source = year, "title"
    elif (year := year_in([preview.sheet_name])) is not None:
        preview.year, preview.year_source = year, "sheet"


class _Recorded:
    """A table's rows passed on as they are read, and kept: a reading to the end goes
    beside the pending upload (pending_cells_save) for the commit to take."""

    def __init__(self, rows):
        self.rows, self.seen, self.done = rows, [], False

    def __iter__(self):
        return self

    def __next__(self):
        try:
            item = next(self.rows)
        except StopIteration:
            self.done = True
            raise
        self.seen.append(item)
        return item


def _open(preview, content, *, sheet, record_type):
    """The table's rows after its header, with the header found and the year placed;
    None after recording why the file cannot be read."""
    if len(content) > MAX_IMPORT_BYTES:
        preview.errors.append(RowError(None, "", str(FILE_TOO_LARGE)))
        return None
    try:
        table = pending_cells_load(sha256=preview.sha256, filename=preview.filename, sheet=sheet)
        if table is None:
            table = open_table(content, preview.filename, sheet=sheet)
            if sheet is None and DATA_SHEET in table.sheet_names and table.sheet_name != DATA_SHEET:
                table = open_table(content, preview.filename, sheet=DATA_SHEET)
            table.rows = _Recorded(table.rows)
    except TableRefused as refused:
        preview.errors.append(RowError(None, "", refused.message))
        return None
    preview.sheet_name, preview.sheet_names = table.sheet_name, table.sheet_names
    if not _check_template_mark(content, table.sheet_names, record_type, preview.errors):
        return None
    head = []
    for item in table.rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    for message in table.errors:
        preview.errors.append(RowError(None, "", message))
    if table.errors:
        return None
    position = find_header(head)
    return table, head, position


def _map(preview, head, position, *, record_type, unit, remembered, chosen) -> bool:
    if position is None:
        header_row, header = head[0] if head else (1, ())
    else:
        header_row, header = head[position]
    preview.header_row, preview.header = header_row, header
    preview.columns = map_columns(header, remembered, chosen)
    mapped = {c.field for c in preview.columns}
    required = [("unit", "单位"), ("date", "日期"), ("title", "标题")]  # i18n: data
    missing = [
        label
        for key, label in required
        if key not in mapped and not (key == "unit" and unit is not None)
    ]
    for label in missing:
        preview.errors.append(RowError(header_row, label, HEADER_MISSING.format(label=label)))
    if not missing and record_type is None and "record_type" not in mapped:
        preview.errors.append(RowError(None, "", str(TYPE_NEEDED)))
        return False
    return not missing


def import_preview(
    *,
    actor,
    record_type: RecordType | None,
    uploaded_bytes: bytes,
    filename: str,
    unit: Unit | None = None,
    year: int | None = None,
    sheet: str | None = None,
    remembered: dict | None = None,
    chosen: dict | None = None,
    check_duplicates: bool = True,
    late_ok: bool = False,
) -> ImportPreview:
    """Every row read and checked; nothing written. `record_type` sets one type for
    the file (None: a type column names each row's), `unit` the unit of rows without
    one, `year` the year of dates written without one; `chosen` (column index → field)
    is the mapping set on the page, `remembered` (normalised header → field) the one
    confirmed for the unit before. The commit passes `check_duplicates=False` and
    looks for duplicates again inside its transaction. `late_ok` (the commit sending
    closed-year rows as 补录) keeps rows dated in a closed year, marked `late`."""
    if not permissions.can_record(actor):
        raise PermissionDenied(NO_PERMISSION)
    preview = ImportPreview(
        sha256=hashlib.sha256(uploaded_bytes).hexdigest(),
        filename=filename,
        record_type=record_type,
        unit=unit,
    )
    preview.earlier = (
        ImportBatch.objects.filter(sha256=preview.sha256, undone_at__isnull=True)
        .select_related("imported_by")
        .first()
    )
    if preview.earlier is not None:
        preview.errors.append(RowError(None, "", already_imported_message(preview.earlier)))
        return preview
    opened = _open(preview, uploaded_bytes, sheet=sheet, record_type=record_type)
    if opened is None:
        return preview
    table, head, position = opened
    if not _map(
        preview,
        head,
        position,
        record_type=record_type,
        unit=unit,
        remembered=remembered,
        chosen=chosen,
    ):
        return preview
    above = [v for _n, values in head[:position] for v in values if v is not None]
    _year(preview, year, above)
    lookups = Lookups.load(actor)
    if unit is not None and lookups.units.exact.get(normalize(unit.code)) is None:
        raise PermissionDenied(NO_PERMISSION)
    reader = RowReader(
        lookups=lookups,
        columns=preview.columns,
        record_type=record_type,
        unit=unit,
        year=preview.year,
        closed_years=set(ClosedYear.objects.values_list("year", flat=True)),
        out=preview,
        late_ok=late_ok,
    )
    _read_rows(preview, reader, head[position + 1 :], table)
    if isinstance(table.rows, _Recorded) and table.rows.done and not table.errors:
        pending_cells_save(
            sha256=preview.sha256,
            filename=preview.filename,
            sheet=sheet,
            table=table,
            rows=table.rows.seen,
        )
    if check_duplicates:
        preview.duplicates = find_duplicates(actor, preview.rows)
    return preview


def _read_rows(preview: ImportPreview, reader: RowReader, head: list, table) -> None:
    filled = 0

    def rows():
        yield from head
        yield from table.rows

    for rownum, values in rows():
        reason = skip_reason(values)
        if reason is None and reader.blank(values):
            reason = skip_reason(())
        if reason is not None:
            preview.skipped.append((rownum, reason))
            continue
        filled += 1
        if filled > MAX_ROWS:
            preview.errors.append(RowError(None, "", TOO_MANY_ROWS.format(max=MAX_ROWS)))
            return
        row = reader.read(rownum, values)
        if row is None:
            preview.rejected[rownum] = values
        else:
            preview.rows.append(row)
    for message in table.errors:
        preview.errors.append(RowError(None, "", message))
    if filled == 0:
        preview.errors.append(RowError(None, "", str(FILE_EMPTY)))


def find_duplicates(actor, rows: list[ImportRow]) -> list[Duplicate]:
    """Rows like a record the user can see (same unit, type and date, similar title),
    and rows repeating an earlier row of the file. One query."""
    if not rows:
        return []
    existing = defaultdict(list)
    candidates = (
        records_visible_to(actor)
        .filter(
            record_type__in={r.record_type.pk for r in rows},
            date__range=(min(r.date for r in rows), max(r.date for r in rows)),
        )
        .exclude(status=RecordStatus.WITHDRAWN)
        .order_by()
        .values_list("id", "unit_id", "record_type_id", "date", "title")
    )
    for pk, unit_id, type_id, date, title in candidates.iterator(chunk_size=5000):
        existing[(unit_id, type_id, date)].append((pk, title))
    found, seen = [], {}
    for row in rows:
        key = (row.unit.pk, row.record_type.pk, row.date)
        match = next(
            (
                pk
                for pk, title in existing.get(key, ())
                if title_similarity(title, row.title) >= DUPLICATE_SIMILARITY
            ),
            None,
        )
        key = (*key, normalize(row.title))
        if match is not None:
            found.append(Duplicate(row.row, row.title, row.unit.name, record_id=match))
        elif key in seen:
            found.append(Duplicate(row.row, row.title, row.unit.name, earlier_row=seen[key]))
        else:
            seen[key] = row.row
    return found
