"""The grid bound must never be below what calamine builds: each refused file here
would abort the process that read it (the last test reads the accepted ones)."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from tongxin.lib.xlsxextent import WorkbookRefused, check_xlsx

LIMIT = 1_000_000


def workbook(fill) -> bytes:
    book = Workbook()
    fill(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(sheet_data: str) -> bytes:
    """An openpyxl workbook whose first sheet's XML is replaced by `sheet_data`."""
    source = zipfile.ZipFile(io.BytesIO(workbook(lambda s: s.append(["x"]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    f'main"><sheetData>{sheet_data}</sheetData></worksheet>'
                ).encode()
            target.writestr(info, data)
    return out.getvalue()


def refusal(content: bytes, **limits) -> str | None:
    try:
        check_xlsx(content, max_cells=LIMIT, max_unpacked=50 << 20, **limits)
    except WorkbookRefused as refused:
        return refused.reason
    return None


def test_an_ordinary_sheet_passes():
    def fill(sheet):
        for i in range(2000):
            sheet.append(["广汉市", "2022-03-05", f"第{i}次恳谈会", 1, 30])

    assert refusal(workbook(fill)) is None


def test_two_cells_far_apart_are_refused():
    def fill(sheet):
        sheet["A1"] = "x"
        sheet["XFD1048576"] = "y"

    content = workbook(fill)
    assert len(content) < 10_000
    assert refusal(content) == "grid_too_large"


def test_cells_without_positions_are_counted():
    # 500 rows of 5,000 cells, none naming its place: 2.5 million cells.
    row = "<row>" + "<c><v>1</v></c>" * 5000 + "</row>"
    assert refusal(with_sheet_xml(row * 500)) == "grid_too_large"
    assert refusal(with_sheet_xml(row * 100)) is None


def test_a_position_after_a_quoted_angle_bracket_is_seen():
    sheet = '<row r="1"><c t=">" r="A1"><v>1</v></c><c t=">" r="ZZ9999"><v>2</v></c></row>'
    assert refusal(with_sheet_xml(sheet)) == "grid_too_large"


def test_a_row_number_past_any_integer_is_refused_not_crashed():
    sheet = f'<row r="{"9" * 5000}"><c><v>1</v></c></row>'
    assert refusal(with_sheet_xml(sheet)) == "grid_too_large"


def test_what_is_no_xlsx_is_refused():
    assert refusal(b"not a zip") == "not_xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("content.xml", "<office:document/>")  # an .ods, say
    assert refusal(out.getvalue()) == "not_xlsx"


def test_a_package_unpacking_past_the_limit_is_refused():
    content = with_sheet_xml("<row><c><v>1</v></c></row>" + " " * (3 << 20))
    assert refusal(content) is None
    with pytest.raises(WorkbookRefused) as refused:
        check_xlsx(content, max_cells=LIMIT, max_unpacked=1 << 20)
    assert refused.value.reason == "unpacked_too_large"


def test_the_bound_is_never_below_the_grid_calamine_builds():
    sheets = [
        "<row>" + "<c><v>1</v></c>" * 50 + "</row>" + "<row><c><v>2</v></c></row>" * 20,
        '<row r="30"><c r="C30"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
        '<row><c r="B2"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row r="7"/>',
    ]
    for sheet in sheets:
        content = with_sheet_xml(sheet)
        bound = check_xlsx(content, max_cells=LIMIT, max_unpacked=50 << 20)
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        assert len(grid) * max(map(len, grid)) <= bound
