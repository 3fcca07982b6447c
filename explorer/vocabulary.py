"""Every vocabulary of the explorer, written once with its behaviour: source kinds, defects, strengths,
stances, criteria, scopes, relations, models and debate phases.

Each table is keyed by the value a case file (or a setting) uses; everything that depends on the value (its
label, its trust, its citation types, its points, its colour, its ACH value, its scale) is a column of
that row. The pydantic models take their allowed values from here, and a test checks that every value has
its row. Kept free of numpy and pandas so that the command line starts quickly.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.text import closest


@dataclass(frozen=True)
class SourceKind:
    label: str  # what the dashboard calls it
    base_trust: float  # trust before defects
    csl: str  # CSL-JSON type
    bibtex: str  # BibTeX entry type
    ris: str  # RIS type (TY)
    genre: str | None = None  # CSL genre, where the type alone does not say what the text is
    note: str | None = None  # BibTeX note saying what the text is, where the type does not
    why: str = ""  # one plain line: why a source of this kind starts at this trust
    authority: bool = True  # may an essay cite it as an authority (False: an anonymous student essay)
    tag: str = ""  # said after its title wherever a source of this kind is named ("invented for class")
    noun: str = ""  # a source of this kind in a sentence, where its label will not do ("an edition of documents")
    nouns: str = ""  # several, where the noun and an s will not do ("encyclopedia summaries")


SOURCE_KINDS: dict[str, SourceKind] = {
    "scholarly_monograph": SourceKind("Scholarly monograph", 1.0, "book", "book", "BOOK",
        why="a book by a historian, checked against the archives and by other scholars"),
    "document_edition": SourceKind("Edition of documents", 0.9, "book", "book", "BOOK",
                                   note="Edition of archival documents", noun="edition of documents",
                                   nouns="editions of documents",
        why="records made at the time, published from the archives: what was said and decided, though each "
            "speaker argued his own side"),
    "memoir": SourceKind("Memoir", 0.7, "book", "book", "BOOK",
        why="someone who was there, remembering years later: close to events but on one side"),
    "reference_work": SourceKind("Reference work", 0.8, "entry-encyclopedia", "misc", "ENCYC",
                                 note="Unsigned article in a reference work",
        why="an unsigned article in a reference book, edited and checked, but with no author to answer for it"),
    "encyclopedia_summary": SourceKind("Encyclopedia summary", 0.4, "entry-encyclopedia", "misc", "ENCYC",
                                       note="Unsigned encyclopedia summary", nouns="encyclopedia summaries",
        why="a short summary with no author, no date, no publisher and no sources: nobody answers for it and "
            "nothing in it can be checked, so it starts no higher than a wiki article, which at least shows its "
            "sources and its date"),
    "wiki_article": SourceKind("Wiki article", 0.4, "webpage", "misc", "ELEC", note="Wiki article",
        why="an article anyone can edit, so its facts need checking elsewhere"),
    "student_essay": SourceKind("Student essay", 0.25, "manuscript", "unpublished", "UNPB",
                                genre="Student essay", note="Student essay (excerpt)",
        why="a student's essay, useful for what it reports historians saying, not as an authority",
                                authority=False),
    "journal_article": SourceKind("Journal article", 1.0, "article-journal", "article", "JOUR",
        why="an article by a historian in a scholarly journal, checked by other scholars before it was printed"),
    "primary_source": SourceKind("Primary source", 0.7, "document", "misc", "GEN", genre="Primary source",
                                 note="Primary source",
        why="written at the time by someone involved: close to events, but with its writer's aims and blind spots"),
    "textbook": SourceKind("Textbook", 0.75, "book", "book", "BOOK", genre="Textbook", note="Textbook",
        why="a school or university textbook: checked and careful, but short and at second hand"),
    "lecture": SourceKind("Lecture", 0.6, "speech", "misc", "GEN", genre="Lecture", note="Lecture",
        why="a historian speaking to students: informed, but not checked the way a printed work is"),
    "newspaper": SourceKind("Newspaper or magazine article", 0.55, "article-newspaper", "article", "NEWS",
        why="written quickly for the public, at the time or later, by a journalist rather than a historian"),
    "invented": SourceKind("Invented for class", 0.2, "manuscript", "unpublished", "UNPB",
                           genre="Invented for teaching", note="Written for teaching, not a historical source",
                           noun="text invented for class", nouns="texts invented for class",
        why="written for the class to practise on, not a text of the time and not by a historian: it shows how a "
            "source of the kind might read, never what happened, so it starts very low",
                           authority=False, tag="invented for class"),
}


@dataclass(frozen=True)
class DefectKind:
    label: str
    penalty: float  # what one such defect takes off a source's trust (a share of it)


DEFECT_KINDS: dict[str, DefectKind] = {
    "truncation": DefectKind("text cut short", 0.02),
    "index_residue": DefectKind("bits of an index left in the text", 0.02),
    "display_residue": DefectKind("a website's display marker left in the text", 0.02),
    "factual_error": DefectKind("factual error", 0.04),
    "anachronism": DefectKind("detail out of its time", 0.04),
    "garbled_text": DefectKind("garbled text", 0.02),
    "typo": DefectKind("typing error", 0.02),
    "unsourced": DefectKind("claim with no source given", 0.02),
}
DEFECT_PENALTY_MAX = 0.3  # defects never take more than this share off a source's trust


@dataclass(frozen=True)
class WriterKind:
    label: str  # what the dashboard calls such a writer
    scholarly: bool  # counts towards "Historians who argue it (scholarly backing)"
    plain: str  # one line for a reader of 16


WRITER_KINDS: dict[str, WriterKind] = {
    "historian": WriterKind("historian", True, "studies the past from its records, and is checked by other scholars"),
    "political_scientist": WriterKind("political scientist", True,
                                      "studies politics from the same records, and is checked by other scholars the same way"),
    "journalist": WriterKind("journalist", False, "reported on the events or wrote about them for the press: "
                             "worth reading, but not counted as scholarly backing"),
    "participant": WriterKind("participant", False, "took part in the events or was close to them: a witness, "
                              "not counted as scholarly backing"),
}


@dataclass(frozen=True)
class Strength:
    name: str  # the word used in settings and on the command line (--points background=0)
    label: str  # what the dashboard calls it
    points: float  # what a passage of this strength counts for by default
    substantive: bool  # makes an argument (relevant or explicit) rather than describing the setting
    plain: str  # one line for a reader of 16: what a passage of this strength does
    about: str = ""  # said before an explanation's name: a passage read as "relevant to" it


STRENGTHS: dict[int, Strength] = {
    1: Strength("background", "background", 0.0, False,
                "sets the scene but does not argue for or against (counts for nothing unless you give it points)",
                "background to"),
    2: Strength("relevant", "relevant", 2.0, True, "bears on the explanation without saying outright that it was a cause",
                "relevant to"),
    3: Strength("explicit", "explicit (says it in so many words)", 3.0, True,
                "says in so many words that this was (or was not) a cause of what the case asks about", "explicit about"),
}


@dataclass(frozen=True)
class Stance:
    label: str  # on a card: "supports"
    heading: str  # a group of cards: "Supporting"
    ach: float  # its value in the ACH matrix
    against: bool  # counts against the thesis (contestation, inconsistency)
    counts: float  # the share of a passage's points it counts for: a qualification limits a claim, half
    colour: str  # Okabe-Ito, apart from the thesis palette
    line: str  # its line on the argument map (a Graphviz style), so that a black-and-white print still reads
    plain: str  # one line for a reader of 16
    mark: str = ""  # its sign in a matrix's cell, so that the chart reads without colour


STANCES: dict[str, Stance] = {
    "supports": Stance("supports", "Supporting", 1.0, False, 1.0, "#0072B2", "solid",
                        "the passage backs the explanation up", "+"),
    "disputes": Stance("disputes", "Disputing", -1.0, True, 1.0, "#D55E00", "dashed",
                        "the passage goes against the explanation", "−"),
    "qualifies": Stance("qualifies", "Qualifying", -0.5, True, 0.5, "#E69F00", "dotted",
                         "the passage limits the explanation: true, but only in part (counts half against it)", "~"),
}


@dataclass(frozen=True)
class Criterion:
    label: str  # plain words, the technical term beside them: "Sources that agree (corroboration)"
    description: str  # one plain line, for the dashboard and the command line
    weight: float  # default weight
    sign: float  # +1 for, -1 against
    full: float  # the raw value at which the criterion is full (1); below it, raw / full
    unit: str  # what the raw value counts, in plain words
    colour: str
    in_sum: str = ""  # the part written out in a score's sum: "0.50 for the passages for it"
    term: str = ""  # the historian's or analyst's word for it, said once beside the plain one
    head: str = ""  # a table's column head, short: "For it"


CRITERIA_TABLE: dict[str, Criterion] = {
    "support": Criterion(
        "Passages for it (support)", "how much trusted evidence backs it up", 1.0, 1.0, 30.0,
        "30 points of trusted evidence for it, such as ten explicit causal claims from fully trusted sources", "#0072B2",
        "for the passages for it", "support", "For it"),
    "corroboration": Criterion(
        "Sources that agree (corroboration)", "how many different trusted sources make a point for it", 0.5, 1.0,
        3.0, "three fully trusted sources, or more sources trusted less", "#56B4E9",
        "because several sources agree", "corroboration", "Sources agree"),
    "backing": Criterion(
        "Historians who argue it (scholarly backing)",
        "historians (and other scholars) that a source says hold this view, each counted by how far that source is "
        "trusted; journalists and participants are shown but not counted", 0.5, 1.0,
        2.0, "two historians, each named by a fully trusted source", "#009E73", "for historians who argue it", "scholarly backing", "Historians"),
    "contestation": Criterion(
        "Passages against it (contestation)",
        "how much trusted evidence goes against it; a passage that only limits it counts half", 0.5, -1.0,
        30.0, "30 points of trusted evidence against it, such as ten explicit denials from fully trusted sources",
        "#D55E00", "for the passages against it", "contestation", "Against it"),
}
CRITERIA: tuple[str, ...] = tuple(CRITERIA_TABLE)
DEFAULT_WEIGHTS: dict[str, float] = {name: c.weight for name, c in CRITERIA_TABLE.items()}
WEIGHT_MAX = 5.0

STRENGTH_NAMES: dict[int, str] = {level: s.name for level, s in STRENGTHS.items()}
STRENGTH_ALIASES: dict[str, int] = {"context": 1}  # the name strength 1 had, still read from older commands
STRENGTH_LEVELS: dict[str, int] = {**{str(k): k for k in STRENGTHS}, **STRENGTH_ALIASES,
                                   **{s.name: k for k, s in STRENGTHS.items()}}
DEFAULT_POINTS: dict[int, float] = {level: s.points for level, s in STRENGTHS.items()}
POINTS_MAX = 10.0

# What an explanation looks at: any debate, any period. (A case's older files keep the first four.)
SCOPES: dict[str, str] = {"domestic": "domestic (politics at home)", "foreign": "foreign (relations abroad)",
                          "personal": "personal (the people involved)", "structural": "structural (the system itself)",
                          "economic": "economic (money, trade, work, harvests)",
                          "social": "social (classes, groups, everyday life)",
                          "religious": "religious (faith and churches)", "cultural": "cultural (ideas, art, beliefs)",
                          "military": "military (armies and war)",
                          "environmental": "environmental (climate, disease, land)"}
@dataclass(frozen=True)
class Relation:
    label: str  # on a link: "causes"
    sentence: str  # in an essay's transition: "“A” helped to cause “B”"
    line: str  # on the map, told apart by line and arrowhead, never by colour alone (Graphviz style)
    arrow: str  # Graphviz arrowhead
    mutual: bool  # A competes with B is B competing with A: one edge, both ends marked
    looks: str  # the line and arrowhead in words, for the map's key and its readers
    plain: str = ""  # one line for a reader of 16


RELATIONS: dict[str, Relation] = {
    "reinforces": Relation("reinforces", "reinforces", "solid", "normal", False, "a thin line with a filled arrow",
                           "each makes the other more likely or worse"),
    "causes": Relation("causes", "helped to cause", "bold", "vee", False, "a thick line with an open arrow",
                       "one helped to bring the other about"),
    "competes_with": Relation("competes with", "competes with", "dashed", "tee", True,
                              "a dashed line with a bar at both ends",
                              "the two are offered as rival answers to the same question"),
}


@dataclass(frozen=True)
class Model:
    label: str  # on the switch
    plain: str  # one line for a reader of 16
    gist: str  # a few words said beside its name where the other way is mentioned


MODELS: dict[str, Model] = {
    "evidence": Model("Weighted evidence", "adds up the trusted evidence for each explanation and takes away what "
                      "is against it", "which weighs the evidence for and against each explanation"),
    "ach": Model("Least contradicted (ACH)", "ranks the explanations by how little trusted evidence goes against "
                 "them, ignoring what is for them (Analysis of Competing Hypotheses, a method from intelligence "
                 "analysis)", "which counts only the evidence against each explanation"),
}


@dataclass(frozen=True)
class RobustnessKind:
    label: str  # the headline's words: "first in 66% ... with the sliders moved at random near yours"
    description: str  # what is redrawn, in one plain line
    short: str  # a column head in the command line's table
    change: str  # what puts another explanation first, as a noun phrase: "a slightly different reading of ..."
    column: str  # a column head on the page


ROBUSTNESS: dict[str, RobustnessKind] = {
    "settings": RobustnessKind(
        "with the sliders moved at random near yours", "the weights and trusts set again at random, most within a third of yours",
        "set", "a slightly different setting of the sliders", "Sliders moved at random"),
    "evidence": RobustnessKind(
        "with some passages left out at random and others counted twice",
        "the recorded passages picked again at random, so that some count twice and others not at all",
        "evid", "a different choice of passages", "Passages left out or doubled"),
    "coding": RobustnessKind(
        "when the passages are read a little differently",
        "now and then a passage read as a step stronger or weaker, or as only limiting an explanation",
        "code", "a slightly different reading of the evidence", "Read differently"),
}
# An explanation's score as a part of all the scores above zero: how much of the weighed evidence points to it (not
# how much of the outcome it caused; "share of the explanation" read as that to a teacher).
SHARE = "Share of the evidence"
# The page's column of each kind's share of firsts (Ranking.tables()), in the order they are shown
KINDS_SHOWN: dict[str, str] = {"settings": "p_first", "evidence": "p_first_evidence", "coding": "p_first_coding"}
SAMPLES = 10_000

# The languages a work not in English is said to be in, by the primary subtag of its BCP 47 `language`: a title in
# transliterated Russian ("Prezidium TsK KPSS …") tells a student nothing until it says what it is.
LANGUAGES: dict[str, str] = {
    "ar": "Arabic", "cs": "Czech", "de": "German", "es": "Spanish", "fr": "French", "hu": "Hungarian",
    "it": "Italian", "ja": "Japanese", "la": "Latin", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}


# What the scholarship holds that no source of the case carries, said beside the rank (explorer/gaps.py).
GAP_HEADING = "What these sources cannot show"
GAP_LEAD = "Not in these sources"
GAP_EXPLAINED = ("The ranking weighs only the passages recorded from this case's sources. Where the scholarship holds "
                 "something about an explanation that none of these texts carries, the case says so here, in its own "
                 "words and with the works it rests on, so that you can read the rank with it in mind: it may rank "
                 "lower than the historians would put it.")


def gap_notes(count: int) -> str:
    """The fold that holds the case's notes on what its sources cannot show, with how many there are."""
    return f"Read the case's {count} note{'' if count == 1 else 's'} beside the ranks"


