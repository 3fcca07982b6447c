"""Essay mode: an evidence-backed outline for a student's essay, as data, Markdown and Word.

The student picks a main thesis, orders the contributing factors (other theses) and picks a counter-argument
to answer. `build_outline` turns that into an Outline: an introduction (the thesis statement, the factors in
the student's order, the order the current weighting suggests and where the student departs from it), one
section per factor (a topic sentence built from the thesis's statement, its two or three strongest passages
as quotations with note numbers, a prompt, a link to the next factor drawn from the theses' links), the
counter-argument (the strongest passages for the rival thesis the student chose, those that also count
against the main thesis first; the rival historian; a rebuttal prompt), a conclusion prompt, the notes, a
bibliography of the sources the notes cite, and, apart under "Further reading", the case's other listed works
(books without a text in the case), all in Chicago style (rendered by explorer.cite).

It is a scaffold for the student's own writing, not a ghost-written essay: it quotes the sources and asks
questions, and every prompt says that the writing is the student's. Pure: no I/O, no streamlit.

How passages are chosen: a passage counts what a passage of its strength counts for in the weighting (by
default its strength: 1, 2 or 3) times the trust of its source, as in the weighing engine; a qualifying
passage counts half against a thesis. The strongest two are quoted, and a third when it counts at least
half as much as the strongest. A passage is quoted once in an outline; passages from a source trusted 0 are
never quoted. Ties go to the stronger passage, then to the one recorded in the thesis's own claim file, then
to the order of the files.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer import cite, gaps, weigh
from explorer.model import Case, Evidence, Thesis
from explorer.text import literal
from explorer.vocabulary import GAP_HEADING, MODELS, RELATIONS

QUOTES_MIN, QUOTES_MAX = 2, 3
THIRD_AT_LEAST = 0.5  # a third quotation must count at least half as much as the strongest
INTRO_QUOTES = 2
DEFAULT_FACTORS = 3  # how many factors the planner offers by default
SCAFFOLD = ("This is a plan to write from, not an essay. The quotations and notes are evidence from the sources "
            "recorded in the case; the prompts are questions for you to answer in your own words.")
ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
COUNTER_EVIDENCE = "The strongest evidence for the counter-argument."
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

class OutlineError(ValueError):
    """The plan cannot be outlined: an unknown thesis, a repeated factor, a counter-argument that is the main
    thesis or one of the factors, and so on. `problems` holds each as (field, message), field being thesis,
    factors or counter."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


# --- the outline as data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quotation:
    """A passage quoted in the outline, with the number of its note."""

    ref: str  # the passage's reference, thesis#number
    source: str
    quote: str
    note: str  # why the passage matters, from the claim file
    stance: str  # its stance on the thesis it is quoted for
    strength: int
    trust: float
    weight: float  # what it counts for: points for its strength x trust (x 0.5 when it qualifies)
    footnote: int
    line: int | None  # the line of the source's text where it starts
    source_title: str = ""  # the source's name, as a reader sees it (Case.source_name)


@dataclass(frozen=True)
class Departure:
    """A place where the student's order differs from the order the weighting suggests."""

    position: int  # 1 = first
    chosen: str
    suggested: str
    chosen_rank: int
    suggested_rank: int
    text: str


@dataclass(frozen=True)
class Introduction:
    question: str
    thesis: str
    title: str
    statement: str
    rank: int  # the main thesis's rank in the weighting
    of: int  # how many theses were ranked
    factors: tuple[str, ...]  # the student's order
    factor_titles: tuple[str, ...]
    suggested: tuple[str, ...]  # the same factors, in the order of the weighting
    departures: tuple[Departure, ...]
    order_note: str
    evidence: tuple[Quotation, ...]  # the strongest passages for the main thesis
    prompt: str
    gaps: tuple[str, ...] = ()  # beside the ranks: what the scholarship holds that no source here carries


@dataclass(frozen=True)
class Transition:
    """How a section leads to the next factor: a link recorded between the two theses, or a prompt."""

    to: str
    relation: str | None  # reinforces | causes | competes_with, or None when no link is recorded
    source_thesis: str | None  # the thesis whose claim file records the link
    text: str


@dataclass(frozen=True)
class Section:
    thesis: str
    title: str
    position: int  # 1 = first factor
    topic_sentence: str
    quotations: tuple[Quotation, ...]
    prompt: str
    link: Transition | None  # None after the last factor


