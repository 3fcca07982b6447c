"""The shape of a case: pydantic models for every file of a case folder.

The models describe what a person writes in YAML. A few fields are filled in by
the loader (the character span of a quote, a passage's reference, the path of a
source's text); they are hidden from the JSON Schema that editors use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from explorer import vocabulary
from explorer.disk import layout
from explorer.text import listed

# The one rule for an id, which may also name a file (theses/<id>.yaml, texts/<id>.txt, a case's folder): the
# loader, the command line and the workshop all use it.
ID_PATTERN = r"[a-z][a-z0-9_]*"
ID_MAX = 64
Id = Annotated[
    str,
    Field(
        pattern=rf"^{ID_PATTERN}$",
        max_length=ID_MAX,
        description=f"A short name in lower case, digits and underscores, such as lost_prestige ({ID_MAX} "
                    "characters at most).",
    ),
]
Stance = Literal[tuple(vocabulary.STANCES)]
Scope = Literal[tuple(vocabulary.SCOPES)]
Relation = Literal[tuple(vocabulary.RELATIONS)]
SourceKind = Literal[tuple(vocabulary.SOURCE_KINDS)]
DefectKind = Literal[tuple(vocabulary.DEFECT_KINDS)]
WriterKind = Literal[tuple(vocabulary.WRITER_KINDS)]
Strength = Annotated[
    int,
    Field(ge=1, le=3, description="1 background, 2 relevant, 3 an explicit causal claim."),
]
Span = SkipJsonSchema[tuple[int, int] | None]

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# A BCP 47 language tag as CSL and Zotero write it: a primary language subtag in lower case (two or three
# letters), then any subtags (region, script, variant): de, en, en-GB, fr-CA, sr-Latn.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


class Record(BaseModel):
    """Every model refuses fields it does not know, so a misspelt field is caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Located(Record):
    """A passage of a source: its id, the verbatim quote, and where the loader found it."""

    source: Id = Field(description=f"The id of a source in {layout.SOURCES} that has a text.")
    quote: str = Field(min_length=1, description="Verbatim words from the source's text.")
    span: Span = Field(default=None, description="Set by the loader: character offsets in the text.")


# --- claim files (theses/<id>.yaml) -----------------------------------------------------------


class BearsOn(Record):
    """How a passage bears on another thesis, when its strength there differs."""

    stance: Stance
    strength: Strength


class Evidence(Located):
    stance: Stance = Field(description="How the passage bears on this thesis.")
    strength: Strength
    note: str = Field(min_length=1, description="Why this passage matters, in one sentence.")
    bears_on: dict[Id, Stance | BearsOn] = Field(
        default_factory=dict,
        description="How the same passage bears on other theses: thesis id -> stance "
        "(or stance and strength).",
    )
    ref: SkipJsonSchema[str] = Field(default="", description="Set by the loader: thesis#number.")
    line: SkipJsonSchema[int] = Field(default=0, description="Set by the loader: line in the file.")

    def stances(self, thesis_id: str) -> dict[str, tuple[str, int]]:
        """Every thesis this passage bears on, with (stance, strength), its own thesis first."""
        out = {thesis_id: (self.stance, self.strength)}
        for other, how in self.bears_on.items():
            if isinstance(how, BearsOn):
                out[other] = (how.stance, how.strength)
            else:
                out[other] = (how, self.strength)
        return out


class Proponent(Record):
    historian: Id = Field(description=f"The id of a historian in {layout.HISTORIANS}.")
    source: Id = Field(description="The source that attributes this view to the historian.")


class Link(Record):
    thesis: Id
    relation: Relation
    note: str = ""


class Gap(Record):
    """What the scholarship holds about a thesis that no source of the case carries, in the case's own words."""

    says: str = Field(min_length=1, description="What the scholarship says that none of the case's texts shows, "
                                                 "in the case's own words (never quoted from a work outside it).")
    works: list[Id] = Field(default_factory=list, description=f"Ids of the works in {layout.SOURCES} it rests on.")


class Thesis(Record):
    id: Id
    title: str = Field(min_length=1)
    statement: str = Field(min_length=1, description="The explanation in one sentence.")
    summary: str = Field(min_length=1)
    scope: Scope
    question: Id | None = Field(
        default=None, description=f"The id of the question in {layout.CASE}'s other_questions that this thesis answers; "
                                  "left out, it answers the case's main question.")
    proponents: list[Proponent] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list, description="What the scholarship says about this thesis that no "
                                                              "source of the case carries; shown beside its rank.")


