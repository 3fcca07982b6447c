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


# --- the charts' numbers as tables -------------------------------------------------------------------------------


def weighed_small(small_case):
    from explorer import weigh

    case, _ = load_case(small_case)
    return case, weigh.weigh(case, samples=500, seed=1).tables(), {t: c.title for t, c in case.theses.items()}


def test_score_parts_and_shares_tables(small_case) -> None:
    _, t, _ = weighed_small(small_case)
    frame = tables.score_parts_table(t["ranking"], t["parts"])
    assert list(frame.columns) == ["Rank", "Explanation", "Support", "Corroboration", "Scholarly backing",
                                   "Contestation (against)", "Score"]
    assert frame[["Rank", "Explanation"]].values.tolist() == [[1, "The harvest"], [2, "Lost prestige"]]
    assert frame["Support"].tolist() == t["parts"].loc[["harvest", "prestige"], "support"].round(2).tolist()
    assert frame["Score"].tolist() == t["ranking"]["score"].round(2).tolist()
    assert frame["Scholarly backing"].tolist()[1] == 0.0  # no historian argues the prestige thesis
    shares = tables.shares_table(t["ranking"])
    assert shares["Explanation"].tolist() == ["The harvest", "Lost prestige"]
    assert shares["Share of the explanation (%)"].sum() == 100.0


def test_rank_tables(small_case) -> None:
    _, t, _ = weighed_small(small_case)
    # on the small case the harvest comes first in every sample of settings redrawn
    assert tables.rank_ranges_table(t["rank_distribution"], t["ranking"]).values.tolist() == [
        ["The harvest", 1, 1, 1, "100%"], ["Lost prestige", 2, 2, 2, "0%"]]
    assert tables.rank_heatmap_table(t["rank_distribution"], t["ranking"]).values.tolist() == [
        ["The harvest", 100.0, 0.0], ["Lost prestige", 0.0, 100.0]]
    assert tables.percent(0.004) == "under 1%" and tables.percent(0.0) == "0%" and tables.percent(0.666) == "67%"


def test_ach_table_says_each_stance_in_words(small_case) -> None:
    from explorer import weigh

    case, _, titles = weighed_small(small_case)
    frame = tables.ach_table(weigh.ach_matrix(case), titles)
    assert list(frame.columns) == ["Passage", "The harvest", "Lost prestige"]
    assert frame.values.tolist() == [["harvest#1", "supports", ""], ["harvest#2", "disputes", "qualifies"],
                                     ["prestige#1", "disputes", "supports"], ["prestige#2", "", "qualifies"]]


def test_source_historian_and_timeline_tables(small_case) -> None:
    case, _, titles = weighed_small(small_case)
    counts = tables.source_stances(case)
    profile = tables.source_profile_table(counts[counts["source"] == "beta"], titles)
    assert list(profile.columns) == ["Explanation", "Passages: supports", "Passages: qualifies", "Passages: disputes"]
    assert profile.values.tolist() == [["The harvest", 0, 0, 2], ["Lost prestige", 1, 1, 0]]
    sources = {s: v.title for s, v in case.sources.items()}
    assert tables.who_argues_what_table(tables.historian_views(case), titles, sources).values.tolist() == [
        ["Jane Doe", "The harvest", "Gamma"]]
    assert tables.timeline_table(tables.timeline(case), titles, sources).values.tolist() == [
        ["1963", "The harvest fails", "The harvest", "Alpha", "Did the harvest fail?"]]
