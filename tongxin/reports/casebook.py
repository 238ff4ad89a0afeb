"""The casebook (典型案例汇编): a year's approved case records compiled into a .docx, as
the seed's 《德阳市2022年度统战工作十大创新特色案例汇编》.

A title page (title, compiling unit, year), a contents page, then one case a section:
its title as a level-1 heading on a new page, the unit and date, the description as body
paragraphs and the names of its evidence files. Fonts and page layout are the review's
(GB/T 9704, `docx_export`).

The contents page is a Word/WPS TOC field whose cached result is a plain numbered list of
the case titles: it reads as it is, and "update field" turns it into the usual contents
with page numbers.
"""

import io

from django.db.models import Prefetch, Q, QuerySet
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from tongxin.accounts.access import scope_queryset, sees_all_units
from tongxin.accounts.models import Unit, User
from tongxin.ledger.models import Evidence, RecordStatus, WorkRecord
from tongxin.lib.officialdoc import free_line_height
from tongxin.reports.docx_export import (
    BODY_FONT,
    BODY_SIZE,
    H1_FONT,
    H2_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    _body_paragraph,
    _font,
    new_document,
)

DEFAULT_TAG = "典型案例"  # i18n: data (a tag name)
CASE_TYPE = "case_study"
# The casebook is a Chinese document in the official format (fonts, headings).
CONTENTS = "目　录"  # i18n: data
EVIDENCE_LEAD = "佐证材料："  # i18n: data
NO_CASES = "没有符合条件的案例。"
TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


# ---- selection ----


def casebook_records(*, user: User, year: int, tag: str | None = None) -> QuerySet[WorkRecord]:
    """The approved records of `year` that `user` may see and that are cases: tagged `tag`
    when given, otherwise of type 创新案例 (case_study) or tagged 典型案例. Three queries:
    records with their units, their tags' match folded in as a subquery, evidence."""
    through = WorkRecord.tags.through
    if tag:
        cases = Q(pk__in=through.objects.filter(tag__name=tag).values("workrecord_id"))
    else:
        tagged = through.objects.filter(tag__name=DEFAULT_TAG).values("workrecord_id")
        cases = Q(record_type__code=CASE_TYPE) | Q(pk__in=tagged)
    records = (
        WorkRecord.objects.filter(cases, status=RecordStatus.APPROVED, date__year=year)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(is_removed=False).order_by("uploaded_at", "id"),
                to_attr="current_evidence",
            )
        )
        .order_by("date", "id")
    )
    return scope_queryset(user, records, unit_field="unit")


def casebook_unit(user: User) -> Unit | None:
    """The compiling unit named on the title page: the top unit for the department, a
    reporter's own unit otherwise."""
    if sees_all_units(user):
        return Unit.objects.filter(parent=None).order_by("path").first()
    return user.unit


def casebook_title(*, year: int, tag: str | None = None) -> str:
    return f"{year}年度统战工作{tag or DEFAULT_TAG}汇编"


# ---- the document ----


def _centred(document, text: str, font: str, size, *, space_before=None):
    paragraph = _body_paragraph(document, indent=False)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if size != BODY_SIZE:  # a larger title takes the height it needs, off the body's pitch
        free_line_height(paragraph)
    if space_before is not None:
        paragraph.paragraph_format.space_before = space_before
    if text:
        _font(paragraph.add_run(text), font, size)
    return paragraph


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._element.append(element)


def _outline_level_1(paragraph) -> None:
    """Mark a paragraph as a level-1 heading for the TOC field (\\u) and the navigation
    pane, without Word's blue built-in heading style."""
    p_pr = paragraph._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    p_pr.insert_element_before(level, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _title_page(document, *, title: str, unit: str, year: int | None) -> None:
    _centred(document, title, TITLE_FONT, TITLE_SIZE, space_before=Pt(BODY_SIZE.pt * 8))
    _centred(document, unit, H2_FONT, BODY_SIZE, space_before=Pt(BODY_SIZE.pt * 10))
    last = _centred(document, f"{year}年" if year else "", H2_FONT, BODY_SIZE)
    last.add_run().add_break(WD_BREAK.PAGE)


def _contents_page(document, records) -> None:
    _centred(document, CONTENTS, H1_FONT, BODY_SIZE)
    _body_paragraph(document, indent=False)
    titles = [record.title for record in records] or [str(NO_CASES)]
    for i, title in enumerate(titles, start=1):
        paragraph = _body_paragraph(document, indent=False)
        if i == 1:
            begin = paragraph.add_run()
            _field_char(begin, "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = TOC_INSTRUCTION
            begin._element.append(instruction)
            _field_char(paragraph.add_run(), "separate")
        text = f"{i}. {title}" if records else title
        _font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
        if i == len(titles):
            _field_char(paragraph.add_run(), "end")


def _case_section(document, record) -> None:
    heading = _centred(document, record.title, TITLE_FONT, TITLE_SIZE)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    _outline_level_1(heading)
    when = f"{record.date.year}年{record.date.month}月{record.date.day}日"
    _centred(document, f"{record.unit.name}　{when}", H2_FONT, BODY_SIZE)
    _body_paragraph(document, indent=False)
    for line in record.description.splitlines():
        if line.strip():
            _font(_body_paragraph(document).add_run(line.strip()), BODY_FONT, BODY_SIZE)
    evidence = getattr(record, "current_evidence", None)
    if evidence is None:
        evidence = [e for e in record.evidence.all() if not e.is_removed]
    if evidence:
        _font(_body_paragraph(document).add_run(EVIDENCE_LEAD), H1_FONT, BODY_SIZE)
        for i, item in enumerate(evidence, start=1):
            paragraph = _body_paragraph(document)
            _font(paragraph.add_run(f"{i}. {item.original_name}"), BODY_FONT, BODY_SIZE)


def casebook_docx(*, records, title: str, unit: str = "", year: int | None = None) -> bytes:
    """The casebook of `records` (in their order) as .docx bytes. `year` defaults to the
    year of the records' first date."""
    records = list(records)
    if year is None and records:
        year = records[0].date.year
    document = new_document()
    # No page number on the title page.
    document.sections[0].different_first_page_header_footer = True
    document.core_properties.title = title

    _title_page(document, title=title, unit=unit, year=year)
    _contents_page(document, records)
    for record in records:
        _case_section(document, record)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
