"""The indicator table of a period as .xlsx: one row per indicator, a value and a
target column per unit, the form a province asks for each quarter."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def indicator_table_xlsx(*, table, indicators, units, targets) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标完成情况"
    ws.append([f"统战工作指标完成情况（{table.period.label}）"])
    ws["A1"].font = Font(bold=True, size=14)
    header = ["代码", "指标", "单位"]
    for unit in units:
        header += [f"{unit.name} 完成值", f"{unit.name} 目标值"]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for ind in indicators:
        row = [ind.code, ind.name, ind.unit_word]
        for unit in units:
            value = table.value(ind, unit)
            target = targets.get((ind.pk, unit.pk))
            row += [
                float(value) if value is not None else None,
                float(target.value) if target else None,
            ]
        ws.append(row)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 30
    for i in range(4, 4 + 2 * len(units)):
        ws.column_dimensions[get_column_letter(i)].width = 14
    ws.freeze_panes = "D3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
