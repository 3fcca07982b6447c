"""Text from the files a teacher brings: .txt, .md, .html, .docx and .pdf, with well-kept readers (BeautifulSoup
on lxml for HTML, python-docx for Word, pypdf for PDF). Bytes in, text out: the caller reads the file. The text
is what the reader gave, with its line breaks made `\\n`, trailing spaces and runs of blank lines trimmed, so that
texts/<id>.txt holds it exactly."""

from __future__ import annotations

import io
import re

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_BLANKS = re.compile(r"\n{3,}")


class ExtractError(Exception):
    """A file whose text cannot be taken out: the message says why and what to do."""


def extract(name: str, data: bytes) -> str:
    """The text of a file, chosen by its name's ending."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in (".txt", ".md"):
        return tidy(decode(data))
    if suffix in (".html", ".htm"):
        return tidy(from_html(decode(data)))
    if suffix == ".docx":
        return tidy(from_docx(data))
    if suffix == ".pdf":
        return tidy(from_pdf(data))
    raise ExtractError(f"cannot read {suffix or 'a file without an ending'}: use {', '.join(SUFFIXES)}")


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark); a file that is not UTF-8 is refused with the fix."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ExtractError(f"line {line} is not UTF-8 text (byte 0x{data[err.start]:02x}); save the file with "
                           "UTF-8 encoding and add it again") from None


def tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")
    if not text.strip():
        raise ExtractError("the file holds no text to quote (a scanned PDF has only pictures of text)")
    return text + "\n"


def from_html(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROPPED):
        tag.decompose()
    body = soup.body or soup
    blocks = []
    for block in body.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dt", "dd"]):
        if block.find_parent(["p", "li", "blockquote", "td", "dd"]) is not None:
            continue  # inside another block: its text is taken with that one
        words = " ".join(block.get_text(" ").split())
        if words:
            blocks.append(words)
    if not blocks:  # a page without paragraphs: its text as the browser would lay it out
        return body.get_text("\n")
    return "\n\n".join(blocks)


def from_docx(data: bytes) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ExtractError(f"not a Word (.docx) file that can be read ({err}); save it again as .docx") from None
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def from_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, KeyError, TypeError, ValueError) as err:
        raise ExtractError(f"not a PDF that can be read ({err})") from None
    return "\n\n".join(pages)
