"""Case -> DataFrames, checked on the small case with exact values."""

import pandas as pd

from explorer import tables
from explorer.load import load_case


def test_passages(small_case) -> None:
    case, _ = load_case(small_case)
    frame = tables.passages(case)
    assert list(frame["ref"]) == ["harvest#1", "harvest#2", "prestige#1", "prestige#2"]
    assert frame.loc[0, ["start", "end"]].tolist() == [0, 27]


def test_bearings_expand_bears_on(small_case) -> None:
    case, _ = load_case(small_case)
    frame = tables.bearings(case)
    assert frame[["ref", "thesis", "stance", "strength"]].values.tolist() == [
        ["harvest#1", "harvest", "supports", 2],
        ["harvest#2", "harvest", "disputes", 1],
        ["harvest#2", "prestige", "qualifies", 1],
        ["prestige#1", "prestige", "supports", 3],
        ["prestige#1", "harvest", "disputes", 1],
        ["prestige#2", "prestige", "qualifies", 1],
    ]


def test_source_stances(small_case) -> None:
    case, _ = load_case(small_case)
    frame = tables.source_stances(case).set_index(["source", "thesis"])
    assert frame.loc[("beta", "harvest")].tolist() == [0, 2, 0]  # supports, disputes, qualifies
    assert frame.loc[("beta", "prestige")].tolist() == [1, 0, 1]
    assert frame.loc[("gamma_book", "harvest")].tolist() == [0, 0, 0]
    assert len(frame) == 6  # 3 sources x 2 theses


def test_historian_views(small_case) -> None:
    case, _ = load_case(small_case)
    assert tables.historian_views(case).values.tolist() == [["Jane Doe", "harvest", "gamma_book"]]


def test_timeline_dates() -> None:
    assert tables.date_range("1964") == (pd.Timestamp("1964-01-01"), pd.Timestamp("1965-01-01"))
    assert tables.date_range("1964-10") == (pd.Timestamp("1964-10-01"), pd.Timestamp("1964-11-01"))
    assert tables.date_range("1964-10-14") == (pd.Timestamp("1964-10-14"), pd.Timestamp("1964-10-15"))


def test_contested(small_case) -> None:
    case, _ = load_case(small_case)
    frame = tables.contested(case)
    assert frame[["fact", "source", "says"]].values.tolist() == [
        ["harvest_size", "alpha", "It failed."], ["harvest_size", "beta", "It was fine."]]


def test_evidence_on_a_thesis_includes_bears_on(small_case) -> None:
    case, _ = load_case(small_case)
    frame = tables.evidence_on(case, "harvest")
    # supports first, then disputes (strongest first), then qualifies
    assert frame[["ref", "home", "stance", "strength"]].values.tolist() == [
        ["harvest#1", "harvest", "supports", 2],
        ["harvest#2", "harvest", "disputes", 1],
        ["prestige#1", "prestige", "disputes", 1],
    ]
    assert frame.loc[2, "quote"] == "Abroad, the retreat over Cuba was a humiliation."


def test_timeline_says_which_events_have_a_contested_fact(small_case) -> None:
    from conftest import write_case

    folder = write_case(small_case, {"timeline.yaml": (small_case / "timeline.yaml").read_text() + (
        "  - id: army_cuts\n    date: '1964-02'\n    title: The army is cut\n    source: alpha\n"
        "    quote: The army disliked the cuts.\n")})
    case, problems = load_case(folder)
    assert not problems
    frame = tables.timeline(case)
    assert frame[["id", "disputed", "question"]].values.tolist() == [
        ["bad_harvest", True, "Did the harvest fail?"], ["army_cuts", False, ""]]
    assert frame["disputed"].dtype == bool