# --- sources.yaml ----------------------------------------------------------------------------


class Defect(Record):
    kind: DefectKind
    note: str = Field(min_length=1)
    quote: str | None = Field(default=None, description="Where the defect shows, verbatim.")
    span: Span = None


class Source(Record):
    id: Id
    kind: SourceKind
    title: str = Field(min_length=1)
    authors: list[str] = Field(default_factory=list, description='Each as "Family, Given".')
    editors: list[str] = Field(default_factory=list)
    translators: list[str] = Field(default_factory=list)
    container: str | None = Field(default=None, description="The website or book it is part of.")
    publisher: str | None = None
    place: str | None = None
    issued: str | None = Field(default=None, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    revised: str | None = Field(default=None, pattern=DATE_PATTERN)
    volumes: int | None = None
    url: str | None = Field(default=None, description="The address of the text online, where the case knows it.")
    accessed: str | None = Field(
        default=None, pattern=DATE_PATTERN,
        description="When the text was read online (YYYY-MM-DD): a web source's access date, for its notes.")
    untitled: bool = Field(
        default=False, description="The work has no title of its own: `title` describes it, and notes print "
        "the description as it is, without quotation marks.")
    headings: list[str] = Field(
        default_factory=list, description="The section headings of the source as published, each a whole line "
        "of its text: a note locates a passage by the heading above it and its paragraph under it.")
    language: str | None = Field(
        default=None, pattern=LANGUAGE_PATTERN,
        description="The language of the work, as a BCP 47 tag with the language in lower case: de, en, en-GB, "
        "fr-CA. Citation styles title-case only English titles (left out, a title is taken to be English).",
    )
    description: str = Field(min_length=1, description="What kind of text this is, in plain words.")
    trust: float | None = Field(
        default=None, ge=0, le=1, description="0..1; left out, it follows from the kind and the defects."
    )
    defects: list[Defect] = Field(default_factory=list)
    short_title: str | None = Field(default=None, description="A short title for notes after the first.")
    licence: str | None = Field(default=None, description="The licence its text may be quoted and shared under, "
                                "such as CC BY-SA 4.0, or public domain.")
    text_path: SkipJsonSchema[str | None] = Field(default=None, description="Set by the loader.")

    @field_validator("issued", "revised", "accessed", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return iso_date(value)

    @property
    def quotable(self) -> bool:
        return self.text_path is not None


class SourceList(Record):
    sources: list[Source]


# --- historians.yaml -------------------------------------------------------------------------


class View(Record):
    summary: str = Field(min_length=1, description="What the source says this historian argues.")
    source: Id
    quote: str | None = None
    span: Span = None
    thesis: Id | None = Field(default=None, description="The thesis this view supports, if any.")


class Historian(Record):
    id: Id
    name: str = Field(min_length=1)
    kind: WriterKind = Field(default="historian", description="What the writer was: " + ", ".join(
        f"{key} ({k.label})" for key, k in vocabulary.WRITER_KINDS.items()) + ". Only scholars count as backing.")
    about: str = ""
    works: list[Id] = Field(default_factory=list, description=f"Ids of their works in {layout.SOURCES}.")
    views: list[View] = Field(default_factory=list)


# --- timeline.yaml ---------------------------------------------------------------------------


class Event(Located):
    id: Id
    date: str = Field(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    title: str = Field(min_length=1)
    theses: list[Id] = Field(default_factory=list)
    contested: Id | None = Field(default=None, description=f"A fact in {layout.CONTESTED} about this event.")

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return iso_date(value)

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        date(parts[0], parts[1], parts[2])  # raises ValueError: month must be in 1..12
        return value


# --- contested.yaml --------------------------------------------------------------------------


class Reading(Located):
    says: str = Field(min_length=1, description="This source's reading, in a few words.")


class ContestedFact(Record):
    id: Id
    question: str = Field(min_length=1)
    readings: list[Reading] = Field(min_length=2)
    scholarship: str = Field(default="", description="What the scholarship says, where well established.")
    theses: list[Id] = Field(default_factory=list)


# --- case.yaml ------------------------------------------------------------------------------


class Period(Record):
    start: int
    end: int


MAIN_QUESTION = "main"  # the id of the question in case.yaml's `question` field


class Question(Record):
    id: Id
    question: str = Field(min_length=1, description="The question, as a reader would ask it.")
    note: str = Field(default="", description="How it differs from the main question, in plain words.")


class CaseInfo(Record):
    title: str = Field(min_length=1)
    question: str = Field(min_length=1, description="The main question; a thesis answers it unless it names another.")
    other_questions: list[Question] = Field(
        default_factory=list, description="Further questions of the case (how it could happen, not why), each "
        "answered by the theses that name it; each is ranked on its own, never beside the main question's theses.")
    period: Period
    summary: str = Field(min_length=1)
    to_explain: list[str] = Field(default_factory=list, description="What any answer must explain.")

    def questions(self) -> list[Question]:
        """Every question of the case, the main one first (its id is `main`)."""
        return [Question(id=MAIN_QUESTION, question=self.question), *self.other_questions]


# --- the loaded case -------------------------------------------------------------------------


OPENING_WORDS = 10  # a passage named in a list: its first words


class Case(BaseModel):
    """A whole case folder, as loaded. Texts are kept for quoting and highlighting."""

    model_config = ConfigDict(frozen=True)

    folder: str
    info: CaseInfo | None = None
    theses: dict[str, Thesis] = Field(default_factory=dict)
    sources: dict[str, Source] = Field(default_factory=dict)
    historians: dict[str, Historian] = Field(default_factory=dict)
    events: list[Event] = Field(default_factory=list)
    contested: list[ContestedFact] = Field(default_factory=list)
    texts: dict[str, str] = Field(default_factory=dict, exclude=True)

    @property
    def title(self) -> str:
        return self.info.title if self.info else "(untitled case)"

    def questions(self) -> list[Question]:
        """Every question of the case, the main one first; a case without case.yaml has one, unnamed."""
        return self.info.questions() if self.info else [Question(id=MAIN_QUESTION, question=self.title)]

    def question_of(self, thesis_id: str) -> str:
        """The id of the question a thesis answers (`main` unless its claim file names another)."""
        thesis = self.theses.get(thesis_id)
        return (thesis.question if thesis is not None and thesis.question else MAIN_QUESTION)

    def within(self, question: str = MAIN_QUESTION) -> Case:
        """The case as one question sees it: only the theses that answer that question. The engine, Compare, the
        debate and the essay rank within one question; passages bearing on theses of another question keep those
        bearings, which the engine then ignores. A case with one question is returned as it is."""
        if all(self.question_of(tid) == question for tid in self.theses):
            return self
        return self.model_copy(update={"theses": {tid: t for tid, t in self.theses.items()
                                                  if self.question_of(tid) == question}})

    def only(self, theses: Iterable[str]) -> Case:
        """The case with only the given theses, in that order (those it does not have left out): a debate's theses
        in play, so that rankings, pivots and rivals are among them."""
        return self.model_copy(update={"theses": {t: self.theses[t] for t in dict.fromkeys(theses)
                                                  if t in self.theses}})

    def source_name(self, source_id: str) -> str:
        """How a source is named wherever sources are listed (see source_names); its id when it is unknown."""
        return source_names(self.sources).get(source_id, source_id)

    def passages(self) -> list[tuple[Thesis, Evidence]]:
        return [(t, e) for t in self.theses.values() for e in t.evidence]

    def passage(self, ref: str) -> tuple[Thesis, Evidence] | None:
        """The thesis that records a passage and the passage, by its reference; None when there is none."""
        thesis_id, _, _ = ref.partition("#")
        thesis = self.theses.get(thesis_id)
        found = next((e for e in thesis.evidence if e.ref == ref), None) if thesis else None
        return (thesis, found) if found else None

    def opening(self, ref: str) -> str:
        """A passage named in a list: “its first words …”, as its source prints them; the reference itself
        only when no passage has it."""
        found = self.passage(ref)
        if found is None:
            return ref
        evidence = found[1]
        words = self.words(evidence.source, evidence.span, evidence.quote).split()
        cut = " ".join(words[:OPENING_WORDS])
        return f"“{cut}{' …' if len(words) > OPENING_WORDS else ''}”"

    def passage_name(self, ref: str) -> str:
        """How a person reads a passage's name: its first words and its source, never its reference:
        '“Khrushchev's resignation stemmed from …” (Khrushchev Falls from Power)'."""
        found = self.passage(ref)
        if found is None:
            return ref
        return f"{self.opening(ref)} ({self.source_name(found[1].source)})"

    def words(self, source_id: str, span: tuple[int, int] | None, fallback: str) -> str:
        """A passage as its source prints it (typographic quotes and dashes kept), on one line; the quote as
        written in the claim file when the source has no text or the span is unknown."""
        text = self.texts.get(source_id)
        found = text[span[0]:span[1]] if text is not None and span is not None else fallback
        return " ".join(found.split())


def source_names(sources: dict[str, Source]) -> dict[str, str]:
    """Each source's name for a list: its title; where two share a title, the title with the first author's
    family name and the year, and the id too where even those are the same; a kind's tag after it ('(invented
    for class)'), so that a text written for teaching is never named as if it were a real source."""
    by_title: dict[str, list[Source]] = {}
    for source in sources.values():
        by_title.setdefault(source.title, []).append(source)
    names = {}
    for title, same in by_title.items():
        if len(same) == 1:
            names[same[0].id] = title
            continue
        told = {s.id: ", ".join(filter(None, (s.authors[0].split(",")[0].strip() if s.authors else "",
                                                year_of(s.issued) if s.issued else ""))) for s in same}
        for source in same:
            clash = sum(v == told[source.id] for v in told.values()) > 1
            extra = told[source.id] if not clash else "; ".join(filter(None, (told[source.id], source.id)))
            names[source.id] = f"{title} ({extra})"
    for source in sources.values():
        tag = vocabulary.SOURCE_KINDS[source.kind].tag
        if tag:
            names[source.id] += f" ({tag})"
    return names


def _says_its_kind(source: Source, name: str) -> bool:
    return vocabulary.SOURCE_KINDS[source.kind].label.lower() in name.lower()


def kind_and_name(source: Source, name: str) -> str:
    """A source's name (from source_names) after the kind of text it is, for a label: 'Wiki article: Why was …'.
    Titles such as 'Khrushchev Falls from Power' do not say whether a wiki, an encyclopedia or a student wrote
    them, and the case's prose calls its sources by their kinds ('the wiki article'). A name that says its kind
    already ('Untitled student essay …') stands alone."""
    kind = vocabulary.SOURCE_KINDS[source.kind].label
    return name if _says_its_kind(source, name) else f"{kind}: {name}"


def described(source: Source, name: str) -> str:
    """The same in a sentence: 'the wiki article “Why was …”' ('“Untitled student essay …”' alone)."""
    kind = vocabulary.SOURCE_KINDS[source.kind].label.lower()
    return f"“{name}”" if _says_its_kind(source, name) else f"the {kind} “{name}”"


def kinds_listed(sources: Iterable[Source]) -> str:
    """What kinds of text the sources are, counted, in the order they first come: '2 encyclopedia summaries, a
    reference work, a wiki article and a student essay'. The titles alone do not say it, and a class should know
    from the first screen what the ranking rests on."""
    counts: dict[str, int] = {}
    for source in sources:
        counts[source.kind] = counts.get(source.kind, 0) + 1
    said = []
    for kind, count in counts.items():
        found = vocabulary.SOURCE_KINDS[kind]
        noun = found.noun or found.label.lower()
        if count == 1:
            said.append(f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}")
        else:
            said.append(f"{count} {found.nouns or noun + 's'}")
    return listed(said) if said else ""


def described_names(sources: dict[str, Source]) -> dict[str, str]:
    """Each source as a sentence names it (described, over source_names)."""
    names = source_names(sources)
    return {sid: described(source, names[sid]) for sid, source in sources.items()}


def iso_date(value: object) -> object:
    """YAML turns 1964-10-14 into a date and 1964 into a number: keep both as text. A year before 1000 gets its
    four digits ('455' -> '0455', '455-08' -> '0455-08'), as the pattern, the sorting and the citations want it;
    `shown_date` gives it back as a reader writes it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(-\d{2}(-\d{2})?)?", value.strip()):
        year, _, rest = value.strip().partition("-")
        return year.zfill(4) + ("-" + rest if rest else "")
    return value


def shown_date(value: str) -> str:
    """A date as a reader writes it: '0455-08' -> '455-08', '1964' -> '1964'."""
    year, _, rest = value.partition("-")
    return (year.lstrip("0") or "0") + ("-" + rest if rest else "")


def year_of(value: str) -> str:
    """The year of a date, as a reader writes it: '0455-08' -> '455'."""
    return shown_date(value.partition("-")[0])


class HistorianList(Record):
    historians: list[Historian]


class EventList(Record):
    events: list[Event]


class ContestedList(Record):
    contested: list[ContestedFact]


# The model of each file of a case folder, by the name of its schema.
FILE_MODELS: dict[str, type[Record]] = {
    "thesis": Thesis,
    "sources": SourceList,
    "historians": HistorianList,
    "timeline": EventList,
    "contested": ContestedList,
    "case": CaseInfo,
}