QUESTION_LABEL = "Which question"
QUESTION_HELP = ("Each explanation answers one question of the case, and is ranked only against the others that "
                 "answer the same question: how it could happen is not a rival to why it happened.")

PHASES: dict[str, str] = {"before": "Before the debate", "after": "After the debate"}


def stances_explained() -> str:
    """Each stance and what it means, in one line for a reader of 16: "supports: the passage backs ...; ..."."""
    return "; ".join(f"{stance.label}: {stance.plain}" for stance in STANCES.values()) + "."


def unknown(what: str, name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """One line: the unknown name, the closest known one, and every allowed one."""
    close = closest(name, allowed)
    hint = f" (did you mean `{close}`?)" if close else ""
    listed = ", ".join(allowed) if allowed else "(none)"
    return f"unknown {what} `{name}`{hint}; use one of: {listed}"


@dataclass(frozen=True)
class FindingKind:
    label: str  # a heading on the essay check's page and a column of the class's table
    plain: str  # one line for a reader of 16: what this kind of finding means


# The essay check's findings (explorer/check.py), in the order a page lists them.
FINDINGS: dict[str, FindingKind] = {
    "misquote": FindingKind("Quotation not word for word", "the words in quotation marks differ from the source's"),
    "not_in_sources": FindingKind("Quotation not in the sources", "no source of the case has these words"),
    "wrong_source": FindingKind("Quotation credited wrongly", "the quotation is credited to the wrong source, or "
                                "to none"),
    "unsupported_attribution": FindingKind("View put in a historian's name", "no source of the case says that this "
                                           "historian argues this"),
    "second_hand_attribution": FindingKind("View known only at second hand", "only a source that is no authority "
                                           "(a student's essay) says that this historian argues this, and the essay "
                                           "does not say where it read it"),
    "repeated_error": FindingKind("A source's mistake repeated", "a fact that a source gets wrong, repeated as true"),
    "no_counterargument": FindingKind("Rival explanation not answered", "an explanation that competes with yours "
                                      "is never weighed against it"),
    "no_judgement": FindingKind("No judgement", "the essay never says which explanation mattered most, and why"),
    "unsupported_paragraph": FindingKind("Paragraph without evidence", "a paragraph makes its point with no "
                                         "quotation, footnote or source"),
}
ROLES: dict[str, str] = {"introduction": "introduction", "body": "body", "conclusion": "conclusion"}
