"""The essay plan as Word (explorer/essay/word.py): Word's own footnotes, read back by python-docx, lxml and LibreOffice."""
# ruff: noqa: F811 (the shared fixtures of essay_cases, imported here, are the tests' parameters)

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches
from essay_cases import FOOTNOTES_REL, FOOTNOTES_TYPE, W, case, docx_parts, footnote_texts, office_or_skip, outline  # noqa: F401 (fixtures)
from lxml import etree

from explorer import essay


def test_docx_notes_are_words_own_footnotes(outline) -> None:
    """One w:footnote per note in word/footnotes.xml, wired up as Word wires it (content type, relationship,
    styles, settings), and one w:footnoteReference per note in the body, in the order of the notes."""
    parts = docx_parts(essay.to_docx(outline))
    types = {o.get("PartName"): o.get("ContentType") for o in parts["[Content_Types].xml"]}
    assert types["/word/footnotes.xml"] == FOOTNOTES_TYPE
    rels = [r.get("Target") for r in parts["word/_rels/document.xml.rels"] if r.get("Type") == FOOTNOTES_REL]
    assert rels == ["footnotes.xml"]
    notes = parts["word/footnotes.xml"].findall(f"{W}footnote")
    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in notes] == [
        ("-1", "separator"), ("0", "continuationSeparator"), ("1", None), ("2", None), ("3", None), ("4", None),
        ("5", None)]
    assert footnote_texts(parts) == {str(n.number): " " + n.text.text for n in outline.notes}
    for note in notes[2:]:
        p = note.find(f"{W}p")
        assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
        mark = p.find(f"{W}r")
        assert mark.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
        assert mark.find(f"{W}footnoteRef") is not None  # Word prints the note's number here
    body = parts["word/document.xml"]
    references = list(body.iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in references] == ["1", "2", "3", "4", "5"]
    for r in references:
        run = r.getparent()
        assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
    # right after the words it belongs to: at the end of a quotation, and inside the worked example, after its quote
    example = references[1].getparent()
    assert "".join(example.getprevious().itertext()).endswith("\u201cThe harvest of 1963 failed.\u201d")
    assert "".join(example.getnext().itertext()) == " [Explanation] "
    styles = {s.get(f"{W}styleId"): s for s in parts["word/styles.xml"].iter(f"{W}style")}
    assert styles["FootnoteText"].find(f"{W}name").get(f"{W}val") == "footnote text"
    reference = styles["FootnoteReference"]
    assert reference.find(f"{W}name").get(f"{W}val") == "footnote reference"
    assert reference.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"
    special = parts["word/settings.xml"].find(f"{W}footnotePr")
    assert [f.get(f"{W}id") for f in special] == ["-1", "0"]
    assert special.getnext().tag == f"{W}compat"  # where the schema's sequence puts it


def test_docx_footnotes_keep_the_italics(case) -> None:
    """Jane Doe's book is cited in a footnote with its title in italics, as the style sets it."""
    outline = essay.build_outline(case, "prestige", ["army"], "harvest")
    parts = docx_parts(essay.to_docx(outline))
    assert footnote_texts(parts)["4"] == " Jane Doe, Gamma, 1990."
    note = next(n for n in parts["word/footnotes.xml"].iter(f"{W}footnote") if n.get(f"{W}id") == "4")
    runs = [("".join(r.itertext()), r.find(f"{W}rPr/{W}i") is not None) for r in note.iter(f"{W}r")]
    assert runs == [("", False), (" ", False), ("Jane Doe, ", False), ("Gamma", True), (", 1990.", False)]


