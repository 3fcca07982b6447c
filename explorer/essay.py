"""Essay mode: a plan that argues, for a student's essay, as data, as one list of blocks, and as Markdown and Word.

The student picks a main explanation (and may write their own thesis statement), the contributing factors in
their own order and a counter-argument to answer. `build_outline` turns that into an Outline:

- the thesis statement, the student's own or the explanation's marked as a start to rewrite;
- an introduction: the question, the factors in the student's order and, for information only, the order in
  which the recorded evidence backs them (explorer.weighting's "strongest first"), never a verdict on the order;
- how to write each paragraph (point, evidence, explanation, link);
- a body section for the main explanation, with the evidence that best matches its statement, and one worked
  example paragraph made from that evidence;
- a section for each factor, framed as adding to the main explanation or as a limit on it, by the link the claim
  files record between the two (or saying that none is recorded), with its evidence and the link to the next;
- the counter-argument (the strongest passages for the rival the student chose, its historians, and a warning
  where only a source that is no authority credits the view to them, with what to read instead) and a rebuttal;
- a judgement (which mattered most, and why, with what any answer must explain) and a conclusion;
- the notes, what the case does not know about each cited source, the sources not to cite as an authority, a
  bibliography of the sources the notes cite and the case's other listed works as further reading, in Chicago
  style (rendered by explorer.cite; each note locates its passage by paragraph: explorer.locator).

It is a scaffold for the student's own writing, not a ghost-written essay: it quotes the sources and asks
questions, and every prompt says that the writing is the student's. Pure: no I/O, no streamlit.

`blocks(outline)` lays the plan out once, as a list of blocks (headings, paragraphs of runs with note
references, quotations, list items, bibliography entries); `to_markdown` and `to_docx` only walk that list, so the
two files cannot drift apart.

How passages are chosen: a passage counts what weighting.passage_weight gives it (points for its strength x the
trust of its source; a qualification half), and only those that count for something are quoted. Among them, a
section quotes those whose weight x (RELEVANCE_FLOOR + relevance) is highest, relevance being how close the
passage is in words to what the section argues (its explanation's title, statement and summary, and for the
main section the student's own thesis statement: suggest.relevance): so a thesis about Cuba quotes passages
about Cuba, not only its heaviest ones. Two are quoted, and a third when it scores at least half as much as the
first. Ties keep weighting.bearings' order. A passage is quoted once in a plan. A quotation is whole sentences,
or marked with an ellipsis where it starts or ends within one; one that opens on "This", "These" or a linking
word ("However", "Still") is given the sentence before it from the same paragraph, so that a reader knows what
"this" is.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from explorer import cite, gaps, locator, suggest, weigh
from explorer.model import Case, Evidence, Thesis
from explorer.problem import ExplorerError
from explorer.text import literal, ordinal
from explorer.vocabulary import GAP_HEADING, MODELS, RELATIONS, SOURCE_KINDS
from explorer.weighting import Bearing, Weighting, bearings
from explorer.workshop import sentences

QUOTES_MIN, QUOTES_MAX = 2, 3
THIRD_AT_LEAST = 0.5  # a third quotation must score at least half as much as the first
RELEVANCE_FLOOR = 0.05  # a passage with no word in common with the section still counts a little
DEFAULT_FACTORS = 3  # how many factors the planner offers by default
SCAFFOLD = ("This is a plan to write from, not an essay. The quotations and notes are evidence from the sources "
            "recorded in the case; the prompts are questions for you to answer in your own words.")
OWN_STATEMENT = ("This is the explanation's own statement, given as a start: rewrite it in your own words, and say "
                 "how far you agree with it.")
COUNTER_EVIDENCE = "The strongest evidence for the counter-argument."
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A quotation that opens on one of these words needs the sentence before it to be understood.
LEANS_BACK = frozenset({"this", "these", "those", "such", "they", "consequently", "nevertheless", "still", "thus",
                        "therefore", "moreover", "furthermore", "however", "also", "yet", "unsurprisingly"})
ELLIPSIS = "\u2026"


class OutlineError(ExplorerError, ValueError):
    """The plan cannot be outlined: an unknown thesis, a repeated factor, a counter-argument that is the main
    thesis or one of the factors, and so on. `problems` holds each as (field, message), field being thesis,
    factors or counter."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = list(problems)


