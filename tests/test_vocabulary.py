"""The vocabulary: every value a case file or a debate may use has its row, and every row its value."""

import re
from typing import get_args

import pytest

from explorer import model, vocabulary
from explorer.classroom import debate

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

# The values each pydantic Literal allows, beside the vocabulary table that describes them.
ENUMS = [
    ("stance", model.Stance, vocabulary.STANCES),
    ("scope", model.Scope, vocabulary.SCOPES),
    ("relation", model.Relation, vocabulary.RELATIONS),
    ("source kind", model.SourceKind, vocabulary.SOURCE_KINDS),
    ("defect kind", model.DefectKind, vocabulary.DEFECT_KINDS),
]


@pytest.mark.parametrize(("what", "literal", "table"), ENUMS, ids=[what for what, _, _ in ENUMS])
def test_every_allowed_value_has_a_row_and_every_row_a_value(what, literal, table) -> None:
    allowed = get_args(literal)
    assert allowed, f"{what}: no values"
    assert len(set(allowed)) == len(allowed), f"{what}: a value twice"
    assert set(allowed) == set(table), f"{what}: the model and the vocabulary differ"


def test_debate_phases_are_the_vocabulary_phases() -> None:
    assert debate.PHASES == tuple(vocabulary.PHASES)
    assert set(debate.State().phases) == set(vocabulary.PHASES)
    assert debate.PHASE_NAMES == vocabulary.PHASES


def test_strengths_are_exactly_one_to_three_as_the_model_allows() -> None:
    field = next(m for m in get_args(model.Strength)[1:] if hasattr(m, "metadata"))
    bounds = {type(m).__name__: m for m in field.metadata}
    allowed = range(bounds["Ge"].ge, bounds["Le"].le + 1)
    assert list(allowed) == [1, 2, 3]
    assert list(vocabulary.STRENGTHS) == list(allowed)
    assert list(vocabulary.DEFAULT_POINTS) == list(allowed)


def test_a_background_passage_counts_for_nothing_by_default() -> None:
    assert vocabulary.STRENGTHS[1].label == "background"
    assert vocabulary.STRENGTHS[1].points == 0
    assert vocabulary.DEFAULT_POINTS[1] == 0
    assert not vocabulary.STRENGTHS[1].substantive
    assert all(s.substantive and s.points > 0 for level, s in vocabulary.STRENGTHS.items() if level > 1)


def test_strength_names_and_levels_agree() -> None:
    names = [s.name for s in vocabulary.STRENGTHS.values()]
    assert len(set(names)) == len(names)
    for level, strength in vocabulary.STRENGTHS.items():
        assert vocabulary.STRENGTH_LEVELS[strength.name] == level
        assert vocabulary.STRENGTH_LEVELS[str(level)] == level
        assert vocabulary.STRENGTH_NAMES[level] == strength.name


def test_a_qualification_counts_half_and_every_other_stance_in_full() -> None:
    counts = {name: stance.counts for name, stance in vocabulary.STANCES.items()}
    assert counts == {name: 0.5 if name == "qualifies" else 1.0 for name in vocabulary.STANCES}
    assert vocabulary.STANCES["qualifies"].counts == 0.5


def test_disputes_and_qualifies_count_against_and_have_their_ach_value() -> None:
    against = {name for name, stance in vocabulary.STANCES.items() if stance.against}
    assert against == {"disputes", "qualifies"}
    achs = [stance.ach for stance in vocabulary.STANCES.values()]
    assert len(set(achs)) == len(achs)  # the matrix reads a stance back from its value
    assert all((stance.ach < 0) == stance.against for stance in vocabulary.STANCES.values())


def test_every_colour_is_rrggbb() -> None:
    colours = [s.colour for s in vocabulary.STANCES.values()] + [c.colour for c in vocabulary.CRITERIA_TABLE.values()]
    assert colours
    assert [c for c in colours if not COLOUR.match(c)] == []


def _labels() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    rows += [(f"source kind {k}", v.label) for k, v in vocabulary.SOURCE_KINDS.items()]
    rows += [(f"defect kind {k}", v.label) for k, v in vocabulary.DEFECT_KINDS.items()]
    rows += [(f"strength {k}", v.label) for k, v in vocabulary.STRENGTHS.items()]
    rows += [(f"strength {k} name", v.name) for k, v in vocabulary.STRENGTHS.items()]
    rows += [(f"stance {k}", v.label) for k, v in vocabulary.STANCES.items()]
    rows += [(f"stance {k} heading", v.heading) for k, v in vocabulary.STANCES.items()]
    rows += [(f"criterion {k}", v.label) for k, v in vocabulary.CRITERIA_TABLE.items()]
    rows += [(f"criterion {k} description", v.description) for k, v in vocabulary.CRITERIA_TABLE.items()]
    rows += [(f"scope {k}", v) for k, v in vocabulary.SCOPES.items()]
    rows += [(f"relation {k}", v.label) for k, v in vocabulary.RELATIONS.items()]
    rows += [(f"relation {k} sentence", v.sentence) for k, v in vocabulary.RELATIONS.items()]
    rows += [(f"model {k}", v.label) for k, v in vocabulary.MODELS.items()]
    rows += [(f"phase {k}", v) for k, v in vocabulary.PHASES.items()]
    rows += [(f"robustness {k}", v.label) for k, v in vocabulary.ROBUSTNESS.items()]
    return rows


def test_every_label_is_written() -> None:
    assert [what for what, label in _labels() if not label.strip()] == []


def test_every_source_kind_has_its_citation_types_and_trust() -> None:
    for name, kind in vocabulary.SOURCE_KINDS.items():
        assert kind.csl and kind.bibtex and kind.ris, name
        assert 0 < kind.base_trust <= 1, name
    for name, defect in vocabulary.DEFECT_KINDS.items():
        assert 0 < defect.penalty <= vocabulary.DEFECT_PENALTY_MAX, name


def test_criteria_and_their_defaults() -> None:
    assert vocabulary.CRITERIA == tuple(vocabulary.CRITERIA_TABLE)
    assert vocabulary.DEFAULT_WEIGHTS == {k: c.weight for k, c in vocabulary.CRITERIA_TABLE.items()}
    assert all(0 <= c.weight <= vocabulary.WEIGHT_MAX and c.full > 0 and c.sign in (1.0, -1.0)
               for c in vocabulary.CRITERIA_TABLE.values())


def test_the_values_a_synthetic_case_draws_from_are_in_the_vocabulary() -> None:
    from explorer import synthetic

    assert set(synthetic._STANCES) == set(vocabulary.STANCES)
    assert set(synthetic._SCOPES) <= set(vocabulary.SCOPES)
    assert set(synthetic._KINDS) <= set(vocabulary.SOURCE_KINDS)


def test_each_stance_is_explained_in_one_line() -> None:
    from explorer.vocabulary import stances_explained

    assert stances_explained() == (
        "supports: the passage backs the explanation up; disputes: the passage goes against the explanation; "
        "qualifies: the passage limits the explanation: true, but only in part (counts half against it).")


def test_what_puts_another_explanation_first_is_one_thing_so_that_puts_agrees() -> None:
    """The answer says "But <change> puts “X” first more often than the leader": each change is one noun phrase."""
    from explorer.vocabulary import ROBUSTNESS

    assert [k.change for k in ROBUSTNESS.values()] == [
        "a slightly different setting of the sliders", "a different choice of passages",
        "a slightly different reading of the evidence"]
