"""The essay plan as data: the Outline and its parts (the thesis statement, the introduction, the main argument
with its worked example, a section per factor, the counter-argument, the judgement, the notes and what the case
does not know about each cited source). Built by explorer.essay.building, laid out by explorer.essay.blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from explorer import cite
from explorer.problem import ExplorerError


class OutlineError(ExplorerError, ValueError):
    """The plan cannot be outlined: an unknown thesis, a repeated factor, a counter-argument that is the main
    thesis or one of the factors, and so on. `problems` holds each as (field, message), field being thesis,
    factors or counter."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = list(problems)


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
        return f"{self.name}: the case records no {listed(self.missing)}."


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


def listed(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