# --- the outline as data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quotation:
    """A passage quoted in the outline, with the number of its note."""

    ref: str  # the passage's reference, thesis#number
    source: str
    quote: str  # as the plan prints it: whole sentences, or with an ellipsis; the sentence before it when needed
    note: str  # why the passage matters, from the claim file
    stance: str  # its stance on the thesis it is quoted for
    strength: int
    trust: float
    weight: float  # what it counts for: points for its strength x trust (x 0.5 when it qualifies)
    relevance: float  # 0..1, how close it is in words to what its section argues
    footnote: int
    locator: str | None  # where it stands in the source as published: "para. 2 under “What Happened?”"
    source_title: str = ""  # the source's name, as a reader sees it (Case.source_name)
    context: bool = False  # the sentence before the passage was added, so that its first words make sense
    authority: bool = True  # False: its source is not one to cite as an authority (see Outline.cautions)


@dataclass(frozen=True)
class Statement:
    text: str
    own: bool  # the student's own words; False: the explanation's statement, given as a start


@dataclass(frozen=True)
class Introduction:
    question: str
    thesis: str
    title: str
    statement: Statement
    rank: int  # the main thesis's rank in the weighting
    of: int  # how many theses were ranked
    factors: tuple[str, ...]  # the student's order
    factor_titles: tuple[str, ...]
    suggested: tuple[str, ...]  # the same factors, in the order the recorded evidence backs them (information)
    order_note: str
    prompt: str
    gaps: tuple[str, ...] = ()  # beside the ranks: what the scholarship holds that no source here carries


@dataclass(frozen=True)
class Example:
    """A worked example paragraph, made from the main section's first quotation."""

    point: str
    evidence: str  # the words before the quotation
    quotation: Quotation
    explanation: str
    link: str


@dataclass(frozen=True)
class Main:
    """The body section for the main explanation."""

    thesis: str
    title: str
    point: str
    quotations: tuple[Quotation, ...]
    prompt: str
    link: str
    example: Example | None


@dataclass(frozen=True)
class Transition:
    """How a section leads to the next factor: a link recorded between the two theses, or a prompt."""

    to: str
    relation: str | None  # reinforces | causes | competes_with, or None when no link is recorded
    source_thesis: str | None  # the thesis whose claim file records the link
    text: str


@dataclass(frozen=True)
class Bearing_:
    """How a factor bears on the main explanation, by the link the claim files record between them."""

    role: str  # adds (it helped to cause or reinforces the main explanation) | limits (a rival) | follows | open
    relation: str | None
    text: str


@dataclass(frozen=True)
class Section:
    thesis: str
    title: str
    position: int  # 1 = first factor
    bearing: Bearing_
    claim: str  # the factor's own statement, to weigh rather than adopt
    quotations: tuple[Quotation, ...]
    prompt: str
    link: Transition | None  # None after the last factor

    @property
    def heading(self) -> str:
        label = "A limit on your argument" if self.bearing.role == "limits" else "A contributing factor"
        return f"{label}: {self.title}"


@dataclass(frozen=True)
class Rival:
    """A historian to whom a source attributes the counter-argument."""

    historian: str
    name: str
    source: str  # the source that makes the attribution
    summary: str
    footnote: int
    caution: str = ""  # said when the source is not one to cite as an authority for the view


@dataclass(frozen=True)
class CounterArgument:
    thesis: str
    title: str
    statement: str
    rivals: tuple[Rival, ...]
    quotations: tuple[Quotation, ...]
    prompt: str


@dataclass(frozen=True)
class Judgement:
    prompt: str
    questions: tuple[str, ...]
    to_explain: tuple[str, ...]  # what any answer must explain, from case.yaml


@dataclass(frozen=True)
class Note:
    number: int
    source: str
    locator: str | None
    text: cite.Formatted


@dataclass(frozen=True)
class Gap:
    """What the case does not know about a cited source, said rather than invented."""

    source: str
    name: str
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.name}: the case records no {_listed(self.missing)}."


@dataclass(frozen=True)
class Caution:
    """A cited source that should not be cited as an authority, and what to read instead."""

    source: str
    name: str
    reason: str
    instead: tuple[cite.Formatted, ...]  # short references to the further reading


