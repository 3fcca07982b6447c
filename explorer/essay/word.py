"""The plan as a Word document (python-docx): the blocks walked once, the notes as Word's own footnotes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from explorer.essay.blocks import Span, blocks
from explorer.essay.outline import Outline

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_docx(outline: Outline) -> bytes:
    """The plan as a Word document (python-docx), returned as the bytes of a .docx file, walked from the same
    blocks as the Markdown.

    Headings use Word's built-in Title, Heading 1 and Heading 2 styles; quotations the built-in "Quote" style;
    prompts are italic; bullets "List Bullet". The notes are Word's own footnotes (explorer.footnotes): a
    note reference goes right after the words it belongs to, and Word numbers the notes and sets them at the foot
    of the page, as a history teacher expects. Bibliography entries hang by half an inch.

    Why python-docx writes the footnotes part itself rather than pandoc converting the Markdown outline:
    the rest of the document stays as it was (the built-in Quote style, the hanging indents, the document
    properties), case text goes into the file as the very text it is instead of being read a second time
    as Markdown (no escapes, word joiners or pandoc extensions to undo), and no 100 MB binary or subprocess
    is needed on every rerun of the planner page, where the Word file is made for its download button.
    """
    from docx import Document
    from docx.shared import Inches

    from explorer.footnotes import Footnotes

    doc = Document()
    footnotes = Footnotes(doc)
    texts = {note.number: note.text for note in outline.notes}
    title = f"Essay plan: {outline.title}"  # Word keeps at most 255 characters in a document property
    doc.core_properties.title = title if len(title) <= 255 else title[:254] + "…"
    doc.core_properties.author = ""  # the template says "python-docx"; the essay is the student's
    doc.core_properties.comments = outline.scaffold

    def write(paragraph, spans: Sequence[Span]) -> None:
        for s in spans:
            if s.text:
                run = paragraph.add_run(s.text)
                run.bold = s.bold or None
                run.italic = s.italic or None
            if s.note:
                footnotes.add(paragraph, texts[s.note].runs)

    for block in blocks(outline):
        if block.kind == "title":
            write(doc.add_heading("", level=0), block.spans)
        elif block.kind in ("heading", "subheading"):
            write(doc.add_heading("", level=1 if block.kind == "heading" else 2), block.spans)
        elif block.kind == "quote":
            write(doc.add_paragraph(style="Quote"), block.spans)
            write(doc.add_paragraph(), block.gloss)
        elif block.kind == "numbered":
            write(doc.add_paragraph(f"{block.number}. "), block.spans)
        elif block.kind == "bullet":
            write(doc.add_paragraph(style="List Bullet"), block.spans)
        elif block.kind == "entry":
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Inches(0.5)
            paragraph.paragraph_format.first_line_indent = -Inches(0.5)
            write(paragraph, block.spans)
        elif block.kind == "notes":
            continue  # Word's own footnotes, made where each note is referred to
        else:
            write(doc.add_paragraph(), block.spans)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
