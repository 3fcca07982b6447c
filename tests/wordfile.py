"""A student's essay as a Word file, made with python-docx for the tests: paragraphs, a block quote in Word's
"Quote" style, and real Word footnotes (explorer/footnotes.py writes them as Word does)."""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class _Run:
    text: str
    italic: bool = False
    bold: bool = False


def essay_docx(paragraphs: list[str | tuple[str, str]], title: str = "My essay") -> bytes:
    """A .docx: each item a paragraph, or (text, note) for a paragraph with a footnote at its end, or
    ("> text", note) for a block quote in the Quote style."""
    from docx import Document

    from explorer.footnotes import Footnotes

    doc = Document()
    footnotes = Footnotes(doc)
    doc.add_heading(title, level=1)
    for item in paragraphs:
        text, note = (item, None) if isinstance(item, str) else item
        if text.startswith("> "):
            paragraph = doc.add_paragraph(text[2:], style="Quote")
        else:
            paragraph = doc.add_paragraph(text)
        if note:
            footnotes.add(paragraph, [_Run(note)])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
