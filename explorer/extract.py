"""Text from the files a teacher brings: .txt, .md, .html, .docx and .pdf, with well-kept readers (BeautifulSoup
on lxml for HTML, python-docx for Word, pypdf for PDF). Bytes in, text out: the caller reads the file. The text
is what the reader gave, with its line breaks made `\\n`, trailing spaces and runs of blank lines trimmed, so that
texts/<id>.txt holds it exactly."""

from __future__ import annotations

import io
import re

from explorer.problem import ExplorerError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
DOCX_UNZIPPED = 50_000_000  # bytes a .docx may hold once unzipped (a zip bomb of 1.5 MB unzips to gigabytes)
DOCX_PARTS = 2_000  # files in a .docx (a long report has a few hundred at most)
PDF_PAGES = 3_000  # pages of a PDF (the longest book a class quotes from has far fewer)
PDF_SECONDS = 20.0  # the longest a PDF's text may take to come out
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_BLANKS = re.compile(r"\n{3,}")


class ExtractError(ExplorerError):
    """A file whose text cannot be taken out: the message says why and what to do."""


def extract(name: str, data: bytes) -> str:
    """The text of a file, chosen by its name's ending."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in (".txt", ".md"):
        return tidy(decode(data))
    if suffix in (".html", ".htm"):
        return tidy(from_html(decode_html(data)))
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


def decode_html(data: bytes) -> str:
    """A web page's text by its own charset: a byte-order mark (UTF-8, UTF-16), else the charset its `<meta>`
    declares (windows-1252, ISO-8859-2...), else UTF-8, else what charset-normalizer finds most likely; stored as
    UTF-8 whatever it came in. Bytes that fit no charset are refused with the fix."""
    import codecs

    for mark, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(mark):
            return _decoded(data, encoding)
    declared = _DECLARED.search(data[:4096])
    if declared is not None:
        try:
            encoding = codecs.lookup(declared[1].decode("ascii")).name
        except LookupError:
            encoding = ""
        if encoding and not encoding.startswith("utf-16"):  # a page read as ASCII cannot be UTF-16 after all
            return _decoded(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractError("the page's characters fit no known encoding; save it again as UTF-8 and add it again")
    return str(best)


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ExtractError(f"the page says its text is {encoding}, but byte 0x{data[err.start]:02x} is not; save it "
                           "again as UTF-8 and add it again") from None


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
    """A Word file's paragraphs (read by open_docx, within its bounds)."""
    return "\n\n".join(p.text for p in open_docx(data).paragraphs if p.text.strip())


def open_docx(data: bytes):  # -> docx.document.Document
    """A Word file as python-docx reads it. Its zip is checked first (no more than DOCX_UNZIPPED bytes once
    unzipped, as the zip's own directory says and zipfile then holds each part to), and its XML is read by lxml
    with no DTD, no entities and lxml's own limit on depth, so a zip bomb, a billion laughs or 100,000 nested
    elements are a plain refusal, never a traceback or gigabytes of memory."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            if len(parts) > DOCX_PARTS:
                raise ExtractError(f"this Word file holds {len(parts):,} parts, more than the {DOCX_PARTS:,} a document "
                                   "has; save it again as .docx, or save it as PDF or text")
            unzipped = sum(part.file_size for part in parts)
            if unzipped > DOCX_UNZIPPED:
                raise ExtractError(f"this Word file unzips to {unzipped / 1e6:,.0f} MB, more than the "
                                   f"{DOCX_UNZIPPED / 1e6:.0f} MB a document needs (a zip bomb?); save it again as "
                                   ".docx, or save it as PDF or text")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in package.read(part)[:4096].upper():
                    raise ExtractError(f"this Word file's {part.filename} declares a DTD, which Word never writes; "
                                       "save it again from Word as .docx")
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError,
            NotImplementedError, EOFError) as err:
        raise ExtractError(f"not a Word (.docx) file that can be read ({err}); save it again as .docx") from None
    except etree.LxmlError as err:
        raise ExtractError(f"this Word file's XML cannot be read ({str(err).splitlines()[0] if str(err) else err}); "
                           "save it again from Word as .docx") from None
    except RecursionError:
        raise ExtractError("this Word file's XML is nested deeper than any document is; save it again from Word "
                           "as .docx") from None


def from_pdf(data: bytes) -> str:
    import time

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        if count > PDF_PAGES:
            raise ExtractError(f"this PDF has {count:,} pages, more than the {PDF_PAGES:,} a source may have; save "
                               "the pages you quote as a PDF of their own and add that")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            if time.monotonic() - started > PDF_SECONDS:
                raise ExtractError(f"this PDF's text took more than {PDF_SECONDS:.0f} s to come out (stopped at page "
                                   f"{number:,} of {count:,}); save the pages you quote as a PDF of their own and add "
                                   "that")
            pages.append(page.extract_text() or "")
    except (PyPdfError, KeyError, TypeError, ValueError, AttributeError, RecursionError) as err:
        raise ExtractError(f"not a PDF that can be read ({err})") from None
    return "\n\n".join(pages)
