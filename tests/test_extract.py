"""Text out of the files a teacher brings: each reader on a file the test writes, and the refusals' exact words."""

from __future__ import annotations

import io

import docx
import pytest

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
