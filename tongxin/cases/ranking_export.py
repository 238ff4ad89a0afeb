"""An evaluation's ranking as .xlsx and .docx."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from tongxin.cases.selectors import ranking_table
from tongxin.lib.officialdoc import body_paragraph, document_bytes, new_document, title_paragraph


def _title(evaluation) -> str:
    return f"{evaluation.year}年{evaluation.name}"


def _headers(criteria) -> list[str]:
    return ["名次", "企业名称", "统一社会信用代码", "得分", *[c.name for c in criteria]]


def _cells(scored, values) -> list:
    enterprise = scored.entrant
    return [scored.rank, enterprise.name, enterprise.credit_code, scored.score, *values]


def ranking_xlsx(evaluation) -> bytes:
    criteria, rows = ranking_table(evaluation)
    book = Workbook()
    sheet = book.active
    sheet.title = "排名"
    sheet.append([_title(evaluation)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(_headers(criteria))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for scored, values in rows:
        sheet.append(_cells(scored, values))
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_docx(evaluation) -> bytes:
    criteria, rows = ranking_table(evaluation)
    document = new_document()  # the official page (GB/T 9704), as the review's
    title_paragraph(document, _title(evaluation))
    if evaluation.published_at:
        # i18n: data (the published ranking is a Chinese document, like its column headers)
        body_paragraph(document, indent=False).add_run(
            f"发布日期：{evaluation.published_at:%Y年%m月%d日}"
        )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["名次", "企业名称", "统一社会信用代码", "得分"], strict=True
    ):
        cell.text = text
    for scored, _values in rows:
        cells = table.add_row().cells
        cells[0].text = str(scored.rank)
        cells[1].text = scored.entrant.name
        cells[2].text = scored.entrant.credit_code
        cells[3].text = f"{scored.score:.2f}"
    return document_bytes(document)
