"""The audit trail, filtered as the auditor's page shows it, as an xlsx workbook."""

import json

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tongxin.audit.labels import action_label

SHEET_TITLE = "审计日志"  # i18n: data (export file format, same in every language)
CHUNK = 2000
HEADERS = [  # i18n: data (export columns, same in every language)
    ("时间", 20),
    ("操作人账号", 14),
    ("操作", 16),
    ("操作代码", 20),
    ("对象类型", 20),
    ("对象编号", 10),
    ("单位", 16),
    ("客户端地址", 16),
    ("变更前", 40),
    ("变更后", 40),
]


def _text(sheet, value) -> WriteOnlyCell:
    # Never a formula: a user-typed "=..." in a change must stay text.
    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"
    return cell


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def events_to_xlsx(queryset: QuerySet, stream) -> int:
    """Write the events of `queryset` to `stream`; returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    bold = Font(bold=True)
    header = []
    for index, (label, width) in enumerate(HEADERS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    written = 0
    for e in queryset.iterator(chunk_size=CHUNK):
        at = WriteOnlyCell(sheet, value=timezone.localtime(e.at).replace(tzinfo=None))
        at.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append(
            [
                at,
                _text(sheet, e.actor_name),
                _text(sheet, action_label(e.action)),
                _text(sheet, e.action),
                _text(sheet, e.object_type),
                _text(sheet, e.object_id),
                _text(sheet, e.unit.name if e.unit else ""),
                _text(sheet, e.client_ip or ""),
                _text(sheet, _json(e.before)),
                _text(sheet, _json(e.after)),
            ]
        )
        written += 1
    book.save(stream)
    return written
