"""The checker: everything the check needs from a case, made once (a class's essays share it), and one essay's
check, finding by finding in the essay's order (see explorer.check for what each kind of finding means)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from explorer import quote as quotes
from explorer import vocabulary
from explorer.check.report import FINDING_KINDS, Finding, ParagraphView, QuoteCheck, Report
from explorer.check.shape import Block, Essay, Quoted, note_marks, parse, plain_words, split_sentences
from explorer.check.words import WORD, content_words, negations, stem
from explorer.model import Case
from explorer.suggest import description
from explorer.workshop import sentences as source_sentences

CLOSE = 80.0  # a quotation at least this like a passage (rapidfuzz, 0..100) is that passage misquoted
ERROR_KINDS = ("factual_error", "anachronism")  # the recorded defects that are errors of fact
ERROR_COVER = 0.66  # share of a recorded error's rarer words (weighed by rarity) a sentence must hold to repeat it
ERROR_CORE = 6  # the rarest words of an error that are counted
MIN_QUOTE_WORDS = 3  # a shorter quotation ("thaw", 'retire') is a word in quotes, not a passage to check
MIN_EXPLANATION = 0.06  # cosine: below this a paragraph argues no explanation of the case
ANSWERS = 0.12  # cosine: a paragraph at least this like another explanation weighs it
KEYWORDS = 6  # an explanation's own words, of which a sentence that speaks of it has two
# A sentence that points back at the source quoted before: "the same article", "this essay", "the book also says"
SAME_SOURCE = re.compile(r"\b(?:the same|this|that|its|the)\s+(?:article|essay|book|source|text|author|writer|website|"
                         r"site|page|entry|encyclopedia|summary|memoir|report|document|account)s?\b"
                         r"(?!\s+(?:of|by|on|called|titled)\b)", re.IGNORECASE)
ATTRIBUTION_MIN = 0.06  # cosine: a sentence crediting a view must be at least this like an explanation
JUDGEMENT = re.compile(
    r"\b(most (important|significant|decisive|serious|likely|convincing|persuasive)|main (reason|cause|factor|"
    r"explanation)|chief|primar(y|ily)|principal|above all|decisive|crucial|key (reason|factor|cause)|"
    r"more (important|significant|decisive|convincing) than|less (important|significant) than|outweigh|"
    r"mattered (most|more)|weighed (most|more)|the real reason|ultimately|fundamental(ly)?|underlying|"
    r"mainly|most of all|by far|greatest|biggest|overall|"
    # a single cause given for the outcome, or one cause singled out: "he was removed because ...", "his way of
    # ruling is what turned ..."
    r"(removed|ousted|deposed|overthrown|toppled|fell|lost power)( from power)?( in 1964)?,? (mainly |chiefly |above "
    r"all |in the end )?because|is what (turned|made|caused|led|brought|decided))\b", re.IGNORECASE)
COUNTER = re.compile(r"\b(however|on the other hand|other historians|some historians|others|some say|critics|"
                     r"although|whereas|but it|yet|against this|rival|alternative|in contrast)\b", re.IGNORECASE)
_ATTRIBUTE_VERBS = (r"argue[sd]?|claim(?:s|ed)?|believe[sd]?|suggest(?:s|ed)?|contend(?:s|ed)?|maintain(?:s|ed)?|"
                    r"write[s]?|wrote|think[s]?|thought|insist(?:s|ed)?|blame[sd]?|stress(?:es|ed)?|"
                    r"emphasi[sz]e[sd]?|see[s]?|saw|put[s]? it down|point(?:s|ed)? to|hold[s]?|held|states?|"
                    r"stated|concludes?|concluded")
_NAME = r"((?:[A-Z][a-zà-ÿ’'-]+|de|du|von|van|Du|De)(?:\s+(?:[A-Z][a-zà-ÿ’'-]+|de|du|von|van|Du|De|[A-Z]\.)){0,3})"
_ATTRIBUTIONS = (
    re.compile(r"\b(?:historians?|scholars?|writers?|experts?|academics?|biographers?)\s*,?\s+(?:such as|like|"
               r"including|namely)\s+" + _NAME),
    re.compile(_NAME + r"\s+(?:has\s+|had\s+|also\s+|rightly\s+|famously\s+)?(?:" + _ATTRIBUTE_VERBS + r")\b"),
    re.compile(r"\b(?:[Aa]ccording to|[Ii]n the (?:view|opinion|words) of)\s+(?:the historian\s+)?" + _NAME),
    re.compile(r"\b[Tt]he historian\s+" + _NAME),
)
_NOT_NAMES = {"The", "This", "These", "That", "Those", "Some", "Other", "Others", "Many", "Most", "Historians",
              "Historian", "Scholars", "It", "He", "She", "They", "We", "I", "You", "One", "Both", "Such", "Also",
              "However", "Although", "In", "On", "As", "For", "But", "And", "Yet", "While", "When", "Which",
              "Who", "Because", "So", "Thus", "Therefore", "My", "Our", "Their", "His", "Her", "Its", "A", "An",
              "First", "Second", "Third", "Finally", "Secondly", "Firstly", "Overall", "Another", "Each", "Every",
              "Here", "There", "Soviet", "Chinese", "American", "Western", "Communist", "Party", "Central",
              "Committee", "Presidium", "Politburo", "Pravda", "Further", "Reading", "Source", "Sources", "Essay",
              "Article", "Summary", "Wiki", "Word", "Note", "Notes", "If", "Even", "Only", "Not", "No"}


@dataclass
class _Error:
    source: str
    quote: str
    note: str
    weights: dict[str, float]  # its rarest words and their weight
    total: float
    said: set[str]  # its negations, which are no sign of a correction
    correction: set[str] = field(default_factory=set)  # rare words of the correction that the error lacks
    numbers: set[str] = field(default_factory=set)  # its dates and figures


class Checker:
    """Everything the check needs from a case, made once (a class's essays share it)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.folded = {sid: quotes.fold(text) for sid, text in case.texts.items()}
        self.thesis_ids = list(case.theses)
        self.titles = {tid: t.title for tid, t in case.theses.items()}
        corpus = [s.text for text in case.texts.values() for s in source_sentences(text)]
        self._document_frequency(corpus)
        documents = [description(case, tid) for tid in self.thesis_ids]
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                     preprocessor=_prepared)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                     preprocessor=_prepared)
        if documents:
            self.words.fit(documents + corpus)
            self.chars.fit(documents + corpus)
            self.thesis_words = self.words.transform(documents)
            self.thesis_chars = self.chars.transform(documents)
        self.rivals = self._rivals()
        self.keywords = self._keywords()
        self.names = self._source_names()
        self.errors = self._errors()
        self.historians = self._historians()
        self.known_words = {w for text in case.texts.values() for w in re.findall(r"[A-Z][a-zà-ÿ’'-]+", text)}

    # --- explanations ---

    def explanations(self, texts: list[str]) -> np.ndarray:
        """Cosine similarity of each text with each explanation (rows: texts; columns: self.thesis_ids), the mean
        of words and pairs of words with pieces of words (so that "reforms" meets "reform")."""
        if not self.thesis_ids or not texts:
            return np.zeros((len(texts), len(self.thesis_ids)))
        cleaned = [plain_words(t) for t in texts]
        words = linear_kernel(self.words.transform(cleaned), self.thesis_words)
        chars = linear_kernel(self.chars.transform(cleaned), self.thesis_chars)
        return (words + 0.5 * chars) / 1.5

    def _keywords(self) -> dict[str, set[str]]:
        """Each explanation's own words: those of its title, and the KEYWORDS longest words of its statement
        that no other statement uses. A sentence with two of them speaks of it."""
        stated = {tid: set(content_words(t.statement)) for tid, t in self.case.theses.items()}
        spread = Counter(w for words in stated.values() for w in words)
        out = {}
        for tid, thesis in self.case.theses.items():
            own = sorted((w for w in stated[tid] if spread[w] == 1 and not w.isdigit()), key=lambda w: (-len(w), w))
            out[tid] = set(content_words(thesis.title)) | set(own[:KEYWORDS])
        return out

    def _rivals(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {tid: [] for tid in self.thesis_ids}
        for thesis in self.case.theses.values():
            for link in thesis.links:
                if link.relation == "competes_with" and link.thesis in out:
                    for a, b in ((thesis.id, link.thesis), (link.thesis, thesis.id)):
                        if b not in out[a]:
                            out[a].append(b)
        return out

    # --- sources named ---

    def _source_names(self) -> dict[str, list[str]]:
        """How an essay may name each source: its title (and the part before a colon), its website, its authors'
        family names, and the name of its kind where no other source with a text has that kind."""
        kinds = Counter(s.kind for s in self.case.sources.values() if s.id in self.case.texts)
        out: dict[str, list[str]] = {}
        for source in self.case.sources.values():
            names = [source.title, source.title.split(":")[0]]
            if source.container:
                names += [source.container, re.sub(r"\.(org|com|net|edu)$", "", source.container)]
            if source.url:
                host = re.sub(r"^https?://(www\.)?", "", source.url).split("/")[0]
                names += [host]
            for author in source.authors:
                family = author.split(",")[0].strip()
                if family and family not in ("Khrushchev",):  # a family name shared with the subject names nobody
                    names.append(family)
            if source.id in self.case.texts and kinds[source.kind] == 1:
                label = vocabulary.SOURCE_KINDS[source.kind].label.lower()
                names += [label, label.split()[0] + " " + {"work": "article", "article": "article"}.get(
                    label.split()[-1], label.split()[-1])]
            out[source.id] = [n for n in dict.fromkeys(n.strip() for n in names) if n and not self._common(n)]
        return out

    def _common(self, name: str) -> bool:
        """A one-word name that the texts use often ("Khrushchev", the part of a title before its colon) names the
        subject, not a source."""
        if " " in name.strip():
            return False
        low = name.lower()
        return sum(len(re.findall(r"(?<!\w)" + re.escape(low) + r"(?!\w)", t.lower())) for t in self.case.texts.values()) > 5

    def sources_named(self, text: str, loose: bool) -> list[str]:
        """The sources a text names (a footnote, loose: a title may be cut or misspelt; a sentence: names as
        written), best first."""
        folded = " ".join(text.translate(quotes._FOLD).lower().split())
        scored: dict[str, float] = {}
        for sid, names in self.names.items():
            for name in names:
                low = " ".join(name.translate(quotes._FOLD).lower().split())
                if len(low) < 4:
                    continue
                if re.search(r"(?<!\w)" + re.escape(low) + r"(?!\w)", folded):
                    score = 100.0 + len(low) / 100
                elif loose and len(low) >= 15:
                    score = fuzz.partial_ratio(low, folded) if len(folded) >= len(low) * 0.6 else 0.0
                    score = score if score >= 88 else 0.0
                else:
                    score = 0.0
                scored[sid] = max(scored.get(sid, 0.0), score)
        best = max(scored.values(), default=0.0)
        return [sid for sid, s in sorted(scored.items(), key=lambda kv: -kv[1]) if s and s >= best - 5]

    # --- recorded errors ---

    def _document_frequency(self, corpus: list[str]) -> None:
        df: Counter[str] = Counter()
        for sentence in corpus:
            df.update(set(content_words(sentence)))
        self.df, self.n_sentences = df, max(len(corpus), 1)

    def rarity(self, word: str) -> float:
        return math.log((self.n_sentences + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def _errors(self) -> list[_Error]:
        out = []
        for source in self.case.sources.values():
            for defect in source.defects:
                if defect.kind not in ERROR_KINDS or not defect.quote:
                    continue
                words = set(content_words(_last_names(defect.quote)))
                if len(words) < 2:  # "Deputy Premier Aleksey Kosygin": the whole name is the error
                    words = set(content_words(defect.quote))
                core = sorted(words, key=lambda w: (-self.rarity(w), w))[:ERROR_CORE]
                weights = {w: self.rarity(w) for w in core}
                note_words = set(content_words(defect.note)) - set(content_words(defect.quote))
                correction = {w for w in note_words if self.df.get(w, 0) <= 1 and not w.isdigit()}
                out.append(_Error(source.id, " ".join(defect.quote.split()), " ".join(defect.note.split()),
                                  weights, sum(weights.values()), negations(defect.quote), correction,
                                  {w for w in words if w.isdigit()}))
        return out

    def repeated_error(self, sentence: str) -> tuple[_Error, float] | None:
        """The recorded error a sentence repeats, if any: most of the error's rarer words (weighed by rarity, at
        least two of them) and no negation or word of the correction that the error itself lacks."""
        words = set(content_words(sentence))
        best = None
        for error in self.errors:
            shared = [w for w in error.weights if w in words]
            if len(shared) < min(2, len(error.weights)) or not error.numbers <= words:
                continue  # an error in a date or a figure is repeated only with that date or figure
            cover = sum(error.weights[w] for w in shared) / error.total
            if cover >= ERROR_COVER and (best is None or cover > best[1]):
                best = (error, cover)
        if best is None:
            return None
        error = best[0]
        if (negations(sentence) - error.said) or (error.correction & words):
            return None  # the student says it is wrong, or gives the correction
        return best

    # --- historians ---

    def _historians(self) -> dict[str, tuple[str, set[str]]]:
        """Each historian's names (full and family) -> (their id, the explanations a source credits to them)."""
        credited: dict[str, set[str]] = {hid: set() for hid in self.case.historians}
        for historian in self.case.historians.values():
            credited[historian.id] |= {v.thesis for v in historian.views if v.thesis}
        for thesis in self.case.theses.values():
            for proponent in thesis.proponents:
                credited.setdefault(proponent.historian, set()).add(thesis.id)
        out = {}
        for historian in self.case.historians.values():
            family = historian.name.split()[-1]
            for name in {historian.name, family, " ".join(historian.name.split()[-2:])}:
                if not self._common(name):  # "Khrushchev" alone is the subject, not his son the historian
                    out[name.lower()] = (historian.id, credited.get(historian.id, set()))
        return out

    def attributions(self, sentence: str) -> list[str]:
        """The names a sentence credits a view to ("Martin Page argues", "historians such as X", "according to
        X"), as written."""
        found = []
        for pattern in _ATTRIBUTIONS:
            for m in pattern.finditer(sentence):
                name = m.group(1).strip()
                words = [w for w in name.split() if w not in _NOT_NAMES]
                while words and words[0] in _NOT_NAMES:
                    words.pop(0)
                if words and words[0][:1].isupper():
                    found.append(" ".join(words))
        return list(dict.fromkeys(found))

    # --- quotations ---

    def locate(self, words: str) -> tuple[str, str, str, tuple[str, ...]] | None:
        """(status, source, the source's words, differences) for a quotation: "verbatim" where every piece
        between ellipses and square brackets occurs in one source in order (a capital at a piece's start
        aside); "close" where a passage is at least CLOSE alike; None where none is."""
        pieces = [p.strip(" ,;:") for p in re.split(r"\.\s?\.\s?\.|…|\[[^\]]*\]", words)]
        pieces = [p for p in pieces if re.search(r"\w", p)]
        if not pieces:
            return None
        for sid, folded in self.folded.items():
            at, first, last = 0, None, 0
            for piece in pieces:
                found = _find_from(piece, folded.text, at)
                if found is None:
                    break
                start, end = found
                first = start if first is None else first
                at, last = end, end
            else:
                original = self.case.texts[sid]
                start, end = folded.origin(first or 0), folded.origin(last - 1) + 1
                return "verbatim", sid, " ".join(original[start:end].split()), ()
        best = None
        joined = " ".join(pieces)
        for sid, folded in self.folded.items():
            near = quotes.closest(joined, folded, self.case.texts[sid])
            if near is not None and (best is None or near.similarity > best[1].similarity):
                best = (sid, near)
        if best is None or best[1].similarity < CLOSE:
            return None
        sid, near = best
        passage = _trimmed(joined, " ".join(near.passage.split()))
        found = tuple(quotes.differences(joined, passage))
        if not found:
            return "verbatim", sid, passage, ()
        return "close", sid, passage, found

    # --- the whole check ---

    def check(self, text: str) -> Report:
        essay = parse(text)
        return _Check(self, essay).run()


def _prepared(text: str) -> str:
    """Words as the explanations' vectors count them: stop words out, the rest stemmed."""
    return " ".join(stem(w) for w in WORD.findall(text.translate(quotes._FOLD)) if w.lower() not in ENGLISH_STOP_WORDS)


def _trimmed(mine: str, passage: str) -> str:
    """A near passage cut to start where the quotation starts (a word or two before it, the end of the sentence
    before, are not the source's words that the student changed), its first letter in the quotation's case."""
    first = mine.split()[0].strip(_BETWEEN).lower() if mine.split() else ""
    words = passage.split()
    for i, word in enumerate(words[:3]):
        if word.strip(_BETWEEN).lower() == first:
            words = words[i:]
            break
    out = " ".join(words)
    if out[:1].lower() == mine.lstrip(_BETWEEN)[:1].lower():
        out = mine.lstrip(_BETWEEN)[:1] + out[1:]
    return out


def _find_from(piece: str, haystack: str, at: int) -> tuple[int, int] | None:
    """A piece of a quotation in a folded text, from `at` on; its first letter's case may differ."""
    needle = quotes.fold_quote(piece)
    if not needle:
        return None
    found = haystack.find(needle, at)
    if found < 0 and needle[:1].isalpha():
        swapped = (needle[0].lower() if needle[0].isupper() else needle[0].upper()) + needle[1:]
        found = haystack.find(swapped, at)
    if found >= 0:
        return found, found + len(needle)
    # the same words, told apart only by punctuation between them (a comma or the source's own quotation marks)
    words = [w.strip(_BETWEEN) for w in needle.split()]
    words = [w for w in words if w]
    if not words:
        return None
    pattern = f"[{re.escape(_BETWEEN)}]*\\s*[{re.escape(_BETWEEN)}]*".join(re.escape(w) for w in words)
    first = re.escape(words[0][0])
    pattern = f"(?:{first.lower()}|{first.upper()})" + pattern[len(first):] if words[0][0].isalpha() else pattern
    match = re.compile(pattern).search(haystack, at)
    return (match.start(), match.end()) if match else None


_BETWEEN = "\"',.;:!?()"


class _Check:
    """One essay's check: the findings in the essay's order."""

    def __init__(self, checker: Checker, essay: Essay) -> None:
        self.c = checker
        self.case = checker.case
        self.essay = essay
        self.findings: list[Finding] = []
        self.quotations: list[QuoteCheck] = []

    def run(self) -> Report:
        paragraphs = self.essay.paragraphs
        for paragraph in paragraphs:
            self._quotations(paragraph)
            self._sentences(paragraph)
        views = self._explanations()
        main = self._main(views)
        self._paragraph_findings(views, main)
        order = {kind: n for n, kind in enumerate(FINDING_KINDS)}
        findings = sorted(self.findings, key=lambda f: (f.paragraph or 10_000, order[f.kind]))
        return Report(tuple(findings), tuple(views), tuple(self.quotations), main)

    # --- quotations ---

    def _quotations(self, paragraph: Block) -> None:
        for q in paragraph.quoted:
            if self._is_title(q.words):
                self.quotations.append(QuoteCheck(paragraph.number, q.written, "title"))
                continue
            if len(q.words.split()) < MIN_QUOTE_WORDS:
                self.quotations.append(QuoteCheck(paragraph.number, q.written, "short"))
                continue
            credited = self._credit(paragraph, q)
            found = self.c.locate(q.words)
            shown = _cut(q.written.strip(), 300)
            if found is None:
                self.quotations.append(QuoteCheck(paragraph.number, q.written, "not_found", credited=tuple(credited)))
                near = self._nearest_passage(q.words)
                hint = (f" The nearest passage of the sources is in {self._name(near[0])}: “{near[1]}”." if near
                        else "")
                self.findings.append(Finding(
                    "not_in_sources", shown,
                    "These words are not in any of the case's sources. If you took them from another book or site, "
                    "give it in a footnote; if you meant to quote one of the sources, copy its exact words." + hint,
                    paragraph.number, near[0] if near else None, near[1] if near else None))
                continue
            status, sid, passage, differences = found
            self.quotations.append(QuoteCheck(paragraph.number, q.written, status, sid, passage, tuple(credited),
                                              differences))
            if status == "close":
                listed = "; ".join(differences[:quotes.MAX_DIFFERENCES])
                more = len(differences) - quotes.MAX_DIFFERENCES
                if more > 0:
                    listed += f"; and {more} more difference{'' if more == 1 else 's'}"
                self.findings.append(Finding(
                    "misquote", shown,
                    f"This quotation is not word for word what {self._name(sid)} says: {listed}. The source's own "
                    f"words are: “{passage}”{_stop(passage)} Copy them exactly; to change a word, put yours in square brackets, "
                    "and show words you leave out with an ellipsis (…).", paragraph.number, sid, passage))
            holders = self._holders(q.words, sid)
            if credited and not set(credited) & holders:
                named = " and ".join(self._name(s) for s in credited[:2])
                self.findings.append(Finding(
                    "wrong_source", shown,
                    f"You credit these words to {named}, but they come from {self._name(sid)}. Change the "
                    f"footnote or the sentence so that it names {self._name(sid)}.", paragraph.number, sid, passage))
            elif not credited:
                self.findings.append(Finding(
                    "wrong_source", shown,
                    f"You don't say where these words come from. They are from {self._name(sid)}: name it in "
                    "your sentence or add a footnote, so that your reader can check them.", paragraph.number, sid,
                    passage))

    def _is_title(self, words: str) -> bool:
        low = " ".join(words.translate(quotes._FOLD).lower().split()).strip(" .,")
        return any(low == " ".join(s.title.translate(quotes._FOLD).lower().split())
                   for s in self.case.sources.values())

    def _holders(self, words: str, found_in: str) -> set[str]:
        """Every source whose text holds the quotation (a phrase may be in more than one)."""
        out = {found_in}
        needle = quotes.fold_quote(re.split(r"\.\s?\.\s?\.|…|\[[^\]]*\]", words)[0]).lower()
        if len(needle) >= 12:
            out |= {sid for sid, f in self.c.folded.items() if needle in f.text.lower()}
        return out

    def _credit(self, paragraph: Block, q: Quoted) -> list[str]:
        """The sources a quotation is credited to: its footnote (a marker in the quotation's sentence after its
        start, or in a block quote), else a source named in its sentence, else in the sentence before."""
        sentences = paragraph.sentences
        if q.block:
            marks = list(q.marks)
            around = [s for s in sentences if s.end <= q.start][-1:] + [s for s in sentences if s.start >= q.start][:1]
        else:
            inside = [s for s in sentences if s.start <= q.start < s.end + 1] or sentences[:1]
            at = sentences.index(inside[0]) if inside else 0
            holding = [s for s in sentences if s.start < q.end and q.start < s.end]
            tail = paragraph.prose[q.start:holding[-1].end] if holding else paragraph.prose[q.start:]
            marks = note_marks(tail)
            around = holding + ([sentences[at - 1]] if at > 0 else [])
        for mark in marks:
            note = self.essay.notes.get(mark)
            if note:
                named = self.c.sources_named(note, loose=True)
                return named or ["(elsewhere)"]
        for sentence in around:
            outside = sentence.text
            for other in paragraph.quoted:
                if not other.block:
                    outside = outside.replace(other.written, " ")
            named = self.c.sources_named(outside, loose=False)
            if named:
                return named
            if SAME_SOURCE.search(outside):
                return self._last_credit()
        return []

    def _last_credit(self) -> list[str]:
        """The source the essay credited last ("the same article says ..." credits it again); none when no
        quotation before was credited to a source of the case."""
        for earlier in reversed(self.quotations):
            if earlier.credited and "(elsewhere)" not in earlier.credited:
                return list(earlier.credited)
        return []

    def _nearest_passage(self, words: str) -> tuple[str, str] | None:
        best = None
        for sid, folded in self.c.folded.items():
            near = quotes.closest(words, folded, self.case.texts[sid])
            if near is not None and near.similarity >= 60 and (best is None or near.similarity > best[2]):
                best = (sid, " ".join(near.passage.split()), near.similarity)
        return (best[0], best[1]) if best else None

    # --- sentences: historians and recorded errors ---

    def _sentences(self, paragraph: Block) -> None:
        for sentence in paragraph.sentences:
            plain = plain_words(sentence.text)
            for name in self.c.attributions(plain):
                self._attribution(paragraph, plain, name, sentence.text)
            found = self.c.repeated_error(plain)
            if found is not None:
                error = found[0]
                note = re.sub(r"\(see contested (\w+)\)", self._contested, error.note)
                self.findings.append(Finding(
                    "repeated_error", plain,
                    f"This repeats a mistake that {self._name(error.source)} makes (“{error.quote}”). The case "
                    f"records the correction: {note} Check the fact and write it as the correction has it, "
                    "or say that the source gets it wrong.", paragraph.number, error.source, error.quote))

    def _attribution(self, paragraph: Block, sentence: str, name: str, written: str = "") -> None:
        key = name.lower()
        known = self.c.historians.get(key) or (None if self.c._common(name.split()[-1]) else next(
            (v for k, v in self.c.historians.items() if k.split()[-1] == key.split()[-1]), None))
        if known is None:
            words = name.split()[-1:]
            if (any(w in self.c.known_words for w in words) or any(
                    re.search(r"(?<!\w)" + re.escape(w.lower()) + r"(?!\w)", " ".join(n for ns in self.c.names.values()
                                                                                  for n in ns).lower())
                    for w in words)):
                return  # a person or a source the texts name (Khrushchev, Kennedy, DailyHistory): not a historian
            self.findings.append(Finding(
                "unsupported_attribution", sentence,
                f"No source in this case mentions {name}, so nothing here shows that {name} argues this. If you "
                f"read it in {name}'s own work, quote it and give the book and page in a footnote; otherwise, "
                "leave the name out.", paragraph.number))
            return
        hid, theses = known
        historian = self.case.historians[hid]
        if not theses:
            works = [self.case.sources[w].title for w in historian.works if w in self.case.sources]
            listed = f" The case knows {historian.name} only as the author of {works[0]}, on a reading list." if works \
                else ""
            self.findings.append(Finding(
                "unsupported_attribution", sentence,
                f"None of the case's sources says what {historian.name} argues about this.{listed} If you read it "
                f"in {historian.name}'s own work, quote it and give the page in a footnote; otherwise, don't put "
                "this view in his name.", paragraph.number))
            return
        scores = self.c.explanations([sentence.replace(name, " ").replace(historian.name, " ")])[0]
        order = np.argsort(-scores)
        best = self.c.thesis_ids[int(order[0])]
        top = {self.c.thesis_ids[int(i)] for i in order[:2] if scores[int(i)] >= scores[int(order[0])] * 0.8}
        if top & theses:
            self._second_hand(paragraph, sentence, written or sentence, historian, top & theses)
            return
        if scores[int(order[0])] < ATTRIBUTION_MIN:
            return
        view = next((v for v in historian.views if v.thesis in theses), None)
        said = f" {self._name(view.source)} says that {historian.name} argues: “{' '.join((view.quote or view.summary).split())}”" \
            if view else ""
        self.findings.append(Finding(
            "unsupported_attribution", sentence,
            f"No source in this case credits {historian.name} with this view (“{self.c.titles[best]}”).{said} "
            f"Put in {historian.name}'s name only what a source says he argues.", paragraph.number,
            view.source if view else None, " ".join(view.quote.split()) if view and view.quote else None, best))

    def _second_hand(self, paragraph: Block, sentence: str, written: str, historian, theses: set[str]) -> None:
        """A view the case credits to a historian only on the word of sources that are no authority (a student's
        essay): the essay must say where it read it, in the sentence or its footnote, or the reader takes it for
        the historian's own words."""
        reporters = {v.source for v in historian.views if v.thesis in theses} | {
            p.source for tid in theses for p in self.case.theses[tid].proponents if p.historian == historian.id}
        reporters = {sid for sid in reporters if sid in self.case.sources}
        if not reporters or any(vocabulary.SOURCE_KINDS[self.case.sources[sid].kind].authority for sid in reporters):
            return
        named = set(self.c.sources_named(written, loose=False))
        for mark in note_marks(written):
            named |= set(self.c.sources_named(self.essay.notes.get(mark, ""), loose=True))
        if named & reporters:
            return
        reporter = min(reporters)
        kind = vocabulary.SOURCE_KINDS[self.case.sources[reporter].kind].label.lower()
        self.findings.append(Finding(
            "second_hand_attribution", sentence,
            f"Only {self._name(reporter)} says that {historian.name} argues this, and a {kind} is not an authority: "
            f"it names none of {historian.name}'s writings. Say where you read it (“{self._name(reporter)} reports "
            f"that {historian.name} argues …”, or a footnote), or check it in {historian.name}'s own work.",
            paragraph.number, reporter))

    # --- paragraphs ---

    def _explanations(self) -> list[ParagraphView]:
        paragraphs = self.essay.paragraphs
        texts = [p.prose + " " + " ".join(p.blocks) for p in paragraphs]
        scores = self.c.explanations(texts)
        out = []
        for i, paragraph in enumerate(paragraphs):
            role = "body"
            if len(paragraphs) >= 3 and i == 0:
                role = "introduction"
            elif len(paragraphs) >= 3 and i == len(paragraphs) - 1:
                role = "conclusion"
            row = scores[i] if len(self.c.thesis_ids) else []
            best = int(np.argmax(row)) if len(row) else -1
            thesis = self.c.thesis_ids[best] if best >= 0 and row[best] >= MIN_EXPLANATION else None
            evidence = bool([q for q in paragraph.quoted if len(q.words.split()) >= MIN_QUOTE_WORDS]
                            or note_marks(paragraph.prose) or any(q.marks for q in paragraph.quoted)
                            or set(self.c.sources_named(paragraph.prose, loose=False)) & set(self.case.texts))
            out.append(ParagraphView(paragraph.number, role, plain_words(texts[i]), thesis,
                                     float(row[best]) if best >= 0 else 0.0, evidence))
        self.scores = scores
        return out

    def _main(self, views: list[ParagraphView]) -> str | None:
        """The explanation the essay argues: the one its conclusion or introduction weighs most, else the one
        most of its body paragraphs argue."""
        for view in [v for v in views if v.role == "conclusion"] + [v for v in views if v.role == "introduction"]:
            sentences = [_claim(s.text) for s in split_sentences(view.text) if JUDGEMENT.search(s.text)]
            if sentences and self.c.thesis_ids:
                scores = self.c.explanations(sentences).max(axis=0)
                best = int(np.argmax(scores))
                if scores[best] >= MIN_EXPLANATION:
                    return self.c.thesis_ids[best]
        body = Counter(v.thesis for v in views if v.role == "body" and v.thesis)
        if body:
            return body.most_common(1)[0][0]
        return next((v.thesis for v in views if v.thesis), None)

    def _paragraph_findings(self, views: list[ParagraphView], main: str | None) -> None:
        paragraphs = {p.number: p for p in self.essay.paragraphs}
        for view in views:
            if view.role != "body" or view.evidence:
                continue
            paragraph = paragraphs[view.number]
            first = paragraph.sentences[0].text if paragraph.sentences else view.text
            passage = self._best_passage(view.text, view.thesis)
            hint = (f" For example, {self._name(passage[0])} says: “{passage[1]}”" if passage else "")
            self.findings.append(Finding(
                "unsupported_paragraph", plain_words(first),
                "This paragraph makes its point without evidence: no quotation, no footnote and no source named. "
                "Back it up with a passage from the sources and say what it shows." + hint, view.number,
                passage[0] if passage else None, passage[1] if passage else None, view.thesis))
        if views and main is not None:
            self._counterarguments(views, main)
        if views:
            self._judgement(views)

    def _counterarguments(self, views: list[ParagraphView], main: str) -> None:
        rivals = self.c.rivals.get(main) or []
        answered: set[str] = set()
        for view in views:
            if view.thesis and view.thesis != main and view.score >= ANSWERS:
                answered.add(view.thesis)
            for sentence in split_sentences(view.text):
                words = set(content_words(sentence.text))
                least = 1 if COUNTER.search(sentence.text) else 2  # "Others point to Cuba, but ..."
                answered |= {t for t, key in self.c.keywords.items() if len(key & words) >= least}
        missing = [r for r in rivals if r not in answered]
        if not rivals and not (answered - {main}):
            self.findings.append(Finding(
                "no_counterargument", "",
                f"Your essay argues “{self.c.titles[main]}” and never weighs another explanation against it. "
                "Add a paragraph on the strongest other explanation and say why yours matters more.", 0, thesis=main))
        intro = next((v for v in views if v.role == "introduction"), views[0])
        for rival in missing:
            passage = self._best_passage(self.c.titles[rival] + " " + self.case.theses[rival].statement, rival)
            said = f" Its strongest point: {self._name(passage[0])} says “{passage[1]}”" if passage else ""
            self.findings.append(Finding(
                "no_counterargument", _first_sentence(intro.text),
                f"Your essay argues “{self.c.titles[main]}” but never answers a rival explanation that the case "
                f"records against it: “{self.c.titles[rival]}”.{said} Add a paragraph that weighs it against your "
                "argument and says why yours matters more.", 0, passage[0] if passage else None,
                passage[1] if passage else None, rival))

    def _judgement(self, views: list[ParagraphView]) -> None:
        last = views[-1]
        if JUDGEMENT.search(last.text):
            return
        sentences = split_sentences(last.text)
        self.findings.append(Finding(
            "no_judgement", sentences[-1].text if sentences else last.text,
            "Your essay ends without a judgement. Say which explanation mattered most and why: for example, "
            "“The most important reason was …, because …”, and say how the other factors fit with it.",
            last.number))

    def _best_passage(self, text: str, thesis: str | None) -> tuple[str, str] | None:
        """The recorded passage for an explanation most like a text: what a student could quote."""
        if thesis is None or thesis not in self.case.theses:
            return None
        wrong = [d.quote for s in self.case.sources.values() for d in s.defects if d.kind in ERROR_KINDS and d.quote]
        candidates = [e for e in self.case.theses[thesis].evidence if e.stance == "supports"
                      and not any(quotes.fold_quote(w) in quotes.fold_quote(e.quote) for w in wrong)]
        if not candidates:
            return None
        scores = self.c.explanations([text])  # to one vector space: compare passages with the text by words
        del scores
        matrix = self.c.words.transform([plain_words(text)] + [e.quote for e in candidates])
        similarity = linear_kernel(matrix[0:1], matrix[1:]).ravel() + np.array([e.strength for e in candidates]) / 100
        chosen = candidates[int(np.argmax(similarity))]
        return chosen.source, self.case.words(chosen.source, chosen.span, chosen.quote)

    def _contested(self, match: re.Match) -> str:
        """A note's pointer to a contested fact, in words: the question it asks, on the Contested facts page."""
        fact = next((f for f in self.case.contested if f.id == match[1]), None)
        return f"(see “{fact.question}” under Contested facts)" if fact else "(see Contested facts)"

    def _name(self, source_id: str | None) -> str:
        return self.case.source_name(source_id) if source_id else "another source"


def _last_names(text: str) -> str:
    """A run of capitalised words cut to its last ("Anastas Mikoyan" -> "Mikoyan", "the Berlin Wall" -> "the
    Wall"): an essay names a person or a thing by its last word more often than by all of them."""
    return re.sub(r"\b(?:[A-Z][\w’'-]*\s+)+(?=[A-Z][\w’'-]*)", "", text)


def _claim(sentence: str) -> str:
    """A judgement's claim, without what it is weighed against: "X mattered more than Y, because Z" -> "X mattered
    more"."""
    return re.split(r"\b(?:rather than|than|unlike)\b", sentence, maxsplit=1)[0]


def _stop(quoted: str) -> str:
    """The full stop after a quotation, unless it ends with its own."""
    return "" if quoted.rstrip().endswith((".", "!", "?")) else "."


def _first_sentence(text: str) -> str:
    found = split_sentences(text)
    return found[0].text if found else text


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"
