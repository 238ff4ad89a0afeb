"""The review as a .docx laid out by GB/T 9704-2012 (党政机关公文格式).

The page, grid, fonts and page numbers are `tongxin.lib.officialdoc`'s (shared with the
casebook and the ranking): title 方正小标宋简体 二号 centred; body 仿宋_GB2312 三号 on 22
lines of 28 characters; first-level headings 黑体, second-level (and lead phrases)
楷体_GB2312; "— N —" at the foot. East Asian font names are written explicitly
(w:eastAsia) so Word and WPS both use them.
"""

from tongxin.lib.officialdoc import (  # noqa: F401 (re-exported for the casebook)
    BODY_FONT,
    BODY_SIZE,
    H1_FONT,
    H2_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    body_paragraph,
    document_bytes,
    new_document,
    set_font,
    title_paragraph,
)

_font = set_font
_body_paragraph = body_paragraph


def review_docx(title: str, blocks) -> bytes:
    document = new_document()
    document.core_properties.title = title

    title_paragraph(document, title)
    body_paragraph(document, indent=False)  # a blank line under the title

    for block in blocks:
        paragraph = body_paragraph(document)
        if block.kind == "h1":
            set_font(paragraph.add_run(block.text), H1_FONT, BODY_SIZE)
        elif block.kind == "h2":
            set_font(paragraph.add_run(block.text), H2_FONT, BODY_SIZE)
        else:
            if block.lead:
                set_font(paragraph.add_run(block.lead), H2_FONT, BODY_SIZE)
            text = "".join(p.text for p in block.parts)
            set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return document_bytes(document)
