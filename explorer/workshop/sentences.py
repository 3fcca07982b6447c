"""A source's sentences (pysbd), and what a reader's selection of them quotes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from explorer.workshop.edit import WorkshopError


@dataclass(frozen=True)
class Sentence:
    start: int  # character offsets in the text
    end: int
    line: int  # 1-based line where it starts
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text's sentences: each line (a paragraph, as extracted) cut into sentences by pysbd (rule-based
    sentence boundaries: "a.k.a.", "Dr.", initials such as "Paul H.", numbered lines and decimals are not ends).
    Offsets are the text's own, so a sentence's span can be compared with a quote's."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        at = 0
        for piece in _split(line):
            words = piece.strip()
            found = line.find(words, at) if words else -1
            if found < 0:  # pysbd changed the words (it should not, with clean=False): the rest of the line whole
                rest = line[at:].strip()
                if rest:
                    start = line.index(rest, at)
                    out.append(Sentence(offset + start, offset + start + len(rest), number, rest))
                break
            out.append(Sentence(offset + found, offset + found + len(words), number, words))
            at = found + len(words)
        offset += len(line) + 1
    return tuple(out)


def _split(line: str) -> list[str]:
    if not line.strip():
        return []
    return _segmenter().segment(line)


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def recorded_as(case: Any, source_id: str, found: list[Sentence]) -> list[list[str]]:
    """For each sentence of a source's text (sentences()), the passages of the case (thesis#n) that quote it."""
    recorded = [(e.span, e.ref) for _, e in case.passages() if e.source == source_id and e.span]
    return [[ref for (start, end), ref in recorded if start < s.end and s.start < end] for s in found]


def quote_from(text: str, found: list[Sentence], first: int, last: int) -> str:
    """The words of a run of sentences (first..last, indexes into `found`), on one line: what a claim file
    quotes (the loader folds whitespace, so the quote still matches across a line break)."""
    if not 0 <= first <= last < len(found):
        raise WorkshopError("choose the first sentence and a last sentence at or after it")
    return " ".join(text[found[first].start:found[last].end].split())


def selection_quote(text: str, found: list[Sentence], start: int, end: int) -> tuple[str, int, int]:
    """What a reader's selection of text[start:end] quotes: the words it covers, a word cut by its edge taken
    whole; a click (no words selected) quotes the sentence clicked. With the sentences it touches (first, last:
    indexes into `found`); a WorkshopError when it touches no sentence."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    start, end = min(start, end), max(start, end)
    if start == end or not text[start:end].strip():
        at = next((i for i, s in enumerate(found) if s.start <= start <= s.end), None)
        if at is None:
            raise WorkshopError("click inside a sentence, or select the words to quote")
        return quote_from(text, found, at, at), at, at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and not text[start - 1].isspace() and not text[start].isspace() and text[start - 1].isalnum():
        start -= 1  # a word cut at the start is taken whole
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1  # ... and at the end
    touched = [i for i, s in enumerate(found) if s.start < end and start < s.end]
    if not touched:
        raise WorkshopError("select words of a sentence of the source")
    return " ".join(text[start:end].split()), touched[0], touched[-1]
