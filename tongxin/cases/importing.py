"""Reading an enterprise list from Excel (.xlsx): one row per enterprise, merged into
the registry by credit code. All or nothing: one bad row and nothing is written."""

import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook

from tongxin.cases import creditcode
from tongxin.cases.models import Industry, Ownership
from tongxin.ledger.parsing import CellError, clean_text, is_blank, normalize, parse_date

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

# Column label → field; a few spellings people use.
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
LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "district": "所在地",
    "industry": "行业门类",
    "ownership": "所有制类别",
    "founded_on": "成立日期",
    "arrived_on": "落户本市日期",
}

NOT_A_WORKBOOK = "无法读取该文件，请上传 Excel（.xlsx）文件。"
TOO_LARGE = "文件超过 5 MB。"
TOO_MANY_ROWS = "一次最多导入 20000 行。"
MISSING_COLUMNS = "缺少列：{names}。"
EMPTY = "表格中没有企业。"
REQUIRED_CELL = "请填写{label}。"
UNKNOWN_UNIT = "找不到单位“{value}”，或您不能为该单位登记企业。"
UNKNOWN_INDUSTRY = "无法识别的行业门类“{value}”，请写门类字母（如 C）或名称（如 制造业）。"
UNKNOWN_OWNERSHIP = "无法识别的所有制类别“{value}”，可填：{choices}。"
REPEATED_CODE = "统一社会信用代码与第{row}行重复。"

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
    raise CellError(UNKNOWN_OWNERSHIP.format(value=text, choices="、".join(_OWNERSHIP)))


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


def read_enterprises(content: bytes, *, units) -> EnterpriseRows:
    """The rows of the first sheet, checked; `units` are those the importer may use."""
    out = EnterpriseRows()
    if len(content) > MAX_BYTES:
        out.errors.append(TOO_LARGE)
        return out
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        out.errors.append(NOT_A_WORKBOOK)
        return out
    by_name = {normalize(u.name): u for u in units}
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows, ())
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
    for number, row in enumerate(rows, start=2):
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
                out.errors.append(f"第{number}行 {LABELS[name]}：{exc}")
                ok = False
        code = values.get("credit_code")
        if code and code in seen:
            out.errors.append(
                f"第{number}行 统一社会信用代码：{REPEATED_CODE.format(row=seen[code])}"
            )
            ok = False
        elif code:
            seen[code] = number
        if ok:
            out.rows.append((number, values))
    book.close()
    if not out.rows and not out.errors:
        out.errors.append(EMPTY)
    return out