@dataclass(frozen=True)
class Outline:
    title: str
    scaffold: str
    weighting: str  # how the order offered for information was made
    introduction: Introduction
    main: Main
    sections: tuple[Section, ...]
    counter: CounterArgument | None
    judgement: Judgement
    conclusion: str
    notes: tuple[Note, ...]
    gaps: tuple[Gap, ...]
    cautions: tuple[Caution, ...]
    bibliography: tuple[cite.Formatted, ...]  # the sources the notes cite
    bibliography_sources: tuple[str, ...]
    further_reading: tuple[cite.Formatted, ...]  # the case's listed works that no note cites
    further_reading_sources: tuple[str, ...]
    locations: str  # what the locations in the notes are
    guidance: tuple[tuple[str, str], ...] = field(default=())  # how to write a paragraph: (part, what it does)

    @property
    def quotations(self) -> tuple[Quotation, ...]:
        counter = self.counter.quotations if self.counter else ()
        return self.main.quotations + tuple(q for s in self.sections for q in s.quotations) + counter


# --- checking the plan ----------------------------------------------------------------------------------


def check_plan(case: Case, thesis: str, factors: Sequence[str], counter: str | None,
               names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Every problem with a plan, as (field, message): field is thesis, factors or counter. A known thesis is
    named by its id (`lost_prestige`, for the command line) or, given `names`, by its title in quotes (a page)."""
    known = sorted(case.theses)
    problems = []

    def named(tid: str) -> str:
        return f"“{names[tid]}”" if names and tid in names else f"`{tid}`"

    if thesis not in case.theses:
        problems.append(("thesis", weigh.unknown("thesis", thesis, known)))
    if not factors:
        problems.append(("factors", "no factors given; name at least one other thesis as a contributing factor"))
    seen: set[str] = set()
    for factor in factors:
        if factor not in case.theses:
            problems.append(("factors", weigh.unknown("thesis", factor, known)))
        elif factor == thesis:
            problems.append(("factors", (f"factor {named(factor)} is the main thesis; the factors are the other theses "
                                        "that contribute to it")))
        elif factor in seen:
            problems.append(("factors", f"factor {named(factor)} is given twice; list each factor once"))
        elif thesis in case.theses and case.question_of(factor) != case.question_of(thesis):
            problems.append(("factors", (f"factor {named(factor)} answers another question of the case; the factors "
                                        "answer the question your thesis answers")))
        seen.add(factor)
    if counter is not None:
        if counter not in case.theses:
            problems.append(("counter", weigh.unknown("thesis", counter, known)))
        elif counter == thesis:
            problems.append(("counter", (f"the counter-argument {named(counter)} is the main thesis; pick a rival "
                                        "thesis to answer")))
        elif thesis in case.theses and case.question_of(counter) != case.question_of(thesis):
            problems.append(("counter", (f"the counter-argument {named(counter)} answers another question of the "
                                        "case; pick a rival that answers the question your thesis answers")))
        elif counter in factors:
            problems.append(("counter", (f"the counter-argument {named(counter)} is also one of your factors; a factor "
                                        "supports your thesis and the counter-argument is a rival to answer: pick "
                                        "another counter-argument or drop the factor")))
    return problems


# --- the weighting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Weighting:
    order: tuple[str, ...]
    settings: Weighting
    description: str


def _weighting(case: Case, ranking: weigh.Ranking | None, weighting: Weighting | None) -> _Weighting:
    if ranking is not None:
        how = MODELS[ranking.model].label
        return _Weighting(tuple(t.id for t in ranking.theses), ranking.weighting,
                          f"the order in which the explorer ranks them, “{how}”, on the sliders as you set them")
    scored = weigh.scores(case, weighting)
    changed = weighting is not None and weighting != Weighting.of(case)
    return _Weighting(scored.order, scored.weighting,
                      f"the order in which the explorer ranks them, “{MODELS['evidence'].label}”, on "
                      + ("the sliders as you set them" if changed else "the default settings"))


def suggest_order(case: Case, factors: Sequence[str], ranking: weigh.Ranking | None = None,
                  weighting: Weighting | None = None) -> tuple[str, ...]:
    """The factors in the order the recorded evidence backs them (the best-ranked first), offered for
    information. Ids that are not theses of the case are left out."""
    rank = {tid: i for i, tid in enumerate(_weighting(case, ranking, weighting).order)}
    return tuple(sorted((f for f in dict.fromkeys(factors) if f in rank), key=rank.__getitem__))


def default_plan(order: Sequence[str], thesis: str, factors: Sequence[str] | None = None,
                 counter: str | None = None, most: int = DEFAULT_FACTORS) -> tuple[tuple[str, ...], str | None]:
    """The planner's defaults for a main thesis, given the theses in the order of the weighting: the factors
    and the counter-argument, never the main thesis and never the same thesis as both.

    `factors` and `counter` are the student's choices so far, kept when they still make sense (none is the
    main thesis, each is in `order`). Without a counter-argument, it is the best-ranked rival after the
    `most` best-ranked other theses (or the last of them, when there are fewer), or, when factors are kept,
    the best-ranked thesis that is not one of them; None when no thesis is left. Without factors, they are
    the `most` best-ranked other theses that are not the counter-argument."""
    others = [t for t in dict.fromkeys(order) if t != thesis]
    if counter not in others:
        counter = None
    if factors is not None and all(f in others for f in factors):
        if counter is None:
            counter = next((t for t in others if t not in factors), None)
        return tuple(factors), counter
    if counter is None and len(others) >= 2:
        counter = others[min(most, len(others) - 1)]
    return tuple(t for t in others if t != counter)[:most], counter


# --- choosing passages ----------------------------------------------------------------------------------


def _about(thesis: Thesis, *more: str) -> str:
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


class _Notes:
    """Note numbers in order of appearance, with what each cites."""

    def __init__(self, case: Case, w: _Weighting) -> None:
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


# --- building the outline ----------------------------------------------------------------------------------


def build_outline(case: Case, thesis: str, factors: Sequence[str], counter: str | None = None,
                  ranking: weigh.Ranking | None = None, weighting: Weighting | None = None,
                  statement: str | None = None) -> Outline:
    """The plan for a main thesis, its factors in the student's order and a counter-argument to answer.

    `statement` is the student's own thesis statement; without one (or blank) the plan starts from the
    explanation's statement and says so. The weighting (for the order offered as information and the weight of
    passages) is `ranking` when given (as the dashboard has it), or else the evidence model under `weighting`
    (None: the case's defaults). Raises OutlineError for an unknown thesis, a repeated factor, a factor or
    counter-argument equal to the main thesis, a counter-argument that is also a factor, or no factors (a bad
    weight, trust or points value is refused by `Weighting.of`).
    """
    problems = check_plan(case, thesis, factors, counter)
    if problems:
        raise OutlineError(problems)
    case = case.within(case.question_of(thesis))  # the weighting ranks the theses of the thesis's own question
    w = _weighting(case, ranking, weighting)
    notes = _Notes(case, w)
    used: set[str] = set()
    main = case.theses[thesis]
    own = " ".join((statement or "").split())
    said = Statement(own, True) if own else Statement(" ".join(main.statement.split()), False)
    question = next((q.question for q in case.questions() if q.id == case.question_of(thesis)), "") if case.info else ""
    introduction = _introduction(case, main, list(factors), w, said, question)
    body = _main(case, main, said, w, notes, used, question, list(factors))
    sections = tuple(_section(case, main, factor, i, list(factors), w, notes, used)
                     for i, factor in enumerate(factors))
    rival = _counter(case, main, case.theses[counter], w, notes, used) if counter else None
    rendered = cite.render(cite.csl_items(case), notes.cites, further=cite.further_reading(case))
    note_list = tuple(Note(i, c.source, c.locator, text)
                      for i, (c, text) in enumerate(zip(notes.cites, rendered.notes, strict=True), start=1))
    cited = list(dict.fromkeys(c.source for c in notes.cites))
    return Outline(
        title=question or f"An essay on {main.title}",
        scaffold=SCAFFOLD,
        weighting=w.description,
        introduction=introduction,
        main=body,
        sections=sections,
        counter=rival,
        judgement=_judgement(case, main),
        conclusion=("Your conclusion (write this yourself): answer the question directly in the words of your thesis, "
                    "say how far your factors added to your main explanation and why the counter-argument does not "
                    "overturn it, and how firmly the evidence lets you conclude. Bring in no new evidence here."),
        notes=note_list,
        gaps=tuple(g for g in (_gap(case, s) for s in cited) if g.missing),
        cautions=tuple(_caution(case, s) for s in cited if not _authority(case, s)),
        bibliography=rendered.bibliography,
        bibliography_sources=rendered.sources,
        further_reading=rendered.further,
        further_reading_sources=rendered.further_sources,
        locations=("Each note gives the paragraph of the source as published, counted from the heading above it: "
                   "“para. 2 under ‘What Happened?’” is the second paragraph after that heading; a note without a "
                   "heading counts from the top of the text. “n.d.” means that the source gives no date. Notes and "
                   f"bibliography follow the {cite.STYLE_TITLE} style."),
        guidance=GUIDANCE,
    )


GUIDANCE = (
    ("Point", "one sentence that answers the question and says how this paragraph's factor bears on your thesis."),
    ("Evidence", ("a short quotation (or two) from a source, with its footnote; say who wrote it or what kind of "
                  "text it is.")),
    ("Explanation", "what the quotation shows, how far you can trust its source, and why it supports your point."),
    ("Link", "tie the paragraph back to the question and to your thesis, and lead into the next paragraph."),
)


def _introduction(case: Case, main: Thesis, factors: list[str], w: _Weighting, said: Statement,
                  question: str) -> Introduction:
    rank = {tid: i for i, tid in enumerate(w.order, start=1)}
    suggested = tuple(sorted(factors, key=lambda f: rank.get(f, len(rank) + 1)))
    order_note = ("This measures only how strongly the evidence recorded in the case backs each factor; it is not "
                  "the order your essay must follow. Put your factors in the order your argument needs, and say why.")
    return Introduction(
        question=question, thesis=main.id, title=main.title, statement=said,
        rank=rank.get(main.id, 0), of=len(w.order),
        factors=tuple(factors), factor_titles=tuple(case.theses[f].title for f in factors),
        suggested=suggested, order_note=order_note,
        gaps=tuple(g.line() for g in gaps.beside_ranking(case, w.order) if g.thesis in {main.id, *factors}),
        prompt=("Your introduction (write this yourself): answer the question in one sentence (your thesis), say why "
                "historians disagree about it, and name the factors you will weigh against your main explanation."))


def _main(case: Case, main: Thesis, said: Statement, w: _Weighting, notes: _Notes, used: set[str], question: str,
          factors: list[str]) -> Main:
    query = _about(main, said.text if said.own else "")
    chosen = choose(case, bearings(case, main.id, w.settings, ("supports",)), query, used)
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    if quotations:
        prompt = ("Your explanation (write this yourself): what do these passages show, how far can their sources be "
                  "trusted, and why do they make this the main explanation rather than one factor among others?")
    else:
        prompt = ("No passage recorded in the case supports this explanation with any trust: find your own evidence "
                  "for it, or reconsider your thesis.")
    link = (f"Tie it back to the question{f' (“{question}”)' if question else ''}: why does this explanation answer "
            "it better than the others? Then lead into your first factor.")
    example = _example(case, main, quotations[0], notes, question, factors) if quotations else None
    return Main(main.id, main.title, said.text, quotations, prompt, link, example)


def _example(case: Case, main: Thesis, first: Quotation, notes: _Notes, question: str,
             factors: list[str]) -> Example:
    """One worked paragraph from the main section's first quotation: its point, the quotation introduced by its
    source, what the case says the passage shows and how far its kind of source can be trusted, and a link to a
    factor by the link the claim files record, or back to the question."""
    source = case.sources.get(first.source)
    kind = SOURCE_KINDS[source.kind] if source else None
    who = _a(kind.label.lower()) if kind else "a source"
    name = "" if source is None or source.untitled else f" ({named(case, first.source)})"
    number = notes.add(first.source, _span_of(case, first))
    quotation = replace(first, footnote=number)
    trust = f" It comes from {kind.why}." if kind else ""
    link = next((_relation_words(case, main.id, f) for f in factors if _relation_words(case, main.id, f)), "")
    if link:
        link = f"{link} The next paragraph weighs how much that added."
    else:
        link = (f"This is why {_lower_first(case, main.title)} belongs at the centre of an answer"
                f"{f' to “{question}”' if question else ''}; the next paragraphs weigh what the other factors added.")
    return Example(
        point=" ".join(main.statement.split()),
        evidence=f"As {who}{name} puts it,",
        quotation=quotation,
        explanation=f"{_sentence(first.note)}{trust}",
        link=link)


def _span_of(case: Case, q: Quotation) -> tuple[int, int] | None:
    found = case.passage(q.ref)
    return excerpt(case, found[1])[1] if found else None


def _relation_words(case: Case, main: str, factor: str) -> str:
    """The link recorded between the main explanation and a factor, as a sentence, or ''."""
    for frm, to in ((factor, main), (main, factor)):
        for link in case.theses[frm].links:
            if link.thesis == to:
                said = (f"The case records that “{case.theses[frm].title}” {RELATIONS[link.relation].sentence} "
                        f"“{case.theses[to].title}”")
                return f"{said}: {_sentence(link.note)}" if link.note else f"{said}."
    return ""


def _bearing(case: Case, main: str, factor: str) -> Bearing_:
    """How a factor bears on the main explanation: it adds to it (it helped to cause or reinforces it, or the
    main explanation reinforces it), it is a rival that limits it, it follows from it, or no link is recorded."""
    m, f = case.theses[main], case.theses[factor]
    said = _relation_words(case, main, factor)
    relation = next((link.relation for frm, to in ((f, m), (m, f)) for link in frm.links if link.thesis == to.id), None)
    follows = any(link.thesis == factor and link.relation == "causes" for link in m.links)
    if relation == "competes_with":
        return Bearing_("limits", relation, (
            f"{said} Use it to test the limits of your argument: what does it explain that “{m.title}” does not, "
            "and why does your main explanation still matter more?"))
    if follows:
        return Bearing_("follows", relation, (
            f"{said} Treat it as a consequence of your main explanation that added to the pressure on him, not as "
            "a separate cause."))
    if relation is not None:
        return Bearing_("adds", relation, (
            f"{said} Argue how far it added to “{m.title}”, not that it was the cause on its own."))
    return Bearing_("open", None, (
        f"No link between “{f.title}” and “{m.title}” is recorded in the case: decide, from the evidence, whether it "
        "added to your main explanation or worked on its own, and say so."))


def _section(case: Case, main: Thesis, factor: str, index: int, factors: list[str], w: _Weighting, notes: _Notes,
             used: set[str]) -> Section:
    thesis = case.theses[factor]
    chosen = choose(case, bearings(case, factor, w.settings, ("supports",)), _about(thesis), used)
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    if quotations:
        prompt = ("Your paragraph (write this yourself): make your point about this factor, explain what these "
                  "passages show and how far their sources can be trusted, and say how much it adds to your main "
                  "explanation.")
    else:
        prompt = ("No passage recorded in the case supports this factor with any trust: find your own evidence "
                  "for it, or reconsider using it.")
    following = factors[index + 1] if index + 1 < len(factors) else None
    return Section(factor, thesis.title, index + 1, _bearing(case, main.id, factor), " ".join(thesis.statement.split()),
                   quotations, prompt, _transition(case, factor, following) if following else None)


def _transition(case: Case, here: str, following: str) -> Transition:
    """The link between this factor and the next, as the claim files record it, either way round."""
    a, b = case.theses[here], case.theses[following]
    for frm, to in ((a, b), (b, a)):
        for link in frm.links:
            if link.thesis == to.id:
                said = f"The case records that “{frm.title}” {RELATIONS[link.relation].sentence} “{to.title}”"
                text = f"{said}: {link.note}" if link.note else f"{said}."
                return Transition(following, link.relation, frm.id, text)
    return Transition(following, None, None,
                      f"No link between “{a.title}” and “{b.title}” is recorded in the case: in your own words, "
                      "how did one bear on the other?")


def _counter(case: Case, main: Thesis, rival: Thesis, w: _Weighting, notes: _Notes, used: set[str]) -> CounterArgument:
    """The passages for the rival thesis, the counter-argument, that best match its statement (at equal score,
    those that also count against the main thesis first), and the historians who argue it. Only passages that
    support the rival are quoted: a passage against the main thesis that backs some other thesis is not evidence
    for the counter-argument the student chose."""
    against = {c.ref for c in bearings(case, main.id, w.settings, ("disputes", "qualifies"))}
    backing = bearings(case, rival.id, w.settings, ("supports",))
    backing.sort(key=lambda c: (-round(c.weight, 9), c.ref not in against, -c.strength, c.home != rival.id,
                                c.order))
    chosen = choose(case, backing, _about(rival), used)
    rivals = tuple(_rivals(case, rival, notes))  # numbered first: they come first on the page
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    return CounterArgument(
        rival.id, rival.title, rival.statement, rivals, quotations,
        prompt=("Your rebuttal (write this yourself): answer the strongest point against your thesis. Is the "
                "evidence reliable, does it really contradict you, or can your thesis take it in?"))


def _rivals(case: Case, rival: Thesis, notes: _Notes) -> list[Rival]:
    """Historians to whom a source attributes the rival thesis, each with a note citing that source, and a
    caution where that source is not one to cite as an authority."""
    out = []
    seen = set()
    attributions = [(p.historian, p.source) for p in rival.proponents]
    attributions += [(h.id, v.source) for h in case.historians.values() for v in h.views if v.thesis == rival.id]
    for historian_id, source in attributions:
        if (historian_id, source) in seen or historian_id not in case.historians or source not in case.sources:
            continue
        seen.add((historian_id, source))
        historian = case.historians[historian_id]
        view = next((v for v in historian.views if v.thesis == rival.id and v.source == source), None)
        number = notes.add(source, view.span if view else None)
        summary = " ".join(view.summary.split()) if view else historian.about
        caution = ""
        if not _authority(case, source):
            works = [w for w in historian.works if w in case.sources]
            kind = _a(SOURCE_KINDS[case.sources[source].kind].label.lower())
            caution = (f"Only {named(case, source)}, {kind} and no authority, credits this view to "
                       f"{historian.name}" + ("" if works else f"; the case lists no work by {historian.name}")
                       + f". Do not cite it as your authority for what {historian.name} argues: if you use it, write "
                       f"“according to {kind}”, and read the further reading listed under Notes for the debate itself.")
        out.append(Rival(historian_id, historian.name, source, summary, number, caution))
    return out


def _judgement(case: Case, main: Thesis) -> Judgement:
    return Judgement(
        prompt=("Your judgement (write this yourself): say which factor mattered most, and why. It is the step that "
                "turns a list of causes into an argument."),
        questions=(
            f"Could “{main.title}” have brought about the outcome on its own, or only with the other factors?",
            "Which factors were long-term conditions, and which was the trigger at the time?",
            "Which would the men who made the decision have weighed most, on the evidence you quote?",
        ),
        to_explain=tuple(" ".join(item.split()) for item in (case.info.to_explain if case.info else [])))


def _authority(case: Case, source_id: str) -> bool:
    source = case.sources.get(source_id)
    return SOURCE_KINDS[source.kind].authority if source else True


def _caution(case: Case, source_id: str) -> Caution:
    source = case.sources[source_id]
    kind = SOURCE_KINDS[source.kind]
    books = [case.sources[s] for s in cite.further_reading(case)]
    instead = tuple(cite.Formatted((cite.Run(_who(b)), cite.Run(b.title.split(":")[0], italic=True),
                                    cite.Run(f" ({b.issued[:4]})" if b.issued else "")))
                    for b in books)
    return Caution(source_id, named(case, source_id), f"{kind.why[:1].upper()}{kind.why[1:]}.", instead)


def _who(book) -> str:
    """Who a further-reading book is by, before its title: the first author's family name, or the first editor's
    with "ed.", or nothing when the case names neither (never an invented "Anonymous")."""
    if book.authors:
        return f"{book.authors[0].split(',')[0].strip()}, "
    if book.editors:
        return f"{book.editors[0].split(',')[0].strip()} (ed.), "
    return ""


MISSING = (  # what a citation needs, and how the plan names it when the case does not know it
    ("authors", "author"),
    ("date", "date (the notes say “n.d.”)"),
    ("publisher", "publisher or website"),
    ("url", "web address"),
    ("accessed", "date of access (add the date you read it, if you read it online)"),
)


def _gap(case: Case, source_id: str) -> Gap:
    source = case.sources[source_id]
    have = {"authors": bool(source.authors), "date": bool(source.issued or source.revised),
            "publisher": bool(source.publisher or source.container), "url": bool(source.url),
            "accessed": bool(source.accessed) or not source.quotable}
    return Gap(source_id, named(case, source_id), tuple(words for key, words in MISSING if not have[key]))


def named(case: Case, source_id: str) -> str:
    """A source named in the plan's sentences: its title in quotation marks, or, for a work with no title of its
    own, its description as it is ("Untitled student essay ...")."""
    source = case.sources.get(source_id)
    if source is not None and source.untitled:
        return case.source_name(source_id)
    return f"“{case.source_name(source_id)}”"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _listed(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else f"{text}."


def _lower_first(case: Case, title: str) -> str:
    """A title inside a sentence: its first letter in lower case unless the first word is a name."""
    words = set(re.findall(r"\b[a-z]+\b", " ".join(f"{t.statement} {t.summary}" for t in case.theses.values())))
    first = re.match(r"[A-Za-z]+", title)
    return title[0].lower() + title[1:] if first and first.group(0).lower() in words else title


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


# --- the plan as blocks -----------------------------------------------------------------------------------------


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


# --- Markdown ---------------------------------------------------------------------------------------------------


def to_markdown(outline: Outline) -> str:
    """The plan as Markdown (every case text through text.literal), notes as footnotes ([^n]) listed under Notes."""
    texts = {n.number: n.text for n in outline.notes}
    lines: list[str] = []
    for block in blocks(outline):
        body = _md_spans(block.spans)
        if block.kind == "title":
            lines += [f"# {body}", ""]
        elif block.kind == "heading":
            lines += [f"## {body}", ""]
        elif block.kind == "subheading":
            lines += [f"### {body}", ""]
        elif block.kind == "quote":
            lines += [f"> {body}", ">", f"> {_md_spans(block.gloss)}", ""]
        elif block.kind == "numbered":
            lines += [f"{block.number}. {body}"]
        elif block.kind in ("bullet", "entry"):
            lines += [f"- {body}"]
        elif block.kind == "notes":
            lines += [f"[^{s.note}]: {texts[s.note].markdown}" for s in block.spans] + [""]
        else:
            lines += [body, ""]
    return _tidy_lists("\n".join(lines)).rstrip("\n") + "\n"


def _tidy_lists(text: str) -> str:
    """A blank line after each run of list items (Markdown needs one before the next paragraph)."""
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        out.append(line)
        item = re.match(r"(- |\d+\. )", line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if item and following and not re.match(r"(- |\d+\. )", following):
            out.append("")
    return "\n".join(out)


def _md_spans(spans: Sequence[Span]) -> str:
    out = []
    for s in spans:
        text = literal(s.text)
        if text.strip() and (s.bold or s.italic):
            lead, core, trail = _split_spaces(text)
            mark = "**" if s.bold else "*"
            text = f"{lead}{mark}{core}{mark}{trail}"
        out.append(text + (f"[^{s.note}]" if s.note else ""))
    return "".join(out)


def _split_spaces(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


# --- Word ---------------------------------------------------------------------------------------------------------


def to_docx(outline: Outline) -> bytes:
    """The plan as a Word document (python-docx), returned as the bytes of a .docx file, walked from the same
    blocks as the Markdown.

    Headings use Word's built-in Title, Heading 1 and Heading 2 styles; quotations the built-in "Quote" style;
    prompts are italic; bullets "List Bullet". The notes are Word's own footnotes (explorer.footnotes): a
    note reference goes right after the words it belongs to, and Word numbers the notes and sets them at the foot
    of the page, as a history teacher expects. Bibliography entries hang by half an inch.

    Why python-docx writes the footnotes part itself rather than pandoc converting the Markdown outline:
    the rest of the document stays as it was (the built-in Quote style, the hanging indents, the document
    properties), case text goes into the file as the very text it is instead of being read a second time
    as Markdown (no escapes, word joiners or pandoc extensions to undo), and no 100 MB binary or subprocess
    is needed on every rerun of the planner page, where the Word file is made for its download button.
    """
    from docx import Document
    from docx.shared import Inches

    from explorer.footnotes import Footnotes

    doc = Document()
    footnotes = Footnotes(doc)
    texts = {note.number: note.text for note in outline.notes}
    title = f"Essay plan: {outline.title}"  # Word keeps at most 255 characters in a document property
    doc.core_properties.title = title if len(title) <= 255 else title[:254] + "…"
    doc.core_properties.author = ""  # the template says "python-docx"; the essay is the student's
    doc.core_properties.comments = outline.scaffold

    def write(paragraph, spans: Sequence[Span]) -> None:
        for s in spans:
            if s.text:
                run = paragraph.add_run(s.text)
                run.bold = s.bold or None
                run.italic = s.italic or None
            if s.note:
                footnotes.add(paragraph, texts[s.note].runs)

    for block in blocks(outline):
        if block.kind == "title":
            write(doc.add_heading("", level=0), block.spans)
        elif block.kind in ("heading", "subheading"):
            write(doc.add_heading("", level=1 if block.kind == "heading" else 2), block.spans)
        elif block.kind == "quote":
            write(doc.add_paragraph(style="Quote"), block.spans)
            write(doc.add_paragraph(), block.gloss)
        elif block.kind == "numbered":
            write(doc.add_paragraph(f"{block.number}. "), block.spans)
        elif block.kind == "bullet":
            write(doc.add_paragraph(style="List Bullet"), block.spans)
        elif block.kind == "entry":
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Inches(0.5)
            paragraph.paragraph_format.first_line_indent = -Inches(0.5)
            write(paragraph, block.spans)
        elif block.kind == "notes":
            continue  # Word's own footnotes, made where each note is referred to
        else:
            write(doc.add_paragraph(), block.spans)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
