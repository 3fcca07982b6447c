"""Finding a quote in a source text.

A quote must occur verbatim in its source after normalising only whitespace,
typographic quote marks and dashes. The span found is in the original text, so
that a reader can highlight exactly those characters.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment

# The "did you mean" search compares the quote with a few windows of the text only, found around the quote's
# rarest words, so its cost grows with the text's length, not with the text's length times the quote's.
MIN_WORDS = 3  # fewer words than this point at no passage: "a" or "the harvest" occur anywhere
SEARCH_LIMIT = 1_000  # a longer quote gets no close-passage search (it costs the square of its length)
_ANCHORS = 6  # rarest words of the quote that vote for where it would start
_PLACES = 4  # windows compared
_LONG = 300  # a quote longer than this has enough rare words for the best-voted window alone to be compared
_WORD = re.compile(r"\w{3,}")

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
    }
)
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
    return Folded(_single_spaces(marks), tuple(breaks), tuple(shifts), len(text))


def _single_spaces(text: str) -> str:
    """Each run of whitespace as one space, at the ends too (what `\\s+` -> " " gives; str.split knows the same
    whitespace as the regular expression, and is about five times faster on a source text)."""
    out = " ".join(text.split())
    if text[:1].isspace():
        out = " " + out
    if text[-1:].isspace() and out != " ":
        out += " "
    return out


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
    """The passage of the source most like the quote, in whole words, for a "did you mean" hint; None when the
    quote is longer than SEARCH_LIMIT or nothing is alike."""
    needle = fold_quote(quote)
    text = source.text
    if not needle or not text or len(needle) > SEARCH_LIMIT:
        return None
    best = None
    for low, high in _places(needle, text):
        found = _aligned(needle, text[low:high])
        if found is not None and found.score > 0 and (best is None or found.score > best[0].score):
            best = (found, low)
    if best is None:
        return None
    found, low = best
    first, last = _whole_words(text, low + found.dest_start, low + max(found.dest_end, found.dest_start + 1))
    first, last = _edges(needle, text, first, last)
    start, end = source.origin(first), source.origin(last - 1) + 1
    return NearMiss(start, end, original[start:end], round(found.score, 1))


def _aligned(needle: str, window: str) -> ScoreAlignment | None:
    """The part of the window most like the quote (rapidfuzz's partial ratio and where). A long quote in a wider
    window is compared with each stretch of its own length, one ratio each, the best kept: the same score as the
    partial ratio wherever the quote lies inside the window, at a fraction of its cost (which also tries every
    stretch hanging over the window's ends, a few thousand ratios for a quote of 1,000 characters)."""
    size = len(needle)
    if size <= _LONG or len(window) < size:
        return fuzz.partial_ratio_alignment(needle, window, processor=None)
    best, at = 0.0, 0
    for start in range(len(window) - size + 1):
        score = fuzz.ratio(needle, window[start:start + size], processor=None, score_cutoff=best)
        if score > best:
            best, at = score, start
    return ScoreAlignment(best, 0, size, at, at + size) if best > 0 else None


def _places(needle: str, text: str) -> list[tuple[int, int]]:
    """Windows of the text where the quote may have been copied from: the whole text when it is short; else
    around the starts that the quote's rarest words point to (each occurrence of a word votes for the start
    that its place in the quote implies)."""
    long = len(needle) > _LONG  # many rare words place it closely: narrower windows, and the best one only
    margin = 40 + len(needle) // (20 if long else 4)
    if len(text) <= 2 * (len(needle) + margin):
        return [(0, len(text))]
    positions = _word_positions(text)
    words = [(m.group().lower(), m.start()) for m in _WORD.finditer(needle)]
    known = sorted({w for w, _ in words if w in positions}, key=lambda w: len(positions[w]))[:_ANCHORS]
    votes: Counter[int] = Counter()
    bucket = max(32, len(needle) // (16 if long else 4))
    for word, offset in words:
        if word in known:
            for at in positions[word][:200]:
                votes[max(0, at - offset) // bucket] += 1
    return [(max(0, b * bucket - margin), min(len(text), b * bucket + len(needle) + margin + bucket))
            for b, _ in votes.most_common(1 if long else _PLACES)]


@lru_cache(maxsize=16)
def _word_positions(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        out.setdefault(m.group().lower(), []).append(m.start())
    return out


_EDGE = 24  # how far (in characters) the edges of a near passage are moved to fit the quote


def _edges(needle: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The near passage's edges moved to the token boundaries near them that make the whole passage most like the
    quote. partial_ratio compares the quote with a window as long as the quote itself, so a quote two characters
    longer than the source's words ("the" for "a") gets a window that starts two characters early, on the full
    stop before them: ". Our worst enemy is a government" for "Our worst enemy is the government"."""
    def starts() -> list[int]:
        return [i for i in range(max(0, start - _EDGE), min(end, start + _EDGE + 1))
                if not text[i].isspace() and not (i > 0 and text[i - 1].isalnum() and text[i].isalnum())]

    def ends(first: int) -> list[int]:
        return [j for j in range(max(first + 1, end - _EDGE), min(len(text), end + _EDGE) + 1)
                if not text[j - 1].isspace() and not (j < len(text) and text[j - 1].isalnum() and text[j].isalnum())]

    best = (fuzz.ratio(needle, text[start:end], processor=None), 0, start, end)
    for first in starts():
        for last in ends(first):
            score = fuzz.ratio(needle, text[first:last], processor=None)
            moved = -(abs(first - start) + abs(last - end))  # of equal scores, the edges moved least
            if (score, moved) > best[:2]:
                best = (score, moved, first, last)
    return best[2], best[3]


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, so that a suggestion never starts or ends in the middle of one."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def longest_prefix(quote: str, source: Folded) -> tuple[int, int]:
    """How many characters of the (folded) quote's opening occur in the text, and where (folded index):
    found by halving, so a long quote costs a few searches of the text."""
    needle = fold_quote(quote)
    low, high, at = 0, len(needle), -1
    while low < high:
        mid = (low + high + 1) // 2
        found = source.text.find(needle[:mid])
        if found >= 0:
            low, at = mid, found
        else:
            high = mid - 1
    return low, at


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


_PUNCTUATION = "\"'.,;:!?()[]"
MAX_DIFFERENCES = 3  # a hint names this many differences, then says how many more there are


def differences(quote: str, passage: str) -> list[str]:
    """What differs between a quote and the passage it nearly matches, word by word, in plain words:
    `capital F in "Fischer"`, `"loss" where the source has "lost"`. Whitespace, quote marks and dashes are
    folded first (they never make a quote wrong)."""
    mine, theirs = fold_quote(quote).split(), fold_quote(passage).split()
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in mine], [w.lower() for w in theirs], autojunk=False)
    out: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        said, source = " ".join(mine[a1:a2]), " ".join(theirs[b1:b2])
        if op == "equal":
            out.extend(_capitals(m, t) for m, t in zip(mine[a1:a2], theirs[b1:b2]) if m != t)
        elif op == "replace":
            out.append(f'"{said}" where the source has "{source}"')
        elif op == "delete":
            out.append(f'"{said}" is not in the source')
        else:
            after = f' after "{theirs[b1 - 1]}"' if b1 else " at the start"
            out.append(f'the source has "{source}"{after}')
    return out


def _capitals(mine: str, theirs: str) -> str:
    """How one word differs in its capitals only: the first letter that differs, as the source has it."""
    for m, t in zip(mine, theirs):
        if m != t:
            size = "capital" if t.isupper() else "small"
            return f'{size} {t} in "{theirs.strip(_PUNCTUATION)}"'
    return f'"{mine}" where the source has "{theirs}"'  # pragma: no cover - equal words, lower-cased


def said_differently(quote: str, passage: str) -> str:
    """The differences as one phrase for a hint: the first few, and how many more."""
    found = differences(quote, passage)
    shown = "; ".join(found[:MAX_DIFFERENCES])
    if len(found) > MAX_DIFFERENCES:
        more = len(found) - MAX_DIFFERENCES
        shown += f"; and {more} more difference{'' if more == 1 else 's'}"
    return shown


def _same_length_lower(text: str) -> str:
    """The text in small letters, one character for one (so that offsets stay valid)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def locate_ignoring_case(quote: str, source: Folded) -> Match | None:
    """Like locate, but capitals do not count: the span in the original and how many places match."""
    needle = _same_length_lower(fold_quote(quote))
    if not needle:
        return None
    haystack = _same_length_lower(source.text)
    at = haystack.find(needle)
    if at < 0:
        return None
    count = haystack.count(needle)
    end = at + len(needle)
    return Match(source.origin(at), source.origin(end - 1) + 1, count)
