import io
import zipfile

from tongxin.lib.filetypes import DOCX, JPEG, PDF, XLSX, sniff


def office_zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in ("[Content_Types].xml", *names):
            zf.writestr(name, "<x/>")
    return buf.getvalue()


def test_it_recognises_pdf_and_images_by_content():
    assert sniff(b"%PDF-1.7\n...") == PDF
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == JPEG


def test_it_tells_docx_from_xlsx():
    docx = office_zip("word/document.xml")
    xlsx = office_zip("xl/workbook.xml")
    assert sniff(docx[:16], docx) == DOCX
    assert sniff(xlsx[:16], xlsx) == XLSX


def test_a_renamed_executable_is_refused():
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None
    assert sniff(b"#!/bin/sh\nrm -rf /") is None


def test_a_plain_zip_is_not_an_office_file():
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.txt", "x")
    assert sniff(plain.getvalue()[:16], plain.getvalue()) is None
