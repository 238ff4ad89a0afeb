"""Reading an enterprise list from Excel or CSV: one row per enterprise, merged into
the registry by credit code. All or nothing: one bad row and nothing is written.
The file is opened by the ledger import's reader (tongxin/ledger/importing/sheets.py)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from tongxin.cases import creditcode
from tongxin.cases.models import Industry, Ownership
from tongxin.ledger.importing.mapping import HEADER_SCAN_ROWS
from tongxin.ledger.importing.sheets import TableRefused, open_table
from tongxin.ledger.parsing import CellError, clean_text, is_blank, normalize, parse_date

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

# Column label → field; a few spellings people use.
# i18n: data (column names the import matches)
HEADERS = {
    "企业名称": "name",
    "名称": "name",
    "统一社会信用代码": "credit_code",
    "信用代码": "credit_code",
    "所在地": "district",
    "所在区(市、县)": "district",
    "所在区县": "district",
    "行业门类": "industry",
    "行业": "industry",
    "所有制类别": "ownership",
    "所有制": "ownership",
    "成立日期": "founded_on",
    "落户本市日期": "arrived_on",
    "落户日期": "arrived_on",
}
REQUIRED = ("name", "credit_code", "district", "industry", "ownership")
# i18n: data (the same columns, as the workbook names them)
LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "district": "所在地",
    "industry": "行业门类",
    "ownership": "所有制类别",
    "founded_on": "成立日期",
    "arrived_on": "落户本市日期",
}

ROW_ERROR = _("第{row}行 {column}：{message}")
NOT_A_WORKBOOK = _("无法读取该文件，请上传 Excel（.xlsx）文件。")
TOO_LARGE = _("文件超过 5 MB。")
TOO_MANY_ROWS = _("一次最多导入 20000 行。")
MISSING_COLUMNS = _("缺少列：{names}。")
EMPTY = _("表格中没有企业。")
REQUIRED_CELL = _("请填写{label}。")
UNKNOWN_UNIT = _("找不到单位“{value}”，或您不能为该单位登记企业。")
UNKNOWN_INDUSTRY = _("无法识别的行业门类“{value}”，请写门类字母（如 C）或名称（如 制造业）。")
UNKNOWN_OWNERSHIP = _("无法识别的所有制类别“{value}”，可填：{choices}。")
REPEATED_CODE = _("统一社会信用代码与第{row}行重复。")

_INDUSTRY = {str(label): value for value, label in Industry.choices}
_OWNERSHIP = {str(label): value for value, label in Ownership.choices}


@dataclass
class EnterpriseRows:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, values)
    errors: list[str] = field(default_factory=list)


def _industry(text: str) -> str:
    text = normalize(text)
    letter = text[:1].upper()
    if letter in Industry.values and (len(text) == 1 or text[1:] == str(Industry(letter).label)):
        return letter
    if text in _INDUSTRY:
        return _INDUSTRY[text]
    raise CellError(UNKNOWN_INDUSTRY.format(value=text))


def _ownership(text: str) -> str:
    text = normalize(text)
    if text in _OWNERSHIP:
        return _OWNERSHIP[text]
    raise CellError(UNKNOWN_OWNERSHIP.format(value=text, choices=_("、").join(_OWNERSHIP)))


def _cell(name: str, value, units: dict):
    if is_blank(value):
        if name in REQUIRED:
            raise CellError(REQUIRED_CELL.format(label=LABELS[name]))
        return None
    if name in ("founded_on", "arrived_on"):
        return parse_date(value)
    text = clean_text(value)
    if name == "credit_code":
        try:
            return creditcode.validate(text)
        except creditcode.CreditCodeError as exc:
            raise CellError(str(exc)) from None
    if name == "district":
        unit = units.get(normalize(text))
        if unit is None:
            raise CellError(UNKNOWN_UNIT.format(value=text))
        return unit
    if name == "industry":
        return _industry(text)
    if name == "ownership":
        return _ownership(text)
    return text


def _header_position(head: list) -> int:
    """The first of the top rows naming two or more known columns (a title row above
    the table is passed over), else the first row."""
    for position, (_number, values) in enumerate(head):
        names = {HEADERS.get(normalize(clean_text(v))) for v in values} - {None}
        if len(names) >= 2:
            return position
    return 0


def read_enterprises(content: bytes, *, units, filename: str = "") -> EnterpriseRows:
    """The rows of the first sheet (.xlsx, .xls, .ods or .csv, read as the ledger import
    reads), checked; `units` are those the importer may use."""
    out = EnterpriseRows()
    if len(content) > MAX_BYTES:
        out.errors.append(TOO_LARGE)
        return out
    try:
        table = open_table(content, filename)
    except TableRefused:
        out.errors.append(NOT_A_WORKBOOK)
        return out
    by_name = {normalize(u.name): u for u in units}
    head = []
    for item in table.rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    position = _header_position(head)
    header = head[position][1] if head else ()
    columns = {
        i: HEADERS[normalize(clean_text(h))]
        for i, h in enumerate(header)
        if normalize(clean_text(h)) in HEADERS
    }
    missing = [LABELS[name] for name in REQUIRED if name not in columns.values()]
    if missing:
        out.errors.append(MISSING_COLUMNS.format(names="、".join(missing)))
        return out
    seen: dict[str, int] = {}

    def rows():
        yield from head[position + 1 :]
        yield from table.rows

    for number, row in rows():
        if all(is_blank(v) for v in row):
            continue
        if len(out.rows) + len(out.errors) >= MAX_ROWS:
            out.errors.append(TOO_MANY_ROWS)
            break
        values, ok = {}, True
        for index, name in columns.items():
            try:
                values[name] = _cell(name, row[index] if index < len(row) else None, by_name)
            except CellError as exc:
                out.errors.append(ROW_ERROR.format(row=number, column=LABELS[name], message=exc))
                ok = False
        code = values.get("credit_code")
        if code and code in seen:
            out.errors.append(
                ROW_ERROR.format(
                    row=number,
                    column=LABELS["credit_code"],
                    message=REPEATED_CODE.format(row=seen[code]),
                )
            )
            ok = False
        elif code:
            seen[code] = number
        if ok:
            out.rows.append((number, values))
    if table.errors:
        out.errors.append(NOT_A_WORKBOOK)
    if not out.rows and not out.errors:
        out.errors.append(EMPTY)
    return out
