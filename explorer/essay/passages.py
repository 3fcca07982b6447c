"""Which passages a section of the plan quotes, and how: chosen by weight and closeness in words to what the
section argues (see explorer.essay for the rule), quoted as whole sentences or marked with an ellipsis, with the
sentence before when the passage opens on a word that points back, and numbered as notes in order of
appearance."""

from __future__ import annotations

import re

from explorer import cite, locator, suggest
from explorer.essay.outline import Quotation
from explorer.essay.plan import Weighed
from explorer.model import Case, Evidence, Thesis
from explorer.vocabulary import SOURCE_KINDS
from explorer.weighting import Bearing
from explorer.workshop import sentences

QUOTES_MIN, QUOTES_MAX = 2, 3
THIRD_AT_LEAST = 0.5  # a third quotation must score at least half as much as the first
RELEVANCE_FLOOR = 0.05  # a passage with no word in common with the section still counts a little
# A quotation that opens on one of these words needs the sentence before it to be understood.
LEANS_BACK = frozenset({"this", "these", "those", "such", "they", "consequently", "nevertheless", "still", "thus",
                        "therefore", "moreover", "furthermore", "however", "also", "yet", "unsurprisingly"})
ELLIPSIS = "\u2026"


def about(thesis: Thesis, *more: str) -> str:
    return " ".join(" ".join(part.split()) for part in (thesis.title, thesis.statement, thesis.summary, *more))


def choose(case: Case, candidates: list[Bearing], query: str, used: set[str],
           most: int = QUOTES_MAX) -> list[tuple[Bearing, float]]:
    """The passages a section quotes, with their relevance: among those that count for something and are not
    quoted yet, the highest weight x (RELEVANCE_FLOOR + relevance to `query`); two, and a third when it scores
    at least half as much as the first. Ties keep the order of `candidates` (weighting.bearings)."""
    pool = [c for c in candidates if c.ref not in used and c.weight > 0]
    background = [" ".join(e.quote.split()) for _, e in case.passages()]
    near = suggest.relevance(query, [" ".join(c.evidence.quote.split()) for c in pool], background)
    scored = sorted(((c, r, c.weight * (RELEVANCE_FLOOR + r)) for c, r in zip(pool, near, strict=True)),
                    key=lambda x: -round(x[2], 9))  # sorted() is stable: ties stay in the bearings' order
    chosen: list[tuple[Bearing, float]] = []
    for c, r, score in scored:
        if len(chosen) >= QUOTES_MIN and score < THIRD_AT_LEAST * scored[0][2]:
            break
        chosen.append((c, r))
        if len(chosen) == most:
            break
    used.update(c.ref for c, _ in chosen)
    return chosen


def excerpt(case: Case, evidence: Evidence) -> tuple[str, tuple[int, int] | None, bool]:
    """A passage as the plan quotes it, the span it then covers, and whether the sentence before it was added:
    whole sentences of the source, an ellipsis where the passage starts or ends within a sentence, and the
    sentence before it (from the same paragraph) when it opens on a word that points back ("This position ...")."""
    text = case.texts.get(evidence.source)
    span = evidence.span
    if text is None or span is None:
        return " ".join(evidence.quote.split()), span, False
    start, end = span
    found = [s for s in sentences(text) if s.start < end and start < s.end]
    if not found:
        return case.words(evidence.source, span, evidence.quote), span, False
    first, last = found[0], found[-1]
    words = " ".join(text[start:end].split())
    context = False
    opening = re.match(r"[A-Za-z]+", words)
    cut_start = start > first.start or words[:1].islower()
    if not cut_start and opening and opening.group(0).lower() in LEANS_BACK:
        before = [s for s in sentences(text) if s.end <= first.start and s.line == first.line]
        if before:
            start = before[-1].start
            words = " ".join(text[start:end].split())
            context = True
    rest = text[end:last.end]
    cut_end = bool(re.search(r"[A-Za-z0-9]", rest))
    if cut_start:
        words = f"{ELLIPSIS} {words}"
    if cut_end:
        words = f"{words.rstrip(',;:')} {ELLIPSIS}"
    return words, (start, end), context


class Notes:
    """Note numbers in order of appearance, with what each cites."""

    def __init__(self, case: Case, w: Weighed) -> None:
        self.case = case
        self.w = w
        self.cites: list[cite.Cite] = []

    def add(self, source: str, span: tuple[int, int] | None) -> int:
        place = locator.locate(self.case, source, span)
        self.cites.append(cite.Cite(source, place.locator if place else None))
        return len(self.cites)

    def quote(self, c: Bearing, relevance: float) -> Quotation:
        e = c.evidence
        words, span, context = excerpt(self.case, e)
        number = self.add(e.source, span)
        place = locator.locate(self.case, e.source, span)
        source = self.case.sources.get(e.source)
        return Quotation(c.ref, e.source, words, e.note, c.stance, c.strength,
                         self.w.settings.trust.get(e.source, 0.0), c.weight, relevance, number,
                         place.words if place else None, self.case.source_name(e.source), context,
                         SOURCE_KINDS[source.kind].authority if source else True)
