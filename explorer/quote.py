"""Finding a quote in a source text.

A quote must occur verbatim in its source after normalising only whitespace,
typographic quote marks and dashes. The span found is in the original text, so
that a reader can highlight exactly those characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"\s{2,}")


@dataclass(frozen=True)
class Folded:
    """A text with whitespace runs collapsed and marks folded, and the way back to the original."""

    text: str
    breaks: tuple[int, ...]  # folded indexes after which the original had extra whitespace
    shifts: tuple[int, ...]  # how many characters were dropped before each break
    length: int  # length of the original

    def origin(self, index: int) -> int:
        """The index in the original of folded character `index`."""
        at = bisect_right(self.breaks, index)
        return index + (self.shifts[at - 1] if at else 0)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    count: int  # how many times the quote occurs


@dataclass(frozen=True)
class NearMiss:
    start: int
    end: int
    passage: str
    similarity: float  # 0..100


def fold(text: str) -> Folded:
    """Collapse whitespace to single spaces and fold typographic quotes and dashes."""
    marks = text.translate(_FOLD)  # one character for one: offsets are unchanged
    breaks: list[int] = []
    shifts: list[int] = []
    dropped = 0
    for run in _RUN.finditer(marks):  # only runs of two or more change the offsets
        before = dropped
        dropped += run.end() - run.start() - 1
        breaks.append(run.start() - before + 1)
        shifts.append(dropped)
    folded = _SPACE.sub(" ", marks)
    return Folded(folded, tuple(breaks), tuple(shifts), len(text))


def fold_quote(quote: str) -> str:
    return " ".join(quote.translate(_FOLD).split())


def locate(quote: str, source: Folded) -> Match | None:
    """The span of the quote's first occurrence in the original text, or None."""
    needle = fold_quote(quote)
    if not needle:
        return None
    at = source.text.find(needle)
    if at < 0:
        return None
    count = 1 if source.text.find(needle, at + 1) < 0 else source.text.count(needle)
    end = at + len(needle)
    return Match(source.origin(at), source.origin(end - 1) + 1, count)


def closest(quote: str, source: Folded, original: str) -> NearMiss | None:
    """The passage of the source most like the quote, for a "did you mean" hint."""
    needle = fold_quote(quote)
    if not needle or not source.text:
        return None
    found = fuzz.partial_ratio_alignment(needle, source.text, processor=None)
    if found is None or found.score == 0:
        return None
    start = source.origin(found.dest_start)
    end = source.origin(max(found.dest_end - 1, found.dest_start)) + 1
    return NearMiss(start, end, original[start:end], round(found.score, 1))


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1