@dataclass(frozen=True)
class Rival:
    """A historian to whom a source attributes the counter-argument."""

    historian: str
    name: str
    source: str  # the source that makes the attribution
    summary: str
    footnote: int


@dataclass(frozen=True)
class CounterArgument:
    thesis: str
    title: str
    statement: str
    rivals: tuple[Rival, ...]
    quotations: tuple[Quotation, ...]
    prompt: str


@dataclass(frozen=True)
class Note:
    number: int
    source: str
    line: int | None
    text: cite.Formatted


@dataclass(frozen=True)
class Outline:
    title: str
    scaffold: str
    weighting: str  # how the suggested order was made
    introduction: Introduction
    sections: tuple[Section, ...]
    counter: CounterArgument | None
    conclusion: str
    notes: tuple[Note, ...]
    bibliography: tuple[cite.Formatted, ...]  # the sources the notes cite
    bibliography_sources: tuple[str, ...]
    further_reading: tuple[cite.Formatted, ...]  # the case's listed works that no note cites
    further_reading_sources: tuple[str, ...]
    locations: str  # what the locations in the notes are

    @property
    def quotations(self) -> tuple[Quotation, ...]:
        counter = self.counter.quotations if self.counter else ()
        return self.introduction.evidence + tuple(q for s in self.sections for q in s.quotations) + counter


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
    trust: dict[str, float]
    points: dict[int, float]
    description: str


def _weighting(case: Case, ranking: weigh.Ranking | None, weights: Mapping[str, float] | None,
               trust: Mapping[str, float] | None, points: Mapping[str | int, float] | None) -> _Weighting:
    if ranking is not None:
        how = MODELS[ranking.model].label
        return _Weighting(tuple(t.id for t in ranking.theses), dict(ranking.trust), dict(ranking.points),
                          f"the order in which the explorer ranks them, “{how}”, on the sliders as you set them")
    m = weigh.matrices(case, points)
    scored = weigh.scores(m, weights, trust)
    tau = m.trust_vector(trust)
    changed = bool(weights or trust or points)
    return _Weighting(scored.order, {sid: float(tau[i]) for i, sid in enumerate(m.sources[: m.known])},
                      dict(m.points),
                      f"the order in which the explorer ranks them, “{MODELS['evidence'].label}”, on "
                      + ("the sliders as you set them" if changed else "the default settings"))


def suggest_order(case: Case, factors: Sequence[str], ranking: weigh.Ranking | None = None,
                  weights: Mapping[str, float] | None = None, trust: Mapping[str, float] | None = None,
                  points: Mapping[str | int, float] | None = None) -> tuple[str, ...]:
    """The factors in the order of the current weighting (the best-ranked first), to offer as a default.
    Ids that are not theses of the case are left out."""
    rank = {tid: i for i, tid in enumerate(_weighting(case, ranking, weights, trust, points).order)}
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


@dataclass(frozen=True)
class _Candidate:
    ref: str
    evidence: Evidence
    home: str  # the thesis whose claim file records it
    stance: str
    strength: int
    weight: float
    order: int


def _bearing(case: Case, thesis_id: str, stances: tuple[str, ...], w: _Weighting) -> list[_Candidate]:
    """The passages with one of `stances` on a thesis, strongest first."""
    out = []
    for order, (home, evidence) in enumerate(case.passages()):
        how = evidence.stances(home.id).get(thesis_id)
        if how is None or how[0] not in stances:
            continue
        stance, strength = how
        weight = weigh.passage_weight(stance, strength, w.trust.get(evidence.source, 0.0), w.points)
        out.append(_Candidate(evidence.ref or f"{home.id}#{order}", evidence, home.id, stance, strength, weight,
                              order))
    return sorted(out, key=lambda c: (-round(c.weight, 9), -c.strength, c.home != thesis_id, c.order))


def _strongest(candidates: list[_Candidate], used: set[str], most: int = QUOTES_MAX) -> list[_Candidate]:
    """Two, and a third when it counts at least half as much as the first; each passage once."""
    chosen: list[_Candidate] = []
    for c in candidates:
        if c.ref in used or c.weight <= 0:
            continue
        if len(chosen) >= QUOTES_MIN and c.weight < THIRD_AT_LEAST * chosen[0].weight:
            break
        chosen.append(c)
        if len(chosen) == most:
            break
    used.update(c.ref for c in chosen)
    return chosen


