"""Citations: CSL-JSON records of a case's sources, and notes and a bibliography in Chicago style.

Every source becomes a CSL-JSON record (the format Zotero, Pandoc and citeproc read), built only from what
sources.yaml says: a source with no author has no `author`, one with no date has no `issued` (the style
then prints "n.d."), and nothing is guessed. Notes and bibliography entries are rendered by citeproc-py with
the official CSL style "Chicago Manual of Style 17th edition (full note)" (explorer/styles/; see the README
there for where it comes from and its licence), never by hand: the first note for a source is a full note,
later ones a short note, because the passages are cited in order.

A note for a quoted passage carries the passage's place in the source as published (explorer.locator): its
paragraph under the heading above it, with CSL's "paragraph" label, which Chicago abbreviates "para."
("para. 2 under “What Happened?”"), as Chicago advises for a text without page numbers; never a line of the
case's own copy, which no reader of the source can check.

A web source's address (`url`) and the date it was read (`accessed`) go into the record when sources.yaml gives
them; the style prints the access date only for a source without a date of its own. A source whose `title` only
describes it (`untitled`: an untitled essay) has no CSL title: the description goes into `genre`, which the
style prints as it is, without quotation marks, as Chicago sets a descriptive title.

Titles are title-cased by the style (`text-case="title"`), which CSL 1.0 applies to English titles only: an
item is English when its `language` starts with the primary tag `en`, or, without a `language`, when the
style's default-locale does. citeproc-py 0.11.1 decides it so (citeproc/model.py: `Text.process` takes
`item.reference.language[:2]`, or the style's `default-locale` (`en` when the style sets none, as this one)
when the item has no `language`; `TextCased.case` returns the text unchanged for `text-case="title"` unless
that is exactly `en`). So a source with `language: de` keeps "Griff nach der Weltmacht" as written, `en` and
`en-GB` are title-cased, and a source without a language is title-cased as before. citeproc-py compares case
sensitively (`EN` would not be English), which is one reason the Source model asks for the language subtag
in lower case. Other text cases (capitalize-first, lowercase) apply whatever the language.

citeproc-py leaves two parts of the CSL specification unimplemented, and this module fills them in without
touching the style: the locale's punctuation-in-quote option (American usage puts a comma or full stop
inside a closing quotation mark: `“Title,”`; a full stop after a question mark is dropped: `“What Happened?”`),
and the removal of a doubled full stop at the end of a note. And one entry of the style does not end as Chicago
ends a bibliography entry: a work with neither publisher nor site and no date (an unsigned web page) is joined
to its "n.d." by a comma, as in a note (`“Title,” n.d.`); the bibliography separates its parts by full stops
(`“Title.” N.d.`), and so does this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from explorer.model import Case, Source
from explorer.text import literal
from explorer.vocabulary import SOURCE_KINDS

STYLE_PATH = Path(__file__).resolve().parent / "styles" / "chicago-fullnote-bibliography.csl"
STYLE_TITLE = "Chicago Manual of Style 17th edition (full note)"

# The CSL type of each kind of source, and a genre where the type alone does not say what the text is.
CSL_TYPES: dict[str, str] = {name: kind.csl for name, kind in SOURCE_KINDS.items()}
CSL_GENRES: dict[str, str] = {name: kind.genre for name, kind in SOURCE_KINDS.items() if kind.genre}

# Markers the formatter puts around italic and bold text (private-use characters, never in a source).
_ITALIC_ON, _ITALIC_OFF, _BOLD_ON, _BOLD_OFF = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS = re.compile("([\ue000-\ue003])")


# --- CSL-JSON ------------------------------------------------------------------------------------------


def csl_name(name: str) -> dict[str, str]:
    """'Family, Given' -> {'family', 'given'}; a name without a comma is kept whole as a literal."""
    family, sep, given = name.partition(",")
    if not sep:
        return {"literal": name.strip()}
    return {"family": family.strip(), "given": given.strip()}


def csl_date(text: str | None) -> dict | None:
    """'1964', '1964-10' or '1964-10-14' -> CSL date-parts."""
    if not text:
        return None
    return {"date-parts": [[int(part) for part in text.split("-")]]}


def csl_item(source: Source) -> dict:
    """The CSL-JSON record of one source, with only the fields sources.yaml gives.

    A wiki article's date is the date of the revision cited (`revised`) when no `issued` date is given.
    The description goes into `abstract`, which Zotero keeps and the styles do not print. The `language`
    (a BCP 47 tag) tells the style whether to title-case the title (see the module's docstring).
    """
    date = source.issued or (source.revised if source.kind == "wiki_article" else None)
    item: dict = {"id": source.id, "type": CSL_TYPES[source.kind]}
    if not source.untitled:
        item["title"] = source.title
    fields = {
        "author": [csl_name(n) for n in source.authors],
        "editor": [csl_name(n) for n in source.editors],
        "translator": [csl_name(n) for n in source.translators],
        "container-title": source.container,
        "genre": source.title if source.untitled else CSL_GENRES.get(source.kind),
        "publisher": source.publisher,
        "publisher-place": source.place,
        "issued": csl_date(date),
        "number-of-volumes": source.volumes,
        "URL": source.url,
        "accessed": csl_date(source.accessed),
        "language": source.language,
        "abstract": " ".join(source.description.split()),
        "title-short": source.short_title,
        "license": source.licence,
    }
    item.update({key: value for key, value in fields.items() if value})
    return item


def csl_items(case: Case) -> list[dict]:
    """Every source of the case as CSL-JSON, in the order of sources.yaml."""
    return [csl_item(source) for source in case.sources.values()]


# --- rendered text -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of rendered text and how it is set."""

    text: str
    italic: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Formatted:
    """A note or bibliography entry as citeproc rendered it: runs of plain and italic text."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def markdown(self) -> str:
        """Markdown: italics as *...*, bold as **...**, the text itself by `text.literal` (shown as text)."""
        out = []
        for run in self.runs:
            text = literal(run.text)
            if run.italic and text.strip():
                lead, core, trail = _split_spaces(text)
                text = f"{lead}*{core}*{trail}"
            if run.bold and text.strip():
                lead, core, trail = _split_spaces(text)
                text = f"{lead}**{core}**{trail}"
            out.append(text)
        return "".join(out)


def _split_spaces(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def _wrap(on: str, off: str):
    return lambda text: f"{on}{text}{off}"


# A citeproc-py formatter (it only needs these names): italic and bold become markers, the rest stays plain.
_FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrap(_ITALIC_ON, _ITALIC_OFF),
    Oblique=_wrap(_ITALIC_ON, _ITALIC_OFF),
    Bold=_wrap(_BOLD_ON, _BOLD_OFF),
    Light=str, Underline=str, Superscript=str, Subscript=str, SmallCaps=str,
)


def _runs(marked: str) -> Formatted:
    """Marked text -> runs, merging neighbours set alike."""
    runs: list[Run] = []
    italic = bold = 0
    for piece in _MARKERS.split(marked):
        if piece == _ITALIC_ON:
            italic += 1
        elif piece == _ITALIC_OFF:
            italic -= 1
        elif piece == _BOLD_ON:
            bold += 1
        elif piece == _BOLD_OFF:
            bold -= 1
        elif piece:
            run = Run(piece, italic % 2 == 1, bold > 0)  # italic within italic is roman again
            if runs and (runs[-1].italic, runs[-1].bold) == (run.italic, run.bold):
                runs[-1] = Run(runs[-1].text + piece, run.italic, run.bold)
            else:
                runs.append(run)
    return Formatted(tuple(runs))


_CLOSE = "\u201d"  # ” : punctuation-in-quote moves a comma or full stop before it


def _punctuation_in_quote(marked: str) -> str:
    """American usage, which the style's locale asks for (punctuation-in-quote="true") and citeproc-py does
    not apply: a comma or full stop right after a closing double quotation mark goes inside it."""
    return re.sub(f"{_CLOSE}([\ue000-\ue003]*)([.,])", rf"\2{_CLOSE}\1", marked)


def _tidy(marked: str) -> str:
    marked = _punctuation_in_quote(marked)
    marked = re.sub(r"([?!])\.([\ue000-\ue003]*\u201d)", r"\1\2", marked)  # “What Happened?.” -> “What Happened?”
    return re.sub(r"\.([\ue000-\ue003\u201d]*)\.$", r".\1", marked)  # a note ending "n.d.." -> "n.d."


def _entry_ends(marked: str, item: dict) -> str:
    """A bibliography entry of a work with no publisher and no site that ends "..., n.d.": its parts separated
    by full stops, as in every other entry ("“Title.” N.d.")."""
    if item.get("publisher") or item.get("container-title"):
        return marked
    return re.sub(r",([\ue000-\ue003\u201d]*) n\.d\.$", r".\1 N.d.", marked)


# --- notes and bibliography ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cite:
    """One note: a source, and where in it the passage stands (explorer.locator's value after "para.";
    None: the whole work)."""

    source: str
    locator: str | None = None


@dataclass(frozen=True)
class Citations:
    """Notes in the order cited, and the bibliography sorted as the style sorts it; further reading (works
    listed apart from the bibliography, cited by no note) sorted the same way."""

    notes: tuple[Formatted, ...]
    bibliography: tuple[Formatted, ...]
    sources: tuple[str, ...]  # the source id of each bibliography entry, in the same order
    further: tuple[Formatted, ...] = ()
    further_sources: tuple[str, ...] = ()


def _style() -> CitationStylesStyle:
    """The style, parsed afresh for each rendering (a few milliseconds): citeproc-py keeps the formatter and
    rendering state on the parsed style, so one shared between threads (Streamlit's sessions) would race."""
    return CitationStylesStyle(str(STYLE_PATH), validate=False)


def render(items: Sequence[dict], cites: Sequence[Cite], also: Iterable[str] = (),
           further: Iterable[str] = ()) -> Citations:
    """Render `cites` as notes, in order (a source's first note full, later ones short), and a bibliography
    of every cited source plus the sources in `also`, given their CSL-JSON `items`. The sources in `further`
    that are in neither make a list of their own (further reading), entries as in a bibliography. An unknown
    source id raises KeyError."""
    also, further = list(dict.fromkeys(also)), list(dict.fromkeys(further))
    known = {item["id"] for item in items}
    for source in [c.source for c in cites] + also + further:
        if source not in known:
            raise KeyError(f"no CSL record for source `{source}`")
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON(list(items)), _FORMATTER)
    citations = [Citation([_item(cite)]) for cite in cites]
    for citation in citations:
        bibliography.register(citation)
    notes = tuple(_runs(_tidy(str(bibliography.cite(citation, _unknown)))) for citation in citations)
    cited = {c.source for c in cites}
    entries, sources = _entries(bibliography, items, [s for s in also if s not in cited])
    rest = [s for s in further if s not in cited and s not in also]
    if not rest:
        return Citations(notes, entries, sources)
    apart = CitationStylesBibliography(_style(), CiteProcJSON(list(items)), _FORMATTER)
    return Citations(notes, entries, sources, *_entries(apart, items, rest))


def _entries(bibliography: CitationStylesBibliography, items: Sequence[dict],
             register: Sequence[str]) -> tuple[tuple[Formatted, ...], tuple[str, ...]]:
    """The bibliography's entries, sorted as the style sorts them, after registering the sources in
    `register` (those cited are registered already), with the source id of each."""
    for source in register:
        bibliography.register(Citation([CitationItem(source)]))
    bibliography.sort()
    ids = {item["id"].lower(): item for item in items}  # citeproc-py lower-cases keys
    records = [ids[key] for key in bibliography.keys]
    entries = tuple(_runs(_entry_ends(_tidy(str(entry)), item))
                    for entry, item in zip(bibliography.bibliography(), records, strict=True))
    return entries, tuple(item["id"] for item in records)


def _item(cite: Cite) -> CitationItem:
    if cite.locator is None:
        return CitationItem(cite.source)
    return CitationItem(cite.source, locator=Locator("paragraph", cite.locator))


def _unknown(item: CitationItem) -> None:
    raise KeyError(f"no CSL record for source `{item.key}`")


def further_reading(case: Case) -> list[str]:
    """The sources without a text in the case: books to read, cited by no passage; in the order the bibliography
    lists them (by the first author, then the works without an author by title, as citeproc sorts them)."""
    def key(source) -> tuple[int, str, str]:
        return (0, source.authors[0].casefold(), source.title.casefold()) if source.authors else (
            1, source.title.casefold(), "")

    return [sid for sid, source in sorted(case.sources.items(), key=lambda item: key(item[1]))
            if not source.quotable]


def bibliography(case: Case, cited: Iterable[str] = ()) -> Citations:
    """The case's bibliography: the sources in `cited` plus every further-reading book."""
    return render(csl_items(case), [], list(cited) + further_reading(case))
