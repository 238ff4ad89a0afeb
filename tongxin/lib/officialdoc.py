"""A .docx page laid out by GB/T 9704-2012 (党政机关公文格式), for every document we write.

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; body 仿宋_GB2312 三号
(16 pt), 22 lines of 28 characters; title 方正小标宋简体 二号; page numbers 四号 宋体
"— N —" at the foot.

The layout does not lean on the renderer's document grid. Word and LibreOffice read a
negative `charSpace` differently (LibreOffice gives a 16 pt character two 15.8 pt cells,
so a line held 14 characters), so paragraphs opt out of the grid (`snapToGrid` 0), lines
are exactly one grid pitch apart and characters are condensed by 0.4 pt: 28 of them fit the
156 mm line, 29 do not, in Word, WPS and LibreOffice alike. The grid itself is still written
(against the body size, with docDefaults at the body size) so Word's page setup shows 28 × 22.

Fonts are declared with alternates (the font table's `w:altName`, charset GB2312, family),
and `FONTCONFIG_ALIASES` maps them to what a Linux server has (Noto Serif CJK SC), so a
machine without the official fonts substitutes a serif CJK face rather than a sans one.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# i18n: data (font names)
TITLE_FONT = "方正小标宋简体"
# i18n: data
BODY_FONT = "仿宋_GB2312"
# i18n: data
H1_FONT = "黑体"
# i18n: data
H2_FONT = "楷体_GB2312"
# i18n: data
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Condensing (1/20 pt): 28 × 15.6 pt = 437 pt fits the 442 pt line, 29 × 15.6 pt does not.
CONDENSE_TWENTIETHS = -8

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

# Each font's stand-ins, best first: the usual Windows names, then what Debian's
# fonts-noto-cjk installs. Word/WPS read the first as `w:altName`; fontconfig reads all.
# i18n: data (font names)
FONT_ALTERNATES = {
    BODY_FONT: ["仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"],
    TITLE_FONT: ["小标宋", "方正小标宋_GBK", "黑体", "SimHei", "Noto Serif CJK SC"],
    H1_FONT: ["SimHei", "Noto Sans CJK SC"],
    H2_FONT: ["楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"],
    PAGE_NUMBER_FONT: ["SimSun", "Noto Serif CJK SC"],
}
# Font table details that tell a substituting program what kind of face was meant.
_FONT_FAMILY = {H1_FONT: "modern"}


def fontconfig_aliases() -> str:
    """A fontconfig file: the system's configuration plus our alternates, for LibreOffice
    (FONTCONFIG_FILE) on a machine without the official fonts."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer>'
        + "".join(f"<family>{alt}</family>" for alt in alternates)
        + "</prefer></alias>"
        for name, alternates in FONT_ALTERNATES.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{aliases}\n</fontconfig>\n"
    )


def set_font(run, name: str, size) -> None:
    run.font.size = size
    run.font.name = name
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def body_paragraph(document, *, indent: bool = True):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(BODY_SIZE.pt * 2) if indent else None
    fmt.space_before = fmt.space_after = Pt(0)
    return paragraph


def free_line_height(paragraph) -> None:
    """Let a paragraph in a larger size (a title) take the height it needs; body lines stay
    on the exact pitch."""
    paragraph.paragraph_format.line_spacing = 1.0


def _line_pitch_twips() -> int:
    return int((PAGE_HEIGHT - TOP - BOTTOM) / 635) // LINES_PER_PAGE  # EMU → twips


def _grid(section) -> None:
    """The document grid: 22 lines of 28 characters in the type area, the character pitch
    relative to the body size (which docDefaults also carries)."""
    type_width_pt = (PAGE_WIDTH - LEFT - RIGHT) / 12700
    # charSpace: the width per character over the default font size, in 1/4096 pt.
    char_space = round((type_width_pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(_line_pitch_twips()))
    grid.set(qn("w:charSpace"), str(char_space))


def _child(parent, tag: str, *, first: bool = False):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if first:
            parent.insert(0, element)
        else:
            parent.append(element)
    return element


def _doc_defaults(document) -> None:
    """Body size, font, Chinese language, exact line pitch, condensed characters and no
    grid snapping as the defaults every paragraph and run starts from."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = _child(r_pr, "w:rFonts", first=True)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), BODY_FONT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE_TWENTIETHS))
    fonts.addnext(spacing)  # schema order: rFonts … spacing … sz
    half_points = str(int(BODY_SIZE.pt * 2))
    _child(r_pr, "w:sz").set(qn("w:val"), half_points)
    _child(r_pr, "w:szCs").set(qn("w:val"), half_points)
    lang = _child(r_pr, "w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")

    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.insert(0, snap)
    line = _child(p_pr, "w:spacing")
    line.set(qn("w:before"), "0")
    line.set(qn("w:after"), "0")
    line.set(qn("w:line"), str(_line_pitch_twips()))
    line.set(qn("w:lineRule"), "exact")


def _font_table(document) -> None:
    """Declare each font with its first alternate, Chinese charset and kind, so Word and
    WPS substitute 仿宋 for 仿宋_GB2312 rather than a Latin default."""
    part = document.part
    table_part = next(
        (rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/fontTable")),
        None,
    )
    if table_part is None:
        return
    from lxml import etree

    root = etree.fromstring(table_part.blob)
    w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alternates in FONT_ALTERNATES.items():
        font = etree.SubElement(root, f"{{{w}}}font")
        font.set(f"{{{w}}}name", name)
        for tag, value in (
            ("altName", alternates[0]),
            ("charset", "86"),  # GB2312
            ("family", _FONT_FAMILY.get(name, "roman")),
            ("pitch", "variable"),
        ):
            etree.SubElement(font, f"{{{w}}}{tag}").set(f"{{{w}}}val", value)
    table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_footer(section) -> None:
    """ "— N —": a PAGE field between em dashes, 四号 宋体, centred."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    free_line_height(paragraph)
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
    end = paragraph.add_run()
    set_font(end, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    end._element.append(element)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def new_document():
    """An empty document with the GB/T 9704 page, grid, page numbers and body font."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    _grid(section)
    _doc_defaults(document)
    _font_table(document)
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def title_paragraph(document, text: str, *, font: str = TITLE_FONT, size=TITLE_SIZE):
    paragraph = body_paragraph(document, indent=False)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    free_line_height(paragraph)
    if text:
        set_font(paragraph.add_run(text), font, size)
    return paragraph


def document_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