class _Notes:
    """Note numbers in order of appearance, with what each cites."""

    def __init__(self, case: Case, w: _Weighting) -> None:
        self.case = case
        self.w = w
        self.cites: list[cite.Cite] = []

    def add(self, source: str, span: tuple[int, int] | None) -> int:
        self.cites.append(cite.Cite(source, cite.text_line(self.case, source, span)))
        return len(self.cites)

    def quote(self, c: _Candidate) -> Quotation:
        e = c.evidence
        number = self.add(e.source, e.span)
        return Quotation(c.ref, e.source, self.case.words(e.source, e.span, e.quote), e.note, c.stance, c.strength,
                         self.w.trust.get(e.source, 0.0), c.weight, number, self.cites[-1].line,
                         self.case.source_name(e.source))


# --- building the outline ----------------------------------------------------------------------------------


def build_outline(case: Case, thesis: str, factors: Sequence[str], counter: str | None = None,
                  ranking: weigh.Ranking | None = None, weights: Mapping[str, float] | None = None,
                  trust: Mapping[str, float] | None = None,
                  points: Mapping[str | int, float] | None = None) -> Outline:
    """The outline for a main thesis, its factors in the student's order and a counter-argument to answer.

    The weighting (for the suggested order and the strength of passages) is `ranking` when given (as the
    dashboard has it), or else the evidence model with `weights`, `trust` and `points`. Raises OutlineError
    for an unknown thesis, a repeated factor, a factor or counter-argument equal to the main thesis, a
    counter-argument that is also a factor, or no factors; weigh.WeighError for a bad weight, trust or points
    value.
    """
    problems = check_plan(case, thesis, factors, counter)
    if problems:
        raise OutlineError(problems)
    case = case.within(case.question_of(thesis))  # the weighting ranks the theses of the thesis's own question
    w = _weighting(case, ranking, weights, trust, points)
    notes = _Notes(case, w)
    used: set[str] = set()
    vocabulary = _lower_words(case)
    main = case.theses[thesis]
    evidence = tuple(notes.quote(c) for c in _strongest(_bearing(case, thesis, ("supports",), w), used,
                                                        INTRO_QUOTES))
    introduction = _introduction(case, main, list(factors), w, evidence)
    sections = tuple(_section(case, factor, i, list(factors), w, notes, used, vocabulary)
                     for i, factor in enumerate(factors))
    rival = _counter(case, main, case.theses[counter], w, notes, used) if counter else None
    rendered = cite.render(cite.csl_items(case), notes.cites, further=cite.further_reading(case))
    note_list = tuple(Note(i, c.source, c.line, text)
                      for i, (c, text) in enumerate(zip(notes.cites, rendered.notes, strict=True), start=1))
    return Outline(
        title=case.info.question if case.info else f"An essay on {main.title}",
        scaffold=SCAFFOLD,
        weighting=w.description,
        introduction=introduction,
        sections=sections,
        counter=rival,
        conclusion=("Your conclusion (write this yourself): answer the question directly, weigh your factors "
                    "against each other and against the counter-argument, and say how firmly the evidence lets "
                    "you conclude. Bring in no new evidence here."),
        notes=note_list,
        bibliography=rendered.bibliography,
        bibliography_sources=rendered.sources,
        further_reading=rendered.further,
        further_reading_sources=rendered.further_sources,
        locations=("Notes cite the line (l.) of the source's text as kept in the case, where the quotation "
                   f"starts; notes and bibliography follow the {cite.STYLE_TITLE} style."),
    )