def test_docx_read_back_by_python_docx(outline) -> None:
    doc = Document(io.BytesIO(essay.to_docx(outline)))
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Essay plan: Why did the leader fall?"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Your thesis", "Introduction", "How to write each paragraph", "1. Your main argument: The harvest",
                        "2. A contributing factor: The army's anger", "Counter-argument: Lost prestige",
                        "Judgement: which mattered most, and why", "Conclusion", "Notes", "Bibliography",
                        "Further reading"]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        "A worked example paragraph, made from this evidence"]
    # the same blocks as the Markdown: every heading of one is a heading of the other
    md = [line.lstrip("#").strip().replace("\\", "") for line in essay.to_markdown(outline).splitlines()
          if line.startswith(("## ", "### "))]
    assert md == [p.text for p in paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    quotes = [p for p in paragraphs if p.style.name == "Quote"]
    assert [p.text for p in quotes] == [  # the note numbers are Word's, not text
        "\u201cThe harvest of 1963 failed.\u201d", "\u201cThe army disliked the cuts.\u201d",
        "\u201cAbroad, the retreat over Cuba was a humiliation.\u201d"]
    assert [p._p[-1].find(f"{W}footnoteReference").get(f"{W}id") for p in quotes] == ["1", "3", "5"]
    glosses = [paragraphs[paragraphs.index(q) + 1].text for q in quotes]  # the paragraph under each quotation
    assert glosses == ["— The failure itself. (Alpha)", "— The army's mood. (Alpha)",
                       "— The humiliation. (Beta: not an authority, see the notes)"]
    texts = [p.text for p in paragraphs]
    assert not any(t.startswith(("1. \u201cAlpha", "\u201cAlpha,\u201d l.")) for t in texts)  # no list of endnotes
    notes = texts.index("Notes")
    assert texts[notes + 1] == outline.locations and paragraphs[notes + 1].runs[0].italic
    start, further = texts.index("Bibliography"), texts.index("Further reading")
    bibliography = paragraphs[start + 1: further]
    assert [p.text for p in bibliography] == ["\u201cAlpha.\u201d N.d.", "\u201cBeta.\u201d Student essay. N.d."]
    reading = paragraphs[further + 1:]
    assert [p.text for p in reading] == ["Doe, Jane. Gamma, 1990."]
    book = reading[0]
    runs = [(r.text, bool(r.italic)) for r in book.runs]
    assert runs == [("Doe, Jane. ", False), ("Gamma", True), (", 1990.", False)]
    for entry in bibliography + reading:
        assert entry.paragraph_format.left_indent == Inches(0.5)
        assert entry.paragraph_format.first_line_indent == -Inches(0.5)
    rival = next(p for p in paragraphs if p.text.startswith("Who argues it."))
    assert rival.text == "Who argues it. Richard Roe: Blames Cuba."
    assert rival._p[-1].find(f"{W}footnoteReference").get(f"{W}id") == "4"


def test_libreoffice_reads_footnotes_and_sets_them_at_the_foot_of_the_page(outline, tmp_path: Path) -> None:
    """A real word processor: LibreOffice opens the file, keeps each note as a footnote (not an endnote) with
    its number and text, and prints it at the foot of the page that refers to it."""
    soffice = office_or_skip()
    source = tmp_path / "plan.docx"
    source.write_bytes(essay.to_docx(outline))
    for fmt in ("odt", "pdf"):
        done = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                               "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0 and (tmp_path / f"plan.{fmt}").exists(), done.stderr
    with zipfile.ZipFile(tmp_path / "plan.odt") as z:
        content = etree.fromstring(z.read("content.xml"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    notes = content.findall(f".//{{{text}}}note")
    assert [n.get(f"{{{text}}}note-class") for n in notes] == ["footnote"] * 5
    assert [n.findtext(f"{{{text}}}note-citation") for n in notes] == ["1", "2", "3", "4", "5"]
    assert ["".join(n.find(f"{{{text}}}note-body").itertext()).strip() for n in notes] == [
        n.text.text for n in outline.notes]
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is required under CI=true (apt-get install poppler-utils)")
        return
    printed = subprocess.run([pdftotext, "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in printed.split("\f")]
    note_lines = {str(n.number) for n in outline.notes} | {n.text.text for n in outline.notes}
    for n in outline.notes:
        page = next(page for page in pages if n.text.text in page)
        at = page.index(n.text.text)
        assert page[at - 1] == str(n.number)  # the number Word or LibreOffice prints, then the note
        assert set(page[at + 1:]) <= note_lines  # only notes below it: the foot of the page
        if n.number == 1:
            assert page.index("\u201cThe harvest of 1963 failed.\u201d1") < at - 1  # the passage it is for, above
