"""Finding the table in a sheet people keep, and naming its columns.

The header is the row (of the first rows) whose cells best match the known column
names; a column name matches after full-width characters, spaces and brackets are
normalised, or by a known name inside a longer one (会议名称, 开展时间). An amount's
money unit comes from its header (经费（万元）). Framework-light: no queries here.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

HEADER_SCAN_ROWS = 30
NOTE = "note"  # a leftover column appended to the description as 备注
IGNORE = "ignore"

FIELD_LABELS = {
    "unit": _("单位"),
    "record_type": _("记录类型"),
    "area": _("工作领域"),
    "date": _("日期"),
    "end_date": _("结束日期"),
    "title": _("标题"),
    "description": _("内容"),
    "count": _("数量"),
    "participants": _("参与人数"),
    "amount": _("金额"),
    "tags": _("标签"),
    NOTE: _("追加到内容（备注）"),
    IGNORE: _("忽略"),
}
FIELDS = [k for k in FIELD_LABELS if k not in (NOTE, IGNORE)]

# i18n: data (the column names departments write, matched after normalising)
SYNONYMS = {
    "unit": ["单位", "承办单位", "责任单位", "责任科室", "填报单位", "科室", "主办单位"],
    "record_type": ["记录类型", "类型", "类别", "工作类型", "活动类型"],
    "area": ["工作领域", "领域"],
    "date": ["日期", "时间", "活动时间", "签约日期", "开始日期", "活动日期", "开展时间"],
    "end_date": ["结束日期", "结束时间"],
    "title": ["标题", "活动名称", "工作事项", "事项", "名称", "会议名称", "主题"],
    "description": ["内容", "主要内容", "工作内容", "活动内容", "情况说明"],
    "count": ["数量"],
    "participants": ["参与人数", "参加人数", "人数", "培训人数"],
    "amount": ["金额", "经费", "资金", "签约金额", "授信金额"],
    "tags": ["标签"],
}
# i18n: data
IGNORED_HEADERS = {"序号", "编号", "No", "No.", "错误原因"}
_BY_NAME = {name: key for key, names in SYNONYMS.items() for name in names}
_BY_LENGTH = sorted(_BY_NAME, key=len, reverse=True)
_BRACKETS = re.compile(r"[()\[\]【】<>《》]")  # i18n: data
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")  # i18n: data
_LONE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def norm(text) -> str:
    """Full-width to half-width, spaces and a required mark removed."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).strip("*")


def money_unit(label: str) -> str:
    text = norm(label)
    return "亿元" if "亿" in text else "万元" if "万" in text else "元"


def header_field(label) -> str | None:
    """The field a column name means, or None."""
    text = norm(label)
    if not text or len(text) > 16 or ":" in text:
        return None
    base = _BRACKETS.split(text)[0] or text
    if base in IGNORED_HEADERS:
        return IGNORE
    if base in _BY_NAME:
        return _BY_NAME[base]
    if base.startswith("数量") and base != "数量单位":
        return "count"
    for name in _BY_LENGTH:  # the longest known name inside a longer header
        if name in base:
            return _BY_NAME[name]
    return None


@dataclass
class ColumnMap:
    index: int
    label: str
    field: str  # one of FIELDS, NOTE or IGNORE
    guessed: bool  # matched by name (True) or set by the user / a remembered mapping
    money_unit: str = "元"


def find_header(rows: list[tuple[int, tuple]]) -> int | None:
    """The position in `rows` of the row naming the most distinct fields (two or more)."""
    best, best_score = None, 1
    for position, (_number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = {header_field(v) for v in values} - {None, IGNORE}
        if len(fields) > best_score:
            best, best_score = position, len(fields)
    return best


def map_columns(header: tuple, remembered: dict | None = None, chosen: dict | None = None):
    """The header's columns, each given a field: chosen on the page, else remembered for
    the unit (by normalised name), else by name; a leftover column goes to 备注."""
    remembered, chosen = remembered or {}, chosen or {}
    columns, taken = [], set()
    for index, text in enumerate(header):
        if text is None or not str(text).strip():
            continue
        label = str(text).strip().strip("*").strip()
        key, guessed = header_field(label), True
        if index in chosen:
            key, guessed = chosen[index], False
        elif norm(label) in remembered:
            key, guessed = remembered[norm(label)], False
        if key in FIELDS and key in taken:
            key = NOTE  # the second column of a field: kept, never lost
        if key is None:
            key = NOTE
        if key in FIELDS:
            taken.add(key)
        columns.append(ColumnMap(index, label, key, guessed, money_unit(label)))
    return columns


def year_in(texts) -> int | None:
    """A year written in the title rows or a sheet name (2024年调研报告台账)."""
    for text in texts:
        text = norm(text)
        match = _YEAR.search(text) or _LONE_YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


# --- rows that are not records --------------------------------------------------------

# i18n: data
_TOTALS = {"合计", "小计", "总计", "共计"}
# i18n: data
_NOTES = ("填表说明", "说明:", "备注:", "注:")
_NOTE_STARTS = {n[0] for n in _NOTES}


def skip_reason(values: tuple) -> str | None:
    """Why a row is no record (a total or a note), or None. Called for every row:
    a cell is normalised only when it may be a total or a note."""
    first = None
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            if not value.strip():
                continue
            if "计" in value and norm(value) in _TOTALS:
                return str(_("合计行"))
        if first is None:
            first = value
    if first is None:
        return str(_("空行"))
    is_note = isinstance(first, str) and first.lstrip()[:1] in _NOTE_STARTS
    if is_note and norm(first).startswith(_NOTES):
        return str(_("说明或备注"))
    return None