def _introduction(case: Case, main: Thesis, factors: list[str], w: _Weighting,
                  evidence: tuple[Quotation, ...]) -> Introduction:
    rank = {tid: i for i, tid in enumerate(w.order, start=1)}
    suggested = tuple(sorted(factors, key=lambda f: rank.get(f, len(rank) + 1)))
    departures = tuple(
        Departure(i, chosen, hint, rank[chosen], rank[hint],
                  f"{ordinal(i)} place: you chose “{case.theses[chosen].title}” (ranked {ordinal(rank[chosen])}); "
                  f"the weighting suggests “{case.theses[hint].title}” (ranked {ordinal(rank[hint])}).")
        for i, (chosen, hint) in enumerate(zip(factors, suggested, strict=True), start=1) if chosen != hint)
    if not departures:
        order_note = "Your order follows the current weighting: the stronger-backed factors come first."
    else:
        places = "one place" if len(departures) == 1 else f"{len(departures)} places"
        order_note = (f"Your order departs from the current weighting in {places}. That is your call to make: "
                      "say in the essay why you take the factors in this order.")
    return Introduction(
        question=next((q.question for q in case.questions() if q.id == case.question_of(main.id)), "")
        if case.info else "",
        thesis=main.id, title=main.title, statement=main.statement,
        rank=rank.get(main.id, 0), of=len(w.order),
        factors=tuple(factors), factor_titles=tuple(case.theses[f].title for f in factors),
        suggested=suggested, departures=departures, order_note=order_note, evidence=evidence,
        gaps=tuple(g.line() for g in gaps.beside_ranking(case, w.order)
                   if g.thesis in {main.id, *factors}),
        prompt=("Your introduction (write this yourself): put the thesis in your own words, say why the "
                "question is debated, and name the factors you will take in turn."))


def _section(case: Case, factor: str, index: int, factors: list[str], w: _Weighting, notes: _Notes,
             used: set[str], vocabulary: set[str]) -> Section:
    thesis = case.theses[factor]
    chosen = _strongest(_bearing(case, factor, ("supports",), w), used)
    quotations = tuple(notes.quote(c) for c in chosen)
    if quotations:
        prompt = ("Your analysis (write this yourself): what do these passages show, how far can their sources "
                  "be trusted, and how does this factor support your main thesis?")
    else:
        prompt = ("No passage recorded in the case supports this factor with any trust: find your own evidence "
                  "for it, or reconsider using it.")
    following = factors[index + 1] if index + 1 < len(factors) else None
    return Section(factor, thesis.title, index + 1, topic_sentence(thesis, index, len(factors), vocabulary),
                   quotations, prompt, _transition(case, factor, following) if following else None)


def topic_sentence(thesis: Thesis, index: int, count: int, vocabulary: set[str] = frozenset()) -> str:
    """'First, ' + the thesis's statement, its first word in lower case when the case writes it so."""
    if count > 1 and index == count - 1:
        lead = "Finally"
    elif count == 1:
        lead = "In addition"
    else:
        lead = ORDINALS[index] if index < len(ORDINALS) else "Next"
    statement = thesis.statement.strip()
    first = re.match(r"[A-Za-z]+", statement)
    if first and first.group(0).lower() in vocabulary:
        statement = statement[0].lower() + statement[1:]
    return f"{lead}, {statement}"


def _lower_words(case: Case) -> set[str]:
    """Words the case writes in lower case somewhere (so they are not names)."""
    text = " ".join(f"{t.statement} {t.summary}" for t in case.theses.values())
    return set(re.findall(r"\b[a-z]+\b", text))


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
    """The strongest passages for the rival thesis, the counter-argument (at equal weight, those that also
    count against the main thesis first), and the historians who argue it. Only passages that support the
    rival are quoted: a passage against the main thesis that backs some other thesis is not evidence for
    the counter-argument the student chose."""
    against = {c.ref for c in _bearing(case, main.id, ("disputes", "qualifies"), w)}
    backing = _bearing(case, rival.id, ("supports",), w)
    backing.sort(key=lambda c: (-round(c.weight, 9), c.ref not in against, -c.strength, c.home != rival.id,
                                c.order))
    chosen = _strongest(backing, used)
    rivals = tuple(_rivals(case, rival, notes))  # numbered first: they come first on the page
    quotations = tuple(notes.quote(c) for c in chosen)
    return CounterArgument(
        rival.id, rival.title, rival.statement, rivals, quotations,
        prompt=("Your rebuttal (write this yourself): answer the strongest point against your thesis. Is the "
                "evidence reliable, does it really contradict you, or can your thesis take it in?"))


def _rivals(case: Case, rival: Thesis, notes: _Notes) -> list[Rival]:
    """Historians to whom a source attributes the rival thesis, each with a note citing that source."""
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
        out.append(Rival(historian_id, historian.name, source, summary, number))
    return out


