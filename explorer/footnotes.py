"""Word's own footnotes in a python-docx document: the footnotes part, its styles and the references.

python-docx 1.2 has no footnote API, and its default template has no footnotes part. A Word footnote is
three things (ECMA-376 Part 1, 17.11), which `Footnotes` writes:

- the part `word/footnotes.xml` (content type `...wordprocessingml.footnotes+xml`), related to the document
  by a relationship of type `.../relationships/footnotes`. It holds the two special footnotes Word expects
  (id -1, the separator line above the notes, and id 0, the continuation separator) and one `w:footnote`
  per note: a paragraph in the "footnote text" style that starts with a `w:footnoteRef` (Word prints the
  note's number there) and goes on with the note's runs;
- in the body, at the place of the note, a run in the "footnote reference" style (superscript) holding a
  `w:footnoteReference` with the note's id. Word numbers the notes itself, in the order of the references;
- the styles "footnote text" (10 pt, single spaced) and "footnote reference" (superscript) under Word's own
  names and style ids (FootnoteText, FootnoteReference), so that Word and LibreOffice take them for their
  built-in footnote styles, and `w:footnotePr` in the settings naming the two special footnotes, as Word
  writes it.

Word, LibreOffice and pandoc read such a file as having real footnotes, set at the foot of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

TEXT_STYLE, REFERENCE_STYLE = "FootnoteText", "FootnoteReference"  # Word's own style ids

_PART = f"""<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>
    </w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
    w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""

_STYLES = (
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{TEXT_STYLE}"><w:name w:val="footnote text"/>
    <w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
    <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="character" w:styleId="{REFERENCE_STYLE}">
    <w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>
    <w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>""",
)

# The elements that follow w:footnotePr in w:settings (CT_Settings is a sequence): it goes before the first.
_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                      "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                      "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                      "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                      "w:decimalSymbol", "w:listSeparator")


class Run(Protocol):
    """A piece of a note's text and how it is set (explorer.cite.Run is one)."""

    text: str
    italic: bool
    bold: bool


class Footnotes:
    """The footnotes of one python-docx Document: `add` puts a note at the end of a paragraph."""

    def __init__(self, doc) -> None:
        self._part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_PART), doc.part.package)
        doc.part.relate_to(self._part, RT.FOOTNOTES)
        styles = doc.styles.element
        for xml in _STYLES:
            style = parse_xml(xml)
            if styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style.get(qn('w:styleId'))}']") is None:
                styles.append(style)
        settings = doc.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                           "</w:footnotePr>")
            following = next((settings.find(qn(tag)) for tag in _AFTER_FOOTNOTE_PR
                              if settings.find(qn(tag)) is not None), None)
            if following is None:
                settings.append(pr)
            else:
                following.addprevious(pr)
        self.count = 0

    @property
    def element(self):
        """The root element of word/footnotes.xml."""
        return self._part.element

    def add(self, paragraph, runs: Iterable[Run]) -> int:
        """A footnote with `runs` as its text, referred to at the end of `paragraph`; returns its id (1, 2, ...,
        the number Word shows when the notes are added in the order of the document)."""
        self.count += 1
        number = str(self.count)
        reference = _run(REFERENCE_STYLE)
        reference.append(_element("w:footnoteReference", id=number))
        paragraph._p.append(reference)

        note = _element("w:footnote", id=number)
        p = note.makeelement(qn("w:p"), {})
        pr = p.makeelement(qn("w:pPr"), {})
        pr.append(_element("w:pStyle", val=TEXT_STYLE))
        p.append(pr)
        mark = _run(REFERENCE_STYLE)
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        p.append(_text_run(" "))
        for run in runs:
            p.append(_text_run(run.text, run.italic, run.bold))
        note.append(p)
        self.element.append(note)
        return self.count


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _run(style: str | None = None):
    run = OxmlElement("w:r")
    if style:
        pr = OxmlElement("w:rPr")
        pr.append(_element("w:rStyle", val=style))
        run.append(pr)
    return run


def _text_run(text: str, italic: bool = False, bold: bool = False):
    run = _run()
    if italic or bold:
        pr = OxmlElement("w:rPr")
        if bold:
            pr.append(OxmlElement("w:b"))
        if italic:
            pr.append(OxmlElement("w:i"))
        run.append(pr)
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run
