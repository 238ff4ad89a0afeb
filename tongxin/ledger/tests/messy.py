"""Messy department ledgers, built the way people keep them (for the import tests)."""

import datetime as dt
import io

from openpyxl import Workbook

HEADER = [
    "序号",
    "日期",
    "活动名称",
    "类别",
    "责任科室",
    "参加人数",
    "经费（万元）",
    "备注",
    "联系人",
]
ROWS = [
    [1, "2023年3月5日", "民营企业家恳谈会", "恳谈会", "经济科", "６２人", 1.5, "形成纪要", "张三"],
    [2, "2023.3.6", "企业家座谈会", "座谈会", "广汉市委统战部", "40", None, None, None],
    [3, "3月7日", "营商环境调研", "调研", "德阳市委统战部办公室", None, None, None, None],
    [4, "三月八日", "农商行授信签约", "授信签约", "向阳镇", None, "1.2亿", None, None],
    [
        5,
        dt.datetime(2023, 3, 9),
        "农商行授信签约二",
        "签约",
        "广汉",
        None,
        "３，０００",
        None,
        None,
    ],
    [6, 45000, "第二次恳谈会", "恳谈会", "什邡市", "1,200", None, None, None],
    [7, "2023/03/10", "第三次恳谈会", "恳谈会", "绵竹", "30", None, None, None],
    [8, "2023-2-30", "第四次恳谈会", "恳谈会", "广汉市", "30", None, None, None],
    ["小计", None, None, None, None, 1332, 3004.5, None, None],
    [None, None, None, None, None, None, None, None, None],
    [9, "2023-3-12", "第五次恳谈会", "恳谈会", "广汉市", "25", None, None, None],
    ["合 计", None, None, None, None, 1357, 3004.5, None, None],
    ["填表说明：日期请写全。", None, None, None, None, None, None, None, None],
]


def messy_workbook(*, header=HEADER, rows=ROWS, title="2023年统战工作台账", sheet="台账") -> bytes:
    """A title merged across the top, a 填报单位 row, a blank row, the header on row 4
    starting in column B, three kinds of work, totals and a note below."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws["B1"] = title
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=1 + len(header))
    ws["B2"] = "填报单位：德阳市委统战部"
    ws["F2"] = "填报日期：2024年1月5日"
    for c, text in enumerate(header, start=2):
        ws.cell(row=4, column=c, value=text)
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=2):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(rows: list[list], *, sheet: str = "台账") -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice and WPS save as .ods)."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(value)}</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()
