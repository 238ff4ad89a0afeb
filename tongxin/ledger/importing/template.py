"""The import template of a record type: drop-down lists and a filled-in example."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tongxin.ledger.importing.reading import (
    DATA_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    MAX_ROWS,
    TYPE_MARK,
    actable_units,
    columns_for,
    unit_labels,
)
from tongxin.ledger.models import RecordType, WorkArea

EXAMPLE = {  # i18n: data (a sample row the import must accept)
    "date": "2022-03-05",
    "title": "民营企业家恳谈会",
    "description": "围绕营商环境听取企业家意见建议",
    "count": 1,
    "participants": 40,
    "amount": "12.5万元",
    "tags": "民营经济, 营商环境",
}


def _list_validation(sheet, column: str, source: str, size: int, title: str) -> None:
    if not size:
        return
    check = DataValidation(
        type="list",
        formula1=f"'{LISTS_SHEET}'!${source}$1:${source}${size}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=f"请从下拉列表中选择{title}。",
    )
    check.add(f"{column}2:{column}{MAX_ROWS + 1}")
    sheet.add_data_validation(check)


def build_template(*, actor, record_type: RecordType) -> bytes:
    """The import template of `record_type` for `actor`: drop-down lists of the units
    the actor may import for, the active types and the areas."""
    columns = columns_for(record_type)
    units = list(unit_labels(actable_units(actor)))
    types = list(RecordType.objects.filter(is_active=True).values_list("name", flat=True))
    areas = list(WorkArea.objects.values_list("name", flat=True))

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(
            row=1, column=index, value=column.label + ("*" if column.required else "")
        )
        cell.font = bold
        if column.note:
            cell.comment = Comment(column.note, "同心")
        sheet.column_dimensions[get_column_letter(index)].width = (
            30 if column.key in {"title", "description"} else 16
        )
    sheet.freeze_panes = "A2"
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    _list_validation(sheet, letters["unit"], "A", len(units), "单位")
    _list_validation(sheet, letters["record_type"], "B", len(types), "记录类型")
    _list_validation(sheet, letters["area"], "C", len(areas), "工作领域")

    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.append([f"“{record_type.name}”导入模板填写说明"])
    help_sheet.append(
        [_("在“记录”表第 2 行起每行填写一条记录；带 * 的列必填。导入后记录为“待审核”。")]
    )
    help_sheet.append([_("同一文件只能导入一次；有错误的文件不会导入任何记录。")])
    help_sheet.append([])
    help_sheet.append([_("示例（请勿在本表填写）：")])
    help_sheet.append([c.label for c in columns])
    example = {
        **EXAMPLE,
        "unit": units[0] if units else "",
        "record_type": record_type.name,
        "area": record_type.area.name if record_type.area else "",
        "count": f"{EXAMPLE['count']}{record_type.count_word}",
    }
    help_sheet.append([example.get(c.key, "") for c in columns])
    help_sheet.append([])
    for column in columns:
        help_sheet.append([column.label, "必填" if column.required else "选填", column.note])
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["C"].width = 50

    lists = book.create_sheet(LISTS_SHEET)
    for col, values in (("A", units), ("B", types), ("C", areas)):
        for row, value in enumerate(values, start=1):
            cell = lists[f"{col}{row}"]
            cell.value = value
            cell.data_type = "s"  # a name starting with "=" stays text, never a formula
    lists["D1"] = TYPE_MARK + record_type.code
    lists.sheet_state = "hidden"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
