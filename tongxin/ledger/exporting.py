"""Export of the filtered record list to xlsx, and the filter read from GET parameters
(shared with the list page, so the export holds exactly the records the list shows)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tongxin.audit.services import audit_log
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.ledger.selectors import DEFAULT_SORT, SORTS, RecordFilter

SHEET_TITLE = "工作台账"  # i18n: data (export file format, same in every language)
CHUNK = 900  # ids per tag query: under SQLite's oldest limit of 999 parameters
# The import reads these headers too, so an exported file can be edited and imported
# again (编号 and the columns after 标签 are ignored there).
HEADERS = [  # i18n: data (export columns; the import reads them back)
    ("编号", 8),
    ("单位", 16),
    ("记录类型", 14),
    ("工作领域", 14),
    ("日期", 12),
    ("结束日期", 12),
    ("标题", 40),
    ("内容", 50),
    ("数量", 8),
    ("数量单位", 8),
    ("参与人数", 10),
    ("金额（元）", 16),
    ("标签", 20),
    ("状态", 10),
]


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def record_filter_from_params(params) -> RecordFilter:
    """A RecordFilter from query parameters (a QueryDict or a dict); a value that does
    not parse is ignored rather than refused, as the list page does."""
    status = (params.get("status") or "").strip()
    sort = (params.get("sort") or "").strip()
    year = _int(params.get("year"))
    return RecordFilter(
        year=year if year and 1900 <= year <= 2100 else None,
        unit_id=_int(params.get("unit")),
        include_subunits=(params.get("subunits") or "1").strip() not in {"0", "false", "no"},
        area_id=_int(params.get("area")),
        type_id=_int(params.get("type")),
        status=status if status in RecordStatus.values else None,
        tag=(params.get("tag") or "").strip() or None,
        q=(params.get("q") or "").strip(),
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


FIELDS = (
    "id",
    "unit__name",
    "record_type__name",
    "area__name",
    "date",
    "end_date",
    "title",
    "description",
    "count",
    "record_type__count_word",
    "participants",
    "amount",
    "status",
)


def _text(sheet, value: str):
    # openpyxl writes a string starting with "=" as a formula; a title such as
    # "=HYPERLINK(...)" typed by a user must stay text in the department's Excel.
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _tags_of(ids: list[int]) -> dict[int, str]:
    through = WorkRecord.tags.through
    names = defaultdict(list)
    links = through.objects.filter(workrecord_id__in=ids).values_list("workrecord_id", "tag__name")
    for record_id, name in links.order_by("tag__name"):
        names[record_id].append(name)
    return {record_id: "，".join(tags) for record_id, tags in names.items()}


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def records_to_xlsx(queryset: QuerySet, stream) -> int:
    """Write the records of `queryset` (in its order) as an xlsx workbook to `stream`.
    Write-only mode, plain values instead of model instances and chunked reads keep
    time and memory flat for 100,000 rows. Returns the number of rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    bold = Font(bold=True)
    header = []
    for index, (label, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    statuses = {value: str(label) for value, label in RecordStatus.choices}
    written = 0
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows, CHUNK):
        tags = _tags_of([row[0] for row in chunk])
        for (
            pk,
            unit,
            kind,
            area,
            date,
            end,
            title,
            desc,
            count,
            word,
            people,
            amount,
            status,
        ) in chunk:
            sheet.append(
                [
                    pk,
                    _text(sheet, unit),
                    _text(sheet, kind),
                    _text(sheet, area),
                    date,
                    end,
                    _text(sheet, title),
                    _text(sheet, desc),
                    count,
                    word if count is not None else None,
                    people,
                    amount,
                    _text(sheet, tags.get(pk, "")),
                    statuses.get(status, status),
                ]
            )
        written += len(chunk)
    book.save(stream)
    return written


@transaction.atomic
def records_export_log(*, actor, params: dict, row_count: int) -> None:
    """Audit the export: which filter, how many records left the system."""
    audit_log(
        actor=actor,
        action="record.export",
        unit=getattr(actor, "unit", None),
        after={"filter": params, "row_count": row_count},
    )
