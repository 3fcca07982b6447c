"""A document people read and print (a team's brief, a lesson's record): written once as blocks, rendered as
Markdown, as one printable HTML page (A4, a page break between documents) and as Word (python-docx, a page break
between documents). The pages show the same blocks (explorer/ui/printed.py). Pure: no streamlit.

Every text in a document is plain text, as the case or the room has it: each renderer escapes it for its own
format (Markdown through `text.literal`, HTML through `html.escape`, Word as the very text).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from explorer.text import literal

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what an XML file (Word's) cannot hold


@dataclass(frozen=True)
class Para:
    """A paragraph; `label` is set in bold before it ('Your thesis.')."""

    text: str
    label: str = ""
    small: bool = False  # a note set smaller (how a figure is made)


@dataclass(frozen=True)
class Items:
    """A list of lines; numbered for questions."""

    lines: tuple[str, ...]
    numbered: bool = False
    small: bool = False


@dataclass(frozen=True)
class Card:
    """A passage: its words, where they come from, and labelled lines about it ('Why it matters', 'Prepare')."""

    quote: str
    source: str
    lines: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    alt: str = ""  # what the table shows, in one sentence (for a screen reader)


Block = Para | Items | Card | Table


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...]
    level: int = 2  # 2 a section, 3 a sub-section


@dataclass(frozen=True)
class Document:
    title: str
    lead: tuple[Block, ...] = ()  # under the title, before the first heading
    parts: tuple[Part, ...] = field(default_factory=tuple)
    footer: str = ""  # a last line in small type


# --- Markdown -----------------------------------------------------------------------------------------------


def _md_block(block: Block) -> list[str]:
    t = literal
    if isinstance(block, Para):
        words = (f"**{t(block.label)}** " if block.label else "") + t(block.text)
        return [f"*{words}*" if block.small else words, ""]
    if isinstance(block, Items):
        return [f"{n}. {t(line)}" if block.numbered else f"- {t(line)}"
                for n, line in enumerate(block.lines, 1)] + [""]
    if isinstance(block, Card):
        out = [f"> “{t(block.quote)}”", ">", f"> — {t(block.source)}", ""]
        out += [f"- **{t(label)}:** {t(text)}" for label, text in block.lines]
        return out + ([""] if block.lines else [])
    cells = lambda row: "| " + " | ".join(cell(c) for c in row) + " |"
    return [cells(block.head), "| " + " | ".join("---" for _ in block.head) + " |", *map(cells, block.rows), ""]


def cell(text: object) -> str:
    """A table cell in Markdown: `literal`, less the escape of a line's start (a cell is inside a line, where
    '-1' or '0.5' starts no list): the text is read after a letter, which is then taken off."""
    return literal(f"x{text}")[1:]


def to_markdown(documents: Sequence[Document]) -> str:
    """The documents as Markdown, one after the other under a rule."""
    out: list[str] = []
    for n, doc in enumerate(documents):
        if n:
            out += ["---", ""]
        out += [f"# {literal(doc.title)}", ""]
        for block in doc.lead:
            out += _md_block(block)
        for part in doc.parts:
            out += [f"{'#' * part.level} {literal(part.heading)}", ""]
            for block in part.blocks:
                out += _md_block(block)
        if doc.footer:
            out += [f"*{literal(doc.footer)}*", ""]
    return "\n".join(out).rstrip() + "\n"


# --- HTML for print -----------------------------------------------------------------------------------------

PRINT_CSS = """
@page { size: A4; margin: 12mm 15mm 12mm 15mm; }
html { font-family: Georgia, "DejaVu Serif", serif; font-size: 10pt; line-height: 1.3; color: #111; }
body { max-width: 48em; margin: 1.5em auto; padding: 0 1em; }
article + article { border-top: 2px solid #999; margin-top: 2em; padding-top: 1em; }
h1 { font-size: 1.55em; line-height: 1.2; margin: 0 0 0.4em; }
h2 { font-size: 1.12em; border-bottom: 1px solid #888; margin: 0.8em 0 0.3em; padding-bottom: 0.1em; }
h3 { font-size: 1.02em; margin: 0.8em 0 0.25em; }
p { margin: 0.25em 0 0.45em; }
.small, footer { font-size: 0.88em; color: #333; }
.card { margin: 0.3em 0 0.45em; padding-left: 0.7em; border-left: 3px solid #0072B2; }
.card blockquote { margin: 0; font-style: italic; }
.card .source { margin: 0.1em 0 0.15em; color: #333; font-size: 0.92em; }
.card dl { margin: 0; } .card dt { font-weight: bold; display: inline; } .card dt::after { content: ": "; }
.card dd { display: inline; margin: 0; } .card dd::after { content: ""; display: block; }
ul, ol { margin: 0.2em 0 0.5em; padding-left: 1.4em; } li { margin: 0.15em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.7em; font-size: 0.95em; }
th, td { border-bottom: 1px solid #bbb; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #666; }
footer { margin-top: 1em; font-style: italic; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  article { break-after: page; page-break-after: always; }
  article:last-child { break-after: auto; page-break-after: auto; }
  article + article { border-top: none; margin-top: 0; padding-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .card, li, tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _html_block(block: Block) -> str:
    e = html.escape
    if isinstance(block, Para):
        label = f"<strong>{e(block.label)}</strong> " if block.label else ""
        return f"<p{' class=small' if block.small else ''}>{label}{e(block.text)}</p>"
    if isinstance(block, Items):
        tag = "ol" if block.numbered else "ul"
        return f"<{tag}{' class=small' if block.small else ''}>" + "".join(f"<li>{e(line)}</li>" for line in block.lines) + f"</{tag}>"
    if isinstance(block, Card):
        lines = "".join(f"<dt>{e(label)}</dt><dd>{e(text)}</dd>" for label, text in block.lines)
        return (f"<div class=card><blockquote>“{e(block.quote)}”</blockquote><p class=source>{e(block.source)}</p>"
                + (f"<dl>{lines}</dl>" if lines else "") + "</div>")
    head = "".join(f"<th scope=col>{e(h)}</th>" for h in block.head)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    caption = f"<caption class=small style='caption-side:bottom;text-align:left'>{e(block.alt)}</caption>" \
        if block.alt else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def article(doc: Document) -> str:
    """One document as an HTML <article> (a printed page break follows it)."""
    e = html.escape
    out = [f"<article><h1>{e(doc.title)}</h1>", *map(_html_block, doc.lead)]
    for part in doc.parts:
        out.append(f"<h{part.level}>{e(part.heading)}</h{part.level}>")
        out += map(_html_block, part.blocks)
    if doc.footer:
        out.append(f"<footer>{e(doc.footer)}</footer>")
    return "".join(out) + "</article>"


def to_html(documents: Sequence[Document], title: str) -> str:
    """The documents as one standalone page made for printing on A4: each document a new page."""
    body = "\n".join(article(d) for d in documents)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<style>{PRINT_CSS}</style></head><body>\n{body}\n</body></html>\n")


# --- Word ---------------------------------------------------------------------------------------------------


def _word(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _docx_block(doc, block: Block) -> None:
    from docx.shared import Pt

    if isinstance(block, Para):
        paragraph = doc.add_paragraph()
        if block.label:
            paragraph.add_run(_word(block.label) + " ").bold = True
        run = paragraph.add_run(_word(block.text))
        if block.small:
            run.italic, run.font.size = True, Pt(9)
    elif isinstance(block, Items):
        for line in block.lines:
            item = doc.add_paragraph(style="List Number" if block.numbered else "List Bullet")
            run = item.add_run(_word(line))
            if block.small:
                run.font.size = Pt(9)
    elif isinstance(block, Card):
        doc.add_paragraph(_word(f"“{block.quote}”"), style="Quote")
        source = doc.add_paragraph()
        source.add_run(_word(block.source)).font.size = Pt(9)
        for label, text in block.lines:
            line = doc.add_paragraph()
            line.add_run(_word(label) + ": ").bold = True
            line.add_run(_word(text))
    else:
        table = doc.add_table(rows=1, cols=len(block.head))
        table.style = "Light List Accent 1"
        for cell, text in zip(table.rows[0].cells, block.head, strict=True):
            cell.text = _word(text)
        for row in block.rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = _word(str(text))
        doc.add_paragraph()


def to_docx(documents: Sequence[Document], title: str) -> bytes:
    """The documents as one Word file: built-in Title, Heading and Quote styles, narrow A4 margins, a page break
    before each document after the first."""
    from docx import Document as Word
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    doc = Word()
    doc.core_properties.title = _word(title)[:255]
    doc.core_properties.author = ""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(10.5)
    for n, d in enumerate(documents):
        if n:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_word(d.title), level=0)
        for block in d.lead:
            _docx_block(doc, block)
        for part in d.parts:
            doc.add_heading(_word(part.heading), level=part.level - 1)
            for block in part.blocks:
                _docx_block(doc, block)
        if d.footer:
            _docx_block(doc, Para(d.footer, small=True))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
