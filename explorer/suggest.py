"""Passage suggestions: a source's unrecorded sentences, ranked by how likely they bear on a thesis.

A thesis is described by its title, statement and summary and by the passages already recorded for it (their
words and notes); each sentence of the source that no claim file records yet is scored by its TF-IDF cosine
similarity to that description (scikit-learn's TfidfVectorizer: English stop words dropped, words and pairs of
words, term frequencies damped). A suggestion is a place to read, not evidence: a teacher accepts or
dismisses it, and only what is recorded is weighed. Pure: a Case in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from explorer.model import Case
from explorer.workshop import Sentence, sentences


@dataclass(frozen=True)
class Suggestion:
    source: str
    line: int
    start: int
    end: int
    text: str
    score: float  # 0..1, the cosine similarity


def description(case: Case, thesis_id: str, leave_out: str | None = None) -> str:
    """What a thesis is about, in words: its own and its recorded passages' (those of `leave_out`, a source,
    left out, as when its passages are held out to measure the suggestions)."""
    thesis = case.theses[thesis_id]
    parts = [thesis.title, thesis.statement, thesis.summary]
    for home, evidence in case.passages():
        if thesis_id in evidence.stances(home.id) and evidence.source != leave_out:
            parts += [evidence.quote, evidence.note]
    return " ".join(" ".join(p.split()) for p in parts)


def recorded_spans(case: Case, source_id: str, leave_out: str | None = None) -> list[tuple[int, int]]:
    """The spans of the source recorded in any claim file (those under `leave_out`, a thesis, left out)."""
    return [e.span for t, e in case.passages()
            if e.source == source_id and e.span is not None and t.id != leave_out]


SHORTEST = 5  # words: a shorter "sentence" is a caption, a heading or a list of tags, not a claim to weigh


def candidates(case: Case, source_id: str, recorded: list[tuple[int, int]]) -> list[Sentence]:
    """The source's sentences of SHORTEST words or more that overlap no recorded span."""
    return [s for s in sentences(case.texts.get(source_id, ""))
            if len(s.text.split()) >= SHORTEST and not any(s.start < end and start < s.end for start, end in recorded)]


def rank(query: str, found: list[Sentence]) -> list[tuple[Sentence, float]]:
    """The sentences, most like the query first (ties in the text's order)."""
    if not found:
        return []
    vectoriser = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform([query] + [s.text for s in found])
    except ValueError:  # nothing but stop words
        return [(s, 0.0) for s in found]
    scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()
    order = sorted(range(len(found)), key=lambda i: (-scores[i], i))
    return [(found[i], float(scores[i])) for i in order]


def relevance(query: str, texts: list[str], background: list[str] = ()) -> list[float]:
    """How close each text is in words to the query, 0..1: the TF-IDF cosine similarity of their character
    4- and 5-grams within words (so "Cuba" meets "Cuban" and "prestige" meets "prestigious"), the rarity of each
    n-gram learnt from `background` (a case's passages) with the texts. The essay plan weighs its quotations by it."""
    if not texts:
        return []
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, lowercase=True)
    try:
        vectoriser.fit([query, *texts, *background])
    except ValueError:  # no word of four letters anywhere
        return [0.0 for _ in texts]
    matrix = vectoriser.transform([query, *texts])
    return [float(x) for x in linear_kernel(matrix[0:1], matrix[1:]).ravel()]


def suggest(case: Case, thesis_id: str, source_id: str | None = None, top: int = 10) -> list[Suggestion]:
    """The `top` unrecorded sentences most like the thesis, from one source or from every source with a text."""
    query = description(case, thesis_id)
    pool: list[tuple[str, Sentence]] = []
    for sid in ([source_id] if source_id else [s for s in case.sources if s in case.texts]):
        pool += [(sid, s) for s in candidates(case, sid, recorded_spans(case, sid))]
    ranked = rank(query, [s for _, s in pool])
    where = {id(s): sid for sid, s in pool}
    return [Suggestion(where[id(s)], s.line, s.start, s.end, s.text, round(score, 4))
            for s, score in ranked[:top] if score > 0]


@dataclass(frozen=True)
class HeldOut:
    thesis: str
    source: str
    relevant: int  # sentences holding a held-out passage
    candidates: int
    hits: dict[int, int]  # k -> relevant sentences among the first k


def held_out(case: Case, ks: tuple[int, ...] = (5, 10)) -> list[HeldOut]:
    """For every thesis and every source it quotes: hide that source's passages for the thesis, suggest from the
    source's sentences that nothing else records, and count how many of the hidden passages' sentences come in
    the first k. The measure of the suggestions (bench/bench_suggest.py)."""
    out = []
    for thesis in case.theses.values():
        for sid in sorted({e.source for e in thesis.evidence if e.span is not None}):
            hidden = [e.span for e in thesis.evidence if e.source == sid and e.span is not None]
            found = candidates(case, sid, recorded_spans(case, sid, leave_out=thesis.id))
            relevant = {id(s) for s in found if any(s.start < end and start < s.end for start, end in hidden)}
            if not relevant:
                continue
            ranked = rank(description(case, thesis.id, leave_out=sid), found)
            hits = {k: sum(id(s) in relevant for s, _ in ranked[:k]) for k in ks}
            out.append(HeldOut(thesis.id, sid, len(relevant), len(found), hits))
    return out


def recall(results: list[HeldOut], k: int) -> tuple[float, float]:
    """Mean recall at k over the held-out pairs, and what a random order of the same sentences would give."""
    if not results:
        return 0.0, 0.0
    found = sum(r.hits[k] / r.relevant for r in results) / len(results)
    chance = sum(min(1.0, k / r.candidates) for r in results) / len(results)
    return found, chance
