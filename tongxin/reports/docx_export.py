"""The review as a .docx laid out by GB/T 9704-2012 (党政机关公文格式).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 方正小标宋简体 二号
(22 pt) centred; body 仿宋_GB2312 三号 (16 pt) on a grid of 22 lines of 28 characters;
first-level headings 黑体, second-level (and lead phrases) 楷体_GB2312; page numbers 四号
"— N —" at the foot. East Asian font names are written explicitly (w:eastAsia) so Word
and WPS both use them.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)


def _font(run, name: str, size) -> None:
    run.font.size = size
    run.font.name = name
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _grid(section) -> None:
    """The document grid: 22 lines of 28 characters in the type area."""
    type_height_twips = int((PAGE_HEIGHT - TOP - BOTTOM) / 635)  # EMU → twips
    type_width_pt = (PAGE_WIDTH - LEFT - RIGHT) / 12700
    line_pitch = type_height_twips // LINES_PER_PAGE
    # charSpace: the extra width per character over the font size, in 1/4096 pt.
    char_space = round((type_width_pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _body_paragraph(document, *, indent: bool = True):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(BODY_SIZE.pt * 2) if indent else None
    fmt.space_before = fmt.space_after = Pt(0)
    return paragraph


def new_document():
    """An empty document with the GB/T 9704 page, grid, page numbers and body font."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    _grid(section)
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def review_docx(title: str, blocks) -> bytes:
    document = new_document()

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), TITLE_FONT, TITLE_SIZE)
    _body_paragraph(document, indent=False)  # a blank line under the title

    for block in blocks:
        paragraph = _body_paragraph(document)
        if block.kind == "h1":
            _font(paragraph.add_run(block.text), H1_FONT, BODY_SIZE)
        elif block.kind == "h2":
            _font(paragraph.add_run(block.text), H2_FONT, BODY_SIZE)
        else:
            if block.lead:
                _font(paragraph.add_run(block.lead), H2_FONT, BODY_SIZE)
            _font(paragraph.add_run("".join(p.text for p in block.parts)), BODY_FONT, BODY_SIZE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
