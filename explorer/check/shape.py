"""The essay's shape: a student's draft as paragraphs (introduction, body, conclusion), sentences, quotations
(straight, typographic or block) and notes (footnotes, endnotes or a list under Notes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOTES_HEADING = re.compile(r"^\s*#*\s*\**(notes|footnotes|endnotes|references|bibliography|works cited|sources"
                            r"( used)?|reading list)\**\s*:?\s*$", re.IGNORECASE)
_NOTE_DEF = re.compile(r"^\s*\[\^([^\]\s]+)\]:\s*(.*)$")
_LISTED_NOTE = re.compile(r"^\s*(?:\[\^?(\d{1,3})\]|\^?(\d{1,3})[.):]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s*(.+)$")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER = re.compile(r"\[\^([^\]\s]+)\]|(?<![\d\[])\[(\d{1,3})\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*(?:\s?(?:\[\^[^\]\s]+\]|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))*\s+"
                           r"(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets in the paragraph's prose
    end: int
    text: str


@dataclass(frozen=True)
class Quoted:
    """A quotation in the essay: its words without the marks, as written with them, where."""

    words: str
    written: str
    start: int  # offsets in the paragraph's prose; a block quote: where it stands (after the prose before it)
    end: int
    block: bool = False
    marks: tuple[str, ...] = ()  # footnote numbers inside a block quote


@dataclass(frozen=True)
class Block:
    """A paragraph of the essay: its prose (footnote markers kept), its sentences and its quotations."""

    number: int  # 1-based, in the essay's order
    prose: str
    sentences: tuple[Sentence, ...]
    quoted: tuple[Quoted, ...]
    blocks: tuple[str, ...] = ()  # block quotes, as written


@dataclass(frozen=True)
class Essay:
    paragraphs: tuple[Block, ...]
    notes: dict[str, str]  # footnote number -> its text
    bibliography: tuple[str, ...] = ()


def parse(text: str) -> Essay:
    """An essay in the plain form of explorer/drafts.py (or typed or pasted text): its paragraphs, block quotes,
    footnotes and the list of notes or works at the end. Headings and a title are left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes: dict[str, str] = {}
    listed: list[str] = []
    body: list[str] = []
    in_notes = False
    for line in lines:
        found = _NOTE_DEF.match(line)
        if found:
            notes[found[1]] = found[2].strip()
            continue
        if _NOTES_HEADING.match(line):
            in_notes = True
            continue
        if in_notes:
            if line.strip():
                listed.append(line.strip())
            continue
        body.append(line)
    bibliography = []
    for line in listed:
        found = _LISTED_NOTE.match(line)
        if found:
            number = found[1] or found[2] or (found[3] or "").translate(_SUPERSCRIPT)
            notes.setdefault(number, found[4].strip())
        else:
            bibliography.append(re.sub(r"^[-*•\s]+", "", line).strip())
    paragraphs: list[Block] = []
    pending: tuple[str, list[str]] | None = None  # the prose of a paragraph and its block quotes

    def close() -> None:
        nonlocal pending
        if pending is not None:
            paragraphs.append(_block(len(paragraphs) + 1, pending[0], pending[1]))
        pending = None

    for chunk in _chunks(body):
        if _HEADING.match(chunk) or _is_title(chunk):
            close()
            continue
        quoted = _block_quote(chunk)
        if quoted is not None:
            if pending is None:
                pending = ("", [])
            pending[1].append(quoted)
            continue
        if pending is not None and pending[1] and _continues(chunk):
            pending = (pending[0] + "\n" + " ".join(chunk.split()), pending[1])
            continue
        close()
        pending = (" ".join(chunk.split()), [])
    close()
    return Essay(tuple(p for p in paragraphs if p.prose.strip() or p.blocks), notes, tuple(bibliography))


def _chunks(lines: list[str]) -> list[str]:
    """Paragraphs: separated by blank lines where the text has any, else one a line."""
    if any(not line.strip() for line in lines) and sum(bool(line.strip()) for line in lines) > 1:
        out, current = [], []
        for line in lines:
            if line.strip():
                current.append(line)
            elif current:
                out.append("\n".join(current))
                current = []
        if current:
            out.append("\n".join(current))
        # a block quote's lines run straight into prose in some files: split them apart
        split: list[str] = []
        for chunk in out:
            split += _split_quote_lines(chunk)
        return split
    return [line for line in lines if line.strip()]


