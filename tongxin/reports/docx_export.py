"""The review as a .docx laid out by GB/T 9704-2012 (党政机关公文格式).

The page, grid, fonts and page numbers are `tongxin.lib.officialdoc`'s (shared with the
casebook and the ranking): title 方正小标宋简体 二号 centred; body 仿宋_GB2312 三号 on 22
lines of 28 characters; first-level headings 黑体, second-level (and lead phrases)
楷体_GB2312; "— N —" at the foot. East Asian font names are written explicitly
(w:eastAsia) so Word and WPS both use them.
"""

import functools
import io

from docx import Document

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


@functools.cache
def _blank_bytes() -> bytes:
    return document_bytes(new_document())


def _blank_document():
    """`new_document()` as built once per process: reopening its bytes costs half of
    building it again (the default template is parsed either way, but the page, grid,
    font table and footer are not set up again on every download)."""
    return Document(io.BytesIO(_blank_bytes()))


def review_docx(title: str, blocks) -> bytes:
    document = _blank_document()
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
