"""The plan laid out once, as a list of blocks (headings, paragraphs of runs with note references, quotations,
list items, bibliography entries): what both the Markdown and the Word file are made of, so that the two cannot
drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer import cite
from explorer.essay.outline import Outline, Quotation
from explorer.text import ordinal
from explorer.vocabulary import GAP_HEADING

OWN_STATEMENT = ("This is the explanation's own statement, given as a start: rewrite it in your own words, and say "
                 "how far you agree with it.")
COUNTER_EVIDENCE = "The strongest evidence for the counter-argument."


def quoted(text: str) -> str:
    """A passage inside double quotation marks, on one line; quotation marks within it become single ones
    (straight double quotes alternate opening and closing)."""
    text = " ".join(text.split()).replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    parts = text.split('"')
    text = "".join(part + ("\u2018" if i % 2 == 0 else "\u2019") for i, part in enumerate(parts[:-1])) + parts[-1]
    return f"\u201c{text}\u201d"


def gloss(q: Quotation) -> str:
    """The line under a quotation: why it matters, in the case's plain words, and its source, which the note
    cites in full (and, for a source that is no authority, that it is not one). A student copies it into an
    essay, so it holds no reference, strength or trust."""
    note = " ".join(q.note.split())
    name = q.source_title or q.source
    if not q.authority:
        name += ": not an authority, see the notes"
    return f"— {note} ({name})" if note else f"— {name}"


@dataclass(frozen=True)
class Span:
    """A piece of a block's text and how it is set; `note` puts a note reference right after it."""

    text: str
    bold: bool = False
    italic: bool = False
    note: int | None = None


@dataclass(frozen=True)
class Block:
    """One block of the plan. kind: title | heading | subheading | paragraph | quote (with `gloss` under it) |
    numbered (with its `number`) | bullet | entry (a bibliography entry) | notes (the notes' texts: Markdown lists
    them; Word sets them as its own footnotes, so it prints nothing here)."""

    kind: str
    spans: tuple[Span, ...] = ()
    gloss: tuple[Span, ...] = ()
    number: int = 0


def _p(*spans: Span, kind: str = "paragraph") -> Block:
    return Block(kind, tuple(s for s in spans if s.text or s.note))


def _labelled(label: str, text: str, note: int | None = None) -> Block:
    return _p(Span(label, bold=True), Span(text, note=note))


def _prompt(text: str) -> Block:
    return _p(Span(text, italic=True))


def _runs(formatted: cite.Formatted) -> tuple[Span, ...]:
    return tuple(Span(r.text, r.bold, r.italic) for r in formatted.runs)


def _quotes(quotations: Sequence[Quotation]) -> list[Block]:
    return [Block("quote", (Span(quoted(q.quote), note=q.footnote),), (Span(gloss(q)),)) for q in quotations]


