"""Passage suggestions: a source's unrecorded sentences, ranked by how likely they bear on a thesis.

A thesis is described by its title, statement and summary and by the passages already recorded for it (their
words and notes); each sentence of the source that no claim file records yet is scored by its TF-IDF cosine
similarity to that description (scikit-learn's TfidfVectorizer: English stop words dropped, words and pairs of
words, term frequencies damped). A suggestion is a place to read, not evidence: a teacher accepts or
dismisses it, and only what is recorded is weighed. Pure: a Case in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
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
    shared: tuple[str, ...] = field(default=())  # the words it shares with the thesis, the rarest first

    def why(self) -> str:
        """Why it is suggested, in words: the words it shares with the thesis."""
        words = [f"“{w}”" for w in self.shared[:SHOWN_WORDS]]
        if not words:
            return "shares no word with the thesis"
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        more = len(self.shared) - len(words)
        return f"uses {listed}{f' and {more} more of its words' if more > 0 else ''}, as the thesis does"


SHOWN_WORDS = 4


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


# The lines a web page or a download carries around its text: a site's banner, navigation, licence, links.
BOILERPLATE = re.compile(
    r"(free encyclopedia|jump to (navigation|search|content)|retrieved from|this page was last (edited|modified)|"
    r"all rights reserved|cookies?\b|privacy policy|terms of (use|service)|sign (in|up)|log ?in\b|subscribe|"
    r"share (this|on)|follow us|creative commons|licensed under|download (as|pdf)|table of contents|"
    r"^(contents|references|external links|see also|further reading|notes|bibliography|navigation menu)$|"
    r"\bisbn\b|\bdoi:|^https?://|^\[?\d+\]?\s*\^)", re.IGNORECASE)


def is_boilerplate(sentence: Sentence, text: str) -> bool:
    """A sentence that is not a claim to read: on a line a site or a download adds (a banner, navigation, a
    licence), a heading (a line with no sentence's end, such as the page's title), or a line the text repeats."""
    line = text.split("\n")[sentence.line - 1].strip()
    if BOILERPLATE.search(line) or BOILERPLATE.search(sentence.text):
        return True
    if not line.rstrip("\"'”’)]").endswith((".", "!", "?", "…", ":", ";")) and len(line.split()) < 15:
        return True  # a title or a heading
    return sum(other.strip() == line for other in text.split("\n")) > 1  # a header or footer on every page


def candidates(case: Case, source_id: str, recorded: list[tuple[int, int]]) -> list[Sentence]:
    """The source's sentences of SHORTEST words or more that overlap no recorded span and are no boilerplate."""
    text = case.texts.get(source_id, "")
    return [s for s in sentences(text)
            if len(s.text.split()) >= SHORTEST and not any(s.start < end and start < s.end for start, end in recorded)
            and not is_boilerplate(s, text)]


def rank(query: str, found: list[Sentence], method: str = "tfidf") -> list[tuple[Sentence, float]]:
    """The sentences, most like the query first (ties in the text's order): by TF-IDF cosine (the default), or by
    BM25 (`method="bm25"`, measured against it in bench/bench_suggest.py)."""
    if not found:
        return []
    if method == "bm25":
        scores = _bm25(query, [s.text for s in found])
    else:
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


def _bm25(query: str, documents: list[str]) -> list[float]:
    """Okapi BM25 (k1 1.5, b 0.75) of each sentence for the query's words, by bm25s."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(documents, stopwords="en", show_progress=False, return_ids=False),
                    show_progress=False)
    words = [w for w in re.findall(r"(?u)\b\w\w+\b", query.lower()) if w not in ENGLISH_STOP_WORDS]
    known = [w for w in words if w in retriever.vocab_dict]
    return list(retriever.get_scores(known)) if known else [0.0] * len(documents)


def shared_words(query: str, sentence: str) -> tuple[str, ...]:
    """The words (not stop words) a sentence shares with the query, the rarest in the query first."""
    def words(text: str) -> list[str]:
        return [w for w in re.findall(r"(?u)\b\w\w+\b", text.lower()) if w not in ENGLISH_STOP_WORDS]

    asked = words(query)
    counts = {w: asked.count(w) for w in set(asked)}
    mine = list(dict.fromkeys(words(sentence)))
    return tuple(sorted((w for w in mine if w in counts), key=lambda w: (counts[w], mine.index(w))))


def suggest(case: Case, thesis_id: str, source_id: str | None = None, top: int = 10) -> list[Suggestion]:
    """The `top` unrecorded sentences most like the thesis, from one source or from every source with a text."""
    query = description(case, thesis_id)
    pool: list[tuple[str, Sentence]] = []
    for sid in ([source_id] if source_id else [s for s in case.sources if s in case.texts]):
        pool += [(sid, s) for s in candidates(case, sid, recorded_spans(case, sid))]
    ranked = rank(query, [s for _, s in pool])
    where = {id(s): sid for sid, s in pool}
    return [Suggestion(where[id(s)], s.line, s.start, s.end, s.text, round(score, 4), shared_words(query, s.text))
            for s, score in ranked[:top] if score > 0]


@dataclass(frozen=True)
class HeldOut:
    thesis: str
    source: str
    relevant: int  # sentences holding a held-out passage
    candidates: int
    hits: dict[int, int]  # k -> relevant sentences among the first k


def held_out(case: Case, ks: tuple[int, ...] = (5, 10), method: str = "tfidf") -> list[HeldOut]:
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
            ranked = rank(description(case, thesis.id, leave_out=sid), found, method)
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
