"""Every vocabulary of the explorer, written once with its behaviour: source kinds, defects, strengths,
stances, criteria, scopes, relations, models and debate phases.

Each table is keyed by the value a case file (or a setting) uses; everything that depends on the value (its
label, its trust, its citation types, its points, its colour, its ACH value, its scale) is a column of
that row. The pydantic models take their allowed values from here, and a test checks that every value has
its row. Kept free of numpy and pandas so that the command line starts quickly.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceKind:
    label: str  # what the dashboard calls it
    base_trust: float  # trust before defects
    csl: str  # CSL-JSON type
    bibtex: str  # BibTeX entry type
    ris: str  # RIS type (TY)
    genre: str | None = None  # CSL genre, where the type alone does not say what the text is
    note: str | None = None  # BibTeX note saying what the text is, where the type does not


SOURCE_KINDS: dict[str, SourceKind] = {
    "scholarly_monograph": SourceKind("Scholarly monograph", 1.0, "book", "book", "BOOK"),
    "memoir": SourceKind("Memoir", 0.7, "book", "book", "BOOK"),
    "reference_work": SourceKind("Reference work", 0.8, "entry-encyclopedia", "misc", "ENCYC",
                                 note="Unsigned article in a reference work"),
    "encyclopedia_summary": SourceKind("Encyclopedia summary", 0.55, "entry-encyclopedia", "misc", "ENCYC",
                                       note="Unsigned encyclopedia summary"),
    "wiki_article": SourceKind("Wiki article", 0.4, "webpage", "misc", "ELEC", note="Wiki article"),
    "student_essay": SourceKind("Student essay", 0.25, "manuscript", "unpublished", "UNPB",
                                genre="Student essay", note="Student essay (excerpt)"),
}


@dataclass(frozen=True)
class DefectKind:
    label: str
    penalty: float  # what one such defect takes off a source's trust (a share of it)


DEFECT_KINDS: dict[str, DefectKind] = {
    "truncation": DefectKind("truncation", 0.02),
    "index_residue": DefectKind("index residue", 0.02),
    "factual_error": DefectKind("factual error", 0.04),
    "anachronism": DefectKind("anachronism", 0.04),
    "garbled_text": DefectKind("garbled text", 0.02),
    "typo": DefectKind("typo", 0.02),
    "unsourced": DefectKind("unsourced", 0.02),
}
DEFECT_PENALTY_MAX = 0.3  # defects never take more than this share off a source's trust


@dataclass(frozen=True)
class Strength:
    name: str  # the word used in settings and on the command line (--points context=0)
    label: str  # what the dashboard calls it
    points: float  # what a passage of this strength counts for by default
    substantive: bool  # makes an argument (relevant or explicit) rather than describing the setting


STRENGTHS: dict[int, Strength] = {
    1: Strength("context", "background", 0.0, False),
    2: Strength("relevant", "relevant", 2.0, True),
    3: Strength("explicit", "explicit causal claim", 3.0, True),
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


STANCES: dict[str, Stance] = {
    "supports": Stance("supports", "Supporting", 1.0, False, 1.0, "#0072B2", "solid"),
    "disputes": Stance("disputes", "Disputing", -1.0, True, 1.0, "#D55E00", "dashed"),
    "qualifies": Stance("qualifies", "Qualifying", -0.5, True, 0.5, "#E69F00", "dotted"),
}


@dataclass(frozen=True)
class Criterion:
    label: str
    description: str  # one line, for the dashboard and the command line
    weight: float  # default weight
    sign: float  # +1 for, -1 against
    full: float  # the raw value at which the criterion is full (1); below it, raw / full
    unit: str  # what the raw value counts, in plain words
    colour: str


CRITERIA_TABLE: dict[str, Criterion] = {
    "support": Criterion(
        "Support", "trusted, substantive passages for it", 1.0, 1.0, 30.0,
        "points x trust (30 = ten explicit causal claims from fully trusted sources)", "#0072B2"),
    "corroboration": Criterion(
        "Corroboration", "different trusted sources making a substantive point for it", 0.5, 1.0, 3.0,
        "the trust of each different source (3 = three fully trusted sources)", "#56B4E9"),
    "backing": Criterion(
        "Scholarly backing", "historians a source credits with the view", 0.5, 1.0, 2.0,
        "the trust of the source crediting each historian (2 = two historians, each credited by a fully "
        "trusted source)", "#009E73"),
    "contestation": Criterion(
        "Contestation (against)", "trusted, substantive passages against it (qualifications half)", 0.5, -1.0,
        30.0, "points x trust, qualifications half (30 = ten explicit denials from fully trusted sources)",
        "#D55E00"),
}
CRITERIA: tuple[str, ...] = tuple(CRITERIA_TABLE)
DEFAULT_WEIGHTS: dict[str, float] = {name: c.weight for name, c in CRITERIA_TABLE.items()}
WEIGHT_MAX = 5.0

STRENGTH_NAMES: dict[int, str] = {level: s.name for level, s in STRENGTHS.items()}
STRENGTH_LEVELS: dict[str, int] = {**{str(k): k for k in STRENGTHS}, **{s.name: k for k, s in STRENGTHS.items()}}
DEFAULT_POINTS: dict[int, float] = {level: s.points for level, s in STRENGTHS.items()}
POINTS_MAX = 10.0

SCOPES: dict[str, str] = {"domestic": "domestic", "foreign": "foreign", "personal": "personal",
                          "structural": "structural"}
@dataclass(frozen=True)
class Relation:
    label: str  # on a link: "causes"
    sentence: str  # in an essay's transition: "“A” helped to cause “B”"
    line: str  # on the map, told apart by line and arrowhead, never by colour alone (Graphviz style)
    arrow: str  # Graphviz arrowhead
    mutual: bool  # A competes with B is B competing with A: one edge, both ends marked
    looks: str  # the line and arrowhead in words, for the map's key and its readers


RELATIONS: dict[str, Relation] = {
    "reinforces": Relation("reinforces", "reinforces", "solid", "normal", False, "a thin line with a filled arrow"),
    "causes": Relation("causes", "helped to cause", "bold", "vee", False, "a thick line with an open arrow"),
    "competes_with": Relation("competes with", "competes with", "dashed", "tee", True,
                              "a dashed line with a bar at both ends"),
}

MODELS: dict[str, str] = {"evidence": "Weighted evidence", "ach": "Least contradicted (ACH)"}


@dataclass(frozen=True)
class RobustnessKind:
    label: str  # the headline's words: "first in 66% of settings"
    description: str
    short: str  # a column head in the command line's table


ROBUSTNESS: dict[str, RobustnessKind] = {
    "settings": RobustnessKind("of settings", "weights and trusts redrawn around yours", "set"),
    "evidence": RobustnessKind("when the evidence is resampled",
                               "the recorded passages drawn again with replacement (a bootstrap)", "evid"),
    "coding": RobustnessKind("when the coding is varied",
                             "each strength moved a step, and each stance softened to qualifies, now and then", "code"),
}
SAMPLES = 10_000

PHASES: dict[str, str] = {"before": "Before the debate", "after": "After the debate"}


def unknown(what: str, name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """One line: the unknown name, the closest known one, and every allowed one."""
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.75)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    listed = ", ".join(allowed) if allowed else "(none)"
    return f"unknown {what} `{name}`{hint}; use one of: {listed}"