def blocks(outline: Outline) -> list[Block]:
    """The plan laid out once, in reading order: what both the Markdown and the Word file are made of."""
    intro, main = outline.introduction, outline.main
    out = [Block("title", (Span(f"Essay plan: {outline.title}"),)), _prompt(outline.scaffold),
           Block("heading", (Span("Your thesis"),))]
    out.append(_labelled("Your thesis statement. ", intro.statement.text))
    if not intro.statement.own:
        out.append(_prompt(OWN_STATEMENT))
    out += [Block("heading", (Span("Introduction"),))]
    if intro.question:
        out.append(_labelled("The question. ", intro.question))
    out += [_labelled("Your main explanation. ", intro.title), _labelled("Your factors, in your order.", "")]
    out += [Block("numbered", (Span(title),), number=i) for i, title in enumerate(intro.factor_titles, start=1)]
    backed = ", ".join(f"“{_title(outline, f)}”" for f in intro.suggested)
    out.append(_labelled("For information only. ", (
        f"The recorded evidence backs your factors in this order, strongest first: {backed} ({outline.weighting}; "
        f"your main explanation comes {ordinal(intro.rank)} of {intro.of}). {intro.order_note}")))
    if intro.gaps:
        out.append(_labelled(f"{GAP_HEADING}.", ""))
        out += [Block("bullet", (Span(g),)) for g in intro.gaps]
    out.append(_prompt(intro.prompt))
    out.append(Block("heading", (Span("How to write each paragraph"),)))
    out += [_p(Span(f"{part}: ", bold=True), Span(what)) for part, what in outline.guidance]
    out.append(Block("heading", (Span(f"1. Your main argument: {main.title}"),)))
    out.append(_labelled("Point. ", main.point))
    if main.quotations:
        out.append(_labelled("Evidence that matches it.", ""))
        out += _quotes(main.quotations)
    out += [_prompt(main.prompt), _labelled("Link. ", main.link)]
    if main.example:
        e = main.example
        out.append(Block("subheading", (Span("A worked example paragraph, made from this evidence"),)))
        out.append(_prompt("Read how the four parts fit together, then write your own: do not copy this one."))
        out.append(_p(Span("[Point] ", bold=True), Span(f"{e.point} "), Span("[Evidence] ", bold=True),
                      Span(f"{e.evidence} {quoted(e.quotation.quote)}", note=e.quotation.footnote),
                      Span(" [Explanation] ", bold=True), Span(f"{e.explanation} "), Span("[Link] ", bold=True),
                      Span(e.link)))
    for section in outline.sections:
        out.append(Block("heading", (Span(f"{section.position + 1}. {section.heading}"),)))
        out.append(_labelled("How it bears on your argument. ", section.bearing.text))
        out.append(_labelled("Its own claim, to weigh rather than adopt. ", section.claim))
        out += _quotes(section.quotations)
        out.append(_prompt(section.prompt))
        if section.link:
            out.append(_labelled("Link to the next factor. ", section.link.text))
    if outline.counter:
        c = outline.counter
        out += [Block("heading", (Span(f"Counter-argument: {c.title}"),)), _labelled("The rival view. ", c.statement)]
        for r in c.rivals:
            out.append(_labelled("Who argues it. ", f"{r.name}: {r.summary}", r.footnote))
            if r.caution:
                out.append(_labelled("Careful. ", r.caution))
        if c.quotations:
            out.append(_labelled(COUNTER_EVIDENCE, ""))
            out += _quotes(c.quotations)
        out.append(_prompt(c.prompt))
    j = outline.judgement
    out += [Block("heading", (Span("Judgement: which mattered most, and why"),)), _prompt(j.prompt)]
    out += [Block("bullet", (Span(q),)) for q in j.questions]
    if j.to_explain:
        out.append(_labelled("What any answer must explain.", ""))
        out += [Block("bullet", (Span(item),)) for item in j.to_explain]
    out += [Block("heading", (Span("Conclusion"),)), _prompt(outline.conclusion)]
    out += [Block("heading", (Span("Notes"),)), _prompt(outline.locations)]
    if outline.gaps:
        out.append(_labelled("What the case does not know about these sources.", ""))
        out += [Block("bullet", (Span(g.text),)) for g in outline.gaps]
    for caution in outline.cautions:
        out.append(_labelled("Not an authority. ", (
            f"{caution.name}: {caution.reason} Quote it only for what it says, never as the authority for a fact "
            "or a historian's view. Read instead:")))
        out += [Block("bullet", _runs(book)) for book in caution.instead]
    out.append(Block("notes", tuple(Span(str(n.number), note=n.number) for n in outline.notes)))
    out.append(Block("heading", (Span("Bibliography"),)))
    out += [Block("entry", _runs(entry)) for entry in outline.bibliography]
    if outline.further_reading:
        out.append(Block("heading", (Span("Further reading"),)))
        out += [Block("entry", _runs(entry)) for entry in outline.further_reading]
    return out


def _title(outline: Outline, thesis: str) -> str:
    intro = outline.introduction
    return dict(zip(intro.factors, intro.factor_titles, strict=True)).get(thesis, thesis)