def ordinal(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 11 -> 11th, 23 -> 23rd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- Markdown ---------------------------------------------------------------------------------------------------


def to_markdown(outline: Outline) -> str:
    """The outline as Markdown, with notes as footnotes ([^n]), then the bibliography (what the notes cite) and
    the further reading."""
    intro = outline.introduction
    lines = [f"# Essay plan: {literal(outline.title)}", "", f"*{literal(outline.scaffold)}*", "", "## Introduction", "",
             f"**Thesis statement.** {literal(intro.statement)}", ""]
    lines += ["**Your factors, in your order.**", ""]
    lines += [f"{i}. {literal(title)}" for i, title in enumerate(intro.factor_titles, start=1)]
    suggested = ", ".join(f"“{literal(_title(outline, f))}”" for f in intro.suggested)
    lines += ["", (f"**The weighting suggests:** {suggested} ({literal(outline.weighting)}; your main thesis ranks "
                  f"{ordinal(intro.rank)} of {intro.of}). {literal(intro.order_note)}"), ""]
    lines += [f"- {literal(d.text)}" for d in intro.departures] + ([""] if intro.departures else [])
    if intro.gaps:
        lines += [f"**{GAP_HEADING}.**", ""] + [f"- {literal(g)}" for g in intro.gaps] + [""]
    if intro.evidence:
        lines += ["**The strongest evidence for your thesis.**", ""]
        lines += _md_quotes(intro.evidence)
    lines += [f"*{literal(intro.prompt)}*", ""]
    for section in outline.sections:
        lines += [f"## {section.position}. {literal(section.title)}", "",
                  f"**Topic sentence.** {literal(section.topic_sentence)}", ""]
        lines += _md_quotes(section.quotations)
        lines += [f"*{literal(section.prompt)}*", ""]
        if section.link:
            lines += [f"**Link to the next factor.** {literal(section.link.text)}", ""]
    if outline.counter:
        c = outline.counter
        lines += [f"## Counter-argument: {literal(c.title)}", "", f"**The rival view.** {literal(c.statement)}", ""]
        for r in c.rivals:
            lines += [f"**Who argues it.** {literal(r.name)}: {literal(r.summary)}[^{r.footnote}]", ""]
        if c.quotations:
            lines += [f"**{COUNTER_EVIDENCE}**", ""]
            lines += _md_quotes(c.quotations)
        lines += [f"*{literal(c.prompt)}*", ""]
    lines += ["## Conclusion", "", f"*{literal(outline.conclusion)}*", "", "## Notes", "", f"*{literal(outline.locations)}*",
              ""]
    lines += [f"[^{n.number}]: {n.text.markdown}" for n in outline.notes]
    lines += ["", "## Bibliography", ""]
    lines += [f"- {entry.markdown}" for entry in outline.bibliography]
    if outline.further_reading:
        lines += ["", "## Further reading", ""]
        lines += [f"- {entry.markdown}" for entry in outline.further_reading]
    return "\n".join(lines) + "\n"


def _title(outline: Outline, thesis: str) -> str:
    intro = outline.introduction
    return dict(zip(intro.factors, intro.factor_titles, strict=True)).get(thesis, thesis)


def gloss(q: Quotation) -> str:
    """The line under a quotation: why it matters, in the case's plain words, and its source, which the note
    cites in full. A student copies it into an essay, so it holds no reference, strength or trust."""
    note = _one_line(q.note)
    return f"— {note} ({q.source_title or q.source})" if note else f"— {q.source_title or q.source}"


def _md_quotes(quotations: Sequence[Quotation]) -> list[str]:
    out = []
    for q in quotations:
        out += [f"> {literal(quoted(q.quote))}[^{q.footnote}]", ">", f"> {literal(gloss(q))}", ""]
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def quoted(text: str) -> str:
    """A passage inside double quotation marks, on one line; quotation marks within it become single ones
    (straight double quotes alternate opening and closing)."""
    text = _one_line(text).replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    parts = text.split('"')
    text = "".join(part + ("\u2018" if i % 2 == 0 else "\u2019") for i, part in enumerate(parts[:-1])) + parts[-1]
    return f"\u201c{text}\u201d"


# --- Word ---------------------------------------------------------------------------------------------------------


def to_docx(outline: Outline) -> bytes:
    """The outline as a Word document (python-docx), returned as the bytes of a .docx file.

    Headings use Word's built-in Title, Heading 1 and Heading 2 styles; quotations the built-in "Quote"
    style; prompts are italic. The notes are Word's own footnotes (explorer.footnotes): each quotation, and
    each historian who argues the counter-argument, ends with a footnote reference, and Word numbers the
    notes and sets them at the foot of the page, as a history teacher expects. The bibliography (the sources
    the notes cite) follows with a hanging indent (half an inch), then the further reading, set alike.

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

    def note(paragraph, number: int) -> None:  # Word numbers the notes in the order of their references
        footnotes.add(paragraph, texts[number].runs)

    title = f"Essay plan: {outline.title}"  # Word keeps at most 255 characters in a document property
    doc.core_properties.title = title if len(title) <= 255 else title[:254] + "…"
    doc.core_properties.author = ""  # the template says "python-docx"; the essay is the student's
    doc.core_properties.comments = outline.scaffold
    doc.add_heading(f"Essay plan: {outline.title}", level=0)
    _italic(doc.add_paragraph(), outline.scaffold)
    intro = outline.introduction
    doc.add_heading("Introduction", level=1)
    _labelled(doc, "Thesis statement. ", intro.statement)
    _labelled(doc, "Your factors, in your order.", "")
    for i, title in enumerate(intro.factor_titles, start=1):
        doc.add_paragraph(f"{i}. {title}")
    suggested = ", ".join(f"“{_title(outline, f)}”" for f in intro.suggested)
    _labelled(doc, "The weighting suggests: ", f"{suggested} ({outline.weighting}; your main thesis ranks "
                                               f"{ordinal(intro.rank)} of {intro.of}). {intro.order_note}")
    for d in intro.departures:
        doc.add_paragraph(d.text, style="List Bullet")
    if intro.gaps:
        _labelled(doc, f"{GAP_HEADING}.", "")
        for g in intro.gaps:
            doc.add_paragraph(g, style="List Bullet")
    if intro.evidence:
        _labelled(doc, "The strongest evidence for your thesis.", "")
        _docx_quotes(doc, intro.evidence, note)
    _italic(doc.add_paragraph(), intro.prompt)
    for section in outline.sections:
        doc.add_heading(f"{section.position}. {section.title}", level=1)
        _labelled(doc, "Topic sentence. ", section.topic_sentence)
        _docx_quotes(doc, section.quotations, note)
        _italic(doc.add_paragraph(), section.prompt)
        if section.link:
            _labelled(doc, "Link to the next factor. ", section.link.text)
    if outline.counter:
        c = outline.counter
        doc.add_heading(f"Counter-argument: {c.title}", level=1)
        _labelled(doc, "The rival view. ", c.statement)
        for r in c.rivals:
            note(_labelled(doc, "Who argues it. ", f"{r.name}: {r.summary}"), r.footnote)
        if c.quotations:
            _labelled(doc, COUNTER_EVIDENCE, "")
            _docx_quotes(doc, c.quotations, note)
        _italic(doc.add_paragraph(), c.prompt)
    doc.add_heading("Conclusion", level=1)
    _italic(doc.add_paragraph(), outline.conclusion)
    doc.add_heading("Bibliography", level=1)
    _italic(doc.add_paragraph(), outline.locations)
    _docx_entries(doc, outline.bibliography, Inches(0.5))
    if outline.further_reading:
        doc.add_heading("Further reading", level=1)
        _docx_entries(doc, outline.further_reading, Inches(0.5))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_entries(doc, entries: Sequence[cite.Formatted], indent) -> None:
    for entry in entries:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.first_line_indent = -indent
        _formatted(paragraph, entry)


def _labelled(doc, label: str, text: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def _italic(paragraph, text: str):
    paragraph.add_run(text).italic = True
    return paragraph


def _docx_quotes(doc, quotations: Sequence[Quotation], note) -> None:
    for q in quotations:
        paragraph = doc.add_paragraph(style="Quote")
        paragraph.add_run(quoted(q.quote))
        note(paragraph, q.footnote)
        doc.add_paragraph(gloss(q))


def _formatted(paragraph, text: cite.Formatted) -> None:
    for run in text.runs:
        added = paragraph.add_run(run.text)
        added.italic = run.italic or None
        added.bold = run.bold or None
