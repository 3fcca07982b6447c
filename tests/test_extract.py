"""Text out of the files a teacher brings: each reader on a file the test writes, and the refusals' exact words."""

from __future__ import annotations

import io

import docx
import pytest
from hostile import BILLION_LAUGHS_XML, CP1252_PAGE, LATIN2_PAGE, UTF16_PAGE, deep_xml, docx_with, zip_bomb_docx

from explorer.extract import ExtractError, extract


def pdf_of(*pages: list[str]) -> bytes:
    """A real PDF, one page per argument, each line of text set in Helvetica: built object by object, with the
    cross-reference table's byte offsets counted, so that any reader takes it as a well-formed file."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]  # the page tree is filled in once the pages are numbered
    kids = []
    for lines in pages:
        commands = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"({escaped}) Tj T*")
        commands.append("ET")
        stream = "\n".join(commands)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                       "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    table = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode())
    return out.getvalue()


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ExtractError) as caught:
        extract(name, data)
    return str(caught.value)


def test_a_pdf_gives_its_pages_text_in_order() -> None:
    data = pdf_of(["Khrushchev was removed in October 1964.", "The Presidium met without him."],
                  ["Brezhnev took his place as First Secretary."])
    assert extract("speech.PDF", data) == ("Khrushchev was removed in October 1964.\nThe Presidium met without him.\n"
                                           "\nBrezhnev took his place as First Secretary.\n")


def test_a_pdf_without_text_and_a_damaged_pdf_are_refused_with_the_reason() -> None:
    assert refusal("scan.pdf", pdf_of([])) == (
        "the file holds no text to quote (a scanned PDF has only pictures of text)")
    assert refusal("broken.pdf", b"%PDF-1.4\nthis is not a PDF at all\n").startswith("not a PDF that can be read (")


def test_text_markdown_and_html_keep_the_words_and_drop_the_page_furniture() -> None:
    assert extract("notes.md", "\ufeff# Notes\r\n\r\n\r\n\r\nOne line.   \r\nTwo\u00a0words.\r\n".encode()) == (
        "# Notes\n\nOne line.\nTwo words.\n")
    page = ("<html><body><header>Site</header><nav>Home</nav><h2>The fall</h2>"
            "<p>He was <b>voted</b>\n out.</p><ul><li>First <p>inner</p></li></ul>"
            "<script>alert(1)</script><footer>(c)</footer></body></html>")
    assert extract("page.htm", page.encode()) == "The fall\n\nHe was voted out.\n\nFirst inner\n"


def test_word_paragraphs_become_paragraphs_and_a_damaged_file_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("The plenum met on 14 October.")
    document.add_paragraph("   ")
    document.add_paragraph("Suslov spoke against him.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract("notes.docx", buffer.getvalue()) == "The plenum met on 14 October.\n\nSuslov spoke against him.\n"
    assert refusal("notes.docx", b"PK not really a zip").startswith("not a Word (.docx) file that can be read (")
    assert refusal("notes.docx", b"PK not really a zip").endswith("); save it again as .docx")


def test_latin1_and_unknown_endings_are_refused_with_the_fix() -> None:
    assert refusal("old.txt", "First line\nCaf\u00e9\n".encode("latin-1")) == (
        "line 2 is not UTF-8 text (byte 0xe9); save the file with UTF-8 encoding and add it again")
    assert refusal("scan.tiff", b"II*") == "cannot read .tiff: use .txt, .md, .html, .htm, .docx, .pdf"
    assert refusal("README", b"text") == (
        "cannot read a file without an ending: use .txt, .md, .html, .htm, .docx, .pdf")


@pytest.mark.parametrize(("made", "said"), [
    (lambda: docx_with(BILLION_LAUGHS_XML), ("this Word file's word/document.xml declares a DTD, which Word never "
                                            "writes; save it again from Word as .docx")),
    (lambda: zip_bomb_docx(), ("this Word file unzips to 201 MB, more than the 50 MB a document needs (a zip bomb?); "
                              "save it again as .docx, or save it as PDF or text")),
])
def test_a_word_bomb_is_refused_with_a_plain_message(made, said: str) -> None:
    import time

    data = made()
    started = time.monotonic()
    assert refusal("bomb.docx", data) == said
    assert time.monotonic() - started < 5


def test_a_word_file_nested_too_deep_is_refused_with_a_plain_message() -> None:
    said = refusal("deep.docx", docx_with(deep_xml()))
    assert said.startswith("this Word file's XML cannot be read (") and said.endswith(
        "); save it again from Word as .docx")


def test_a_pdf_with_too_many_pages_is_refused_before_its_text_is_read() -> None:
    from explorer.extract import PDF_PAGES

    assert refusal("long.pdf", pdf_of(*[[]] * (PDF_PAGES + 1))) == (
        "this PDF has 3,001 pages, more than the 3,000 a source may have; save the pages you quote as a PDF of their "
        "own and add that")


@pytest.mark.parametrize("html_page", [CP1252_PAGE, UTF16_PAGE])
def test_a_page_is_read_by_its_declared_charset_and_kept_as_utf8(html_page: bytes) -> None:
    assert extract("page.html", html_page) == "\u201cThe Caf\u00e9\u201d \u2013 Khrushchev\u2019s fall.\n"


def test_a_page_in_latin2_keeps_its_letters() -> None:
    assert extract("page.htm", LATIN2_PAGE) == "\u0141\u00f3d\u017a and Pozna\u0144.\n"


def test_a_page_whose_bytes_are_not_its_declared_charset_is_refused() -> None:
    page = b'<html><head><meta charset="utf-8"></head><body><p>Caf\xe9</p></body></html>'
    assert refusal("page.html", page) == ("the page says its text is utf-8, but byte 0xe9 is not; save it again as "
                                          "UTF-8 and add it again")
