"""One spreadsheet row turned into an ImportRow, or the reasons it cannot be."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.models import Unit
from tongxin.ledger.importing.mapping import IGNORE, NOTE, ColumnMap
from tongxin.ledger.models import RecordType, WorkArea
from tongxin.ledger.parsing import (
    MAX_YEAR,
    MIN_YEAR,
    CellError,
    clean_text,
    is_blank,
    normalize,
    parse_amount,
    parse_date,
    parse_integer,
)
from tongxin.ledger.services import END_BEFORE_START

REQUIRED = gettext_lazy("请填写{label}。")
UNIT_UNKNOWN = gettext_lazy("单位“{value}”不存在，或您不能为该单位填报记录。")
UNIT_CLOSEST = gettext_lazy("最接近的单位：{names}。")
UNIT_AMBIGUOUS = gettext_lazy("单位“{value}”可指多个单位：{names}，请写全称。")
TYPE_UNKNOWN = gettext_lazy("记录类型“{value}”不存在或已停用。")
TYPE_MISMATCH = gettext_lazy("本次导入的是“{expected}”记录，该行是“{value}”。")
AREA_UNKNOWN = gettext_lazy("工作领域“{value}”不存在。")
TITLE_TOO_LONG = gettext_lazy("标题超过 200 字。")
TAG_TOO_LONG = gettext_lazy("标签“{value}”超过 30 字。")
YEAR_CLOSED = gettext_lazy("{year}年已结账，请通过补录提交")
MEASURE_MOVED = gettext_lazy("“{type}”不记录{measure}，已写入内容：{text}")
ROW_ERROR = gettext_lazy("第 {row} 行“{column}”：{message}")


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return ROW_ERROR.format(row=self.row, column=self.column, message=self.message)


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
    late: bool = False  # dated in a closed year: sent as a 补录 request, not imported


_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value) -> dt.date | None:
    """A cell written 2022-03-05 (what the template and most exports hold) as its date,
    as `parse_date` reads it but without its normalising; None for any other cell, a
    date that does not exist or one out of range, which `parse_date` then reads or
    refuses with its reason."""
    if type(value) is not str or len(value) != 10 or not _ISO.fullmatch(value):
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return date if MIN_YEAR <= date.year <= MAX_YEAR else None


class RowReader:
    """Reads rows with the file's column mapping; errors and notices go to the lists."""

    def __init__(
        self, *, lookups, columns, record_type, unit, year, closed_years, out, late_ok=False
    ):
        self.lookups = lookups
        self.late_ok = late_ok  # closed-year dates mark the row late instead of refusing it
        self.late_rows = getattr(out, "late_rows", [])
        self.fixed_type = (
            lookups.types.exact.get(normalize(record_type.code), record_type)
            if record_type
            else None
        )
        self.unit = unit
        self.year = year
        self.closed_years = closed_years
        self.errors, self.notices = out.errors, out.notices
        self.fields: dict[str, ColumnMap] = {}
        self.notes: list[ColumnMap] = []
        for column in columns:
            if column.field == NOTE:
                self.notes.append(column)
            elif column.field != IGNORE:
                self.fields.setdefault(column.field, column)
        self.indexes = [c.index for c in columns if c.field != IGNORE]

    def blank(self, values: tuple) -> bool:
        return all(is_blank(values[i]) if i < len(values) else True for i in self.indexes)

    def read(self, rownum: int, values: tuple) -> ImportRow | None:
        self.rownum, self.values, before = rownum, values, len(self.errors)
        self.extra: list[str] = []
        self.late, self.closed_errors = False, 0
        record_type = self._record_type()
        row = ImportRow(
            row=rownum,
            unit=self._unit(),
            record_type=record_type,
            area=self._area(record_type),
            date=self._date("date", required=True),
            end_date=self._date("end_date"),
            title=self._title(),
            description=clean_text(self._cell("description")),
            count=None,
            participants=None,
            amount=None,
            tags=self._tags(),
        )
        if record_type is not None:
            row.count = self._measure("count", record_type, record_type.has_count)
            row.participants = self._measure(
                "participants", record_type, record_type.has_participants
            )
            row.amount = self._measure("amount", record_type, record_type.has_amount)
        if row.end_date and row.date and row.end_date < row.date:
            self._error("end_date", END_BEFORE_START)
        for column in self.notes:
            text = clean_text(self._at(column.index))
            if text:
                # i18n: data
                prefix = "备注：" if column.label == "备注" else f"备注：{column.label}："
                self.extra.append(prefix + text)
        if self.extra:
            row.description = "\n".join(filter(None, [row.description, *self.extra]))
        row.late = self.late
        if self.closed_errors and len(self.errors) - before == self.closed_errors:
            # Refused only for its closed year: the preview offers it as 补录.
            self.late_rows.append(rownum)
        return row if len(self.errors) == before else None

    # --- cells ---

    def _at(self, index: int):
        return self.values[index] if index < len(self.values) else None

    def _cell(self, key: str):
        # Called ~10 times a row: the index looked up inline rather than through _at.
        column = self.fields.get(key)
        if column is None:
            return None
        index, values = column.index, self.values
        return values[index] if index < len(values) else None

    def _label(self, key: str) -> str:
        column = self.fields.get(key)
        return column.label if column else str(_(key))

    def _error(self, key: str, message) -> None:
        self.errors.append(RowError(self.rownum, self._label(key), str(message)))

    def _required(self, key: str, value, label=None) -> bool:
        if is_blank(value):
            label = label or self._label(key)
            self.errors.append(RowError(self.rownum, label, str(REQUIRED.format(label=label))))
            return False
        return True

    def _unit(self):
        if "unit" not in self.fields:
            return self.unit
        value = self._cell("unit")
        if is_blank(value) and self.unit is not None:
            return self.unit
        if not self._required("unit", value):
            return None
        text = clean_text(value)
        unit, close, ambiguous = self.lookups.units.match(text)
        if unit is None:
            if ambiguous:
                message = UNIT_AMBIGUOUS.format(value=text, names="、".join(close))
            else:
                message = UNIT_UNKNOWN.format(value=text)
                if close:
                    message += str(UNIT_CLOSEST.format(names="、".join(close)))
            self._error("unit", message)
        return unit

    def _record_type(self):
        value = self._cell("record_type")
        if is_blank(value):
            if self.fixed_type is None:
                self._required("record_type", value, label=_("记录类型"))
            return self.fixed_type
        text = clean_text(value)
        found = self.lookups.types.match(text)
        if found is None:
            self._error("record_type", TYPE_UNKNOWN.format(value=text))
            return self.fixed_type
        if self.fixed_type is not None and found.pk != self.fixed_type.pk:
            message = TYPE_MISMATCH.format(expected=self.fixed_type.name, value=found.name)
            self._error("record_type", message)
        return found

    def _area(self, record_type):
        value = self._cell("area")
        if is_blank(value):
            default = record_type.area if record_type else None
            if record_type is not None and default is None:
                self._required("area", value, label=_("工作领域"))
            return default
        found = self.lookups.areas.get(normalize(clean_text(value)))
        if found is None:
            self._error("area", AREA_UNKNOWN.format(value=clean_text(value)))
        return found

    def _date(self, key: str, *, required: bool = False):
        value = self._cell(key)
        if required and not self._required(key, value):
            return None
        if is_blank(value):
            return None
        date = _iso_date(value)
        if date is None:
            try:
                date = parse_date(value, year=self.year)
            except CellError as exc:
                self._error(key, str(exc))
                return None
        if date.year in self.closed_years:
            if self.late_ok:
                self.late = True
            else:
                self.closed_errors += 1
                self._error(key, YEAR_CLOSED.format(year=date.year))
        return date

    def _title(self) -> str:
        value = self._cell("title")
        if not self._required("title", value):
            return ""
        title = clean_text(value)
        if len(title) > 200:
            self._error("title", TITLE_TOO_LONG)
        return title

    def _measure(self, key: str, record_type, carried: bool):
        value = self._cell(key)
        if is_blank(value):
            return None
        column = self.fields[key]
        if not carried:
            text = f"{column.label}：{clean_text(value)}"
            self.extra.append(text)
            message = MEASURE_MOVED.format(type=record_type.name, measure=column.label, text=text)
            self.notices.append(RowError(self.rownum, column.label, str(message)))
            return None
        try:
            if key == "amount":
                return parse_amount(value, unit=column.money_unit)
            suffixes = (record_type.count_word,) if key == "count" else ("人", "名")
            return parse_integer(value, suffixes=suffixes)
        except CellError as exc:
            self._error(key, str(exc))
            return None

    def _tags(self) -> list[str]:
        text = clean_text(self._cell("tags"))
        for sep in "，、;；":
            text = text.replace(sep, ",")
        tags = sorted({t.strip() for t in text.split(",") if t.strip()})
        for tag in tags:
            if len(tag) > 30:
                self._error("tags", TAG_TOO_LONG.format(value=tag))
        return tags