def _split_quote_lines(chunk: str) -> list[str]:
    groups: list[list[str]] = []
    for line in chunk.split("\n"):
        kind = line.lstrip().startswith(">")
        if groups and (groups[-1][0].lstrip().startswith(">")) == kind:
            groups[-1].append(line)
        else:
            groups.append([line])
    return ["\n".join(g) for g in groups]


def _is_title(chunk: str) -> bool:
    """A title or a heading: a short line with no full stop at its end and no quotation in it."""
    words = chunk.split()
    stripped = chunk.strip()
    return ("\n" not in stripped and len(words) <= 14 and not re.search(r"[.!:;,\"”’]\s*(\[\^?\w+\])?$", stripped)
            and not stripped.startswith((">", "“", '"', "‘")))


def _block_quote(chunk: str) -> str | None:
    """A block quote's words, when the chunk is one: lines starting `>`, indented lines, or a paragraph that is
    one quotation and nothing else."""
    lines = [line for line in chunk.split("\n") if line.strip()]
    if all(line.lstrip().startswith(">") for line in lines):
        return " ".join(line.lstrip()[1:].strip() for line in lines)
    if all(line.startswith(("    ", "\t")) for line in lines):
        return " ".join(" ".join(lines).split())
    one = " ".join(chunk.split())
    found = re.fullmatch(r"[“\"]([^“”\"]{20,})[”\"]\s*((?:\[\^?\w+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)*)\s*", one)
    if found:
        return found[1] + found[2]
    return None


def _continues(chunk: str) -> bool:
    """Whether prose after a block quote is the same paragraph's comment on it."""
    first = chunk.lstrip().split(" ", 1)[0]
    return first[:1].islower() or first.rstrip(",") in ("This", "These", "Here", "Such", "That", "Thus", "Each",
                                                         "It", "They", "So", "Both", "Its", "Their")


def _block(number: int, prose: str, blocks: list[str]) -> Block:
    prose = prose.strip()
    found = split_sentences(prose)
    quoted = list(find_quotations(prose))
    at = prose.find("\n")  # a block quote stands where the prose before it ends (or at the start)
    place = at if at >= 0 else len(prose)
    for written in blocks:
        marks = tuple(note_marks(written))
        words = _MARKER.sub("", written).strip()
        words = words[1:-1] if len(words) > 2 and words[0] in "“\"" and words[-1] in "”\"" else words
        quoted.append(Quoted(words.strip(), written, place, place, block=True, marks=marks))
    return Block(number, prose, tuple(found), tuple(quoted), tuple(blocks))


def split_sentences(prose: str) -> list[Sentence]:
    out = []
    start = 0
    for cut in [m.end() for m in _SENTENCE_END.finditer(prose)] + [len(prose)]:
        piece = prose[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(start + lead, start + len(piece.rstrip()), piece.strip()))
        start = cut
    return out


_DOUBLE = re.compile(r"“([^“”]+?)”|(?<![\w])\"([^\"]+?)\"|«\s*([^«»]+?)\s*»")
_SINGLE = re.compile(r"(?<![\w’'])[‘']((?=\S)[^‘’'\n]*?(?:\w[’']\w[^‘’'\n]*?)*\S)[’'](?![\w])")


def find_quotations(prose: str) -> list[Quoted]:
    """Every quotation in a paragraph's prose: double quotes first (straight, typographic or guillemets), then
    single quotes outside them (an apostrophe inside a word, as in Khrushchev's, opens or closes nothing)."""
    out: list[Quoted] = []
    taken: list[tuple[int, int]] = []
    for m in _DOUBLE.finditer(prose):
        words = next(g for g in m.groups() if g is not None)
        out.append(Quoted(_MARKER.sub("", words).strip(), m.group(), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _SINGLE.finditer(prose):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(Quoted(_MARKER.sub("", m.group(1)).strip(), m.group(), m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def note_marks(text: str) -> list[str]:
    return [(m[1] or m[2] or (m[3] or "").translate(_SUPERSCRIPT)) for m in _MARKER.finditer(text)]


def plain_words(text: str) -> str:
    """Text without its footnote markers, on one line."""
    return " ".join(_MARKER.sub("", text).split())
