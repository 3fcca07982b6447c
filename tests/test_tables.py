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
    assert list(frame.columns) == ["Rank", "Explanation", "For it", "Sources agree", "Historians", "Against it",
                                   "Score"]
    assert frame.attrs["help"]["Sources agree"] == ("Sources that agree (corroboration): how many different trusted "
                                                    "sources make a point for it")
    assert frame[["Rank", "Explanation"]].values.tolist() == [[1, "The harvest"], [2, "Lost prestige"]]
    assert frame["For it"].tolist() == (
        t["parts"].loc[["harvest", "prestige"], "support"].round(2).tolist())
    assert frame["Score"].tolist() == t["ranking"]["score"].round(2).tolist()
    assert frame["Historians"].tolist()[1] == 0.0  # no historian argues prestige
    shares = tables.shares_table(t["ranking"])
    assert shares["Explanation"].tolist() == ["The harvest", "Lost prestige"]
    assert shares["Share of the evidence (%)"].sum() == 100.0


def test_rank_tables(small_case) -> None:
    _, t, _ = weighed_small(small_case)
    # on the small case the harvest comes first in every sample of settings redrawn
    assert tables.rank_ranges_table(t["rank_distribution"], t["ranking"]).values.tolist() == [
        ["The harvest", 1, 1, 1, "100%"], ["Lost prestige", 2, 2, 2, "0%"]]
    places = tables.rank_heatmap_table(t["rank_distribution"], t["ranking"])
    assert places.values.tolist() == [["The harvest", 100.0, 0.0], ["Lost prestige", 0.0, 100.0]]
    assert list(places.columns) == ["Explanation", "1st", "2nd"]  # short heads: twelve places fit the page
    assert tables.percent(0.004) == "under 1%" and tables.percent(0.0) == "0%" and tables.percent(0.666) == "67%"


def test_passages_are_named_by_their_words_and_source_never_their_reference(small_case) -> None:
    case, _ = load_case(small_case)
    names = tables.passage_names(case, ["harvest#1", "prestige#2"])
    assert names.loc["harvest#1"].tolist() == ["“The harvest of 1963 failed.” (Alpha)", "“The harvest of 1963 failed.”",
                                               "Alpha", "The harvest of 1963 failed."]
    assert names.at["prestige#2", "quote"] == "Critics said the “bold schemes” of the leader—all of them—had failed."
    assert "#" not in " ".join(names.to_numpy().ravel().astype(str))


def test_ach_table_says_each_stance_in_words(small_case) -> None:
    from explorer import weigh

    case, _, titles = weighed_small(small_case)
    matrix = weigh.ach_matrix(case)
    frame = tables.ach_table(matrix, tables.passage_names(case, list(matrix.index)), titles)
    assert list(frame.columns) == ["Passage", "Explanation", "What it does"]  # three columns: it fits the page
    assert frame.values.tolist() == [
        ["“The harvest of 1963 failed.” (Alpha)", "The harvest", "supports"],
        ["“At home, the harvest was fine.” (Beta)", "The harvest", "disputes"],
        ["“At home, the harvest was fine.” (Beta)", "Lost prestige", "qualifies"],
        ["“Abroad, the retreat over Cuba was a humiliation.” (Beta)", "The harvest", "disputes"],
        ["“Abroad, the retreat over Cuba was a humiliation.” (Beta)", "Lost prestige", "supports"],
        ["“Critics said the “bold schemes” of the leader—all of them—had …” (Alpha)", "Lost prestige",
         "qualifies"]]


def test_the_matrix_rows_by_source_stance_explanation_and_how_telling(small_case) -> None:
    from explorer import weigh

    case, _ = load_case(small_case)
    matrix = weigh.ach_matrix(case)
    sources = {e.ref: e.source for _, e in case.passages()}
    telling = pd.Series({"harvest#1": 0.25, "harvest#2": 1.0, "prestige#1": 1.0, "prestige#2": 0.25})
    assert tables.ach_rows(matrix, sources, telling) == ["harvest#2", "prestige#1", "harvest#1", "prestige#2"]
    assert tables.ach_rows(matrix, sources, telling, order="recorded") == list(matrix.index)
    assert tables.ach_rows(matrix, sources, telling, keep_sources=["alpha"]) == ["harvest#1", "prestige#2"]
    assert tables.ach_rows(matrix, sources, telling, stances=["qualifies"]) == ["harvest#2", "prestige#2"]
    assert tables.ach_rows(matrix, sources, telling, thesis="prestige") == ["harvest#2", "prestige#1", "prestige#2"]
    names = tables.passage_names(case, ["prestige#1"])
    listed = tables.matrix_passages_table(["prestige#1"], names, telling)
    assert listed.values.tolist() == [["Beta", 1.0, "Abroad, the retreat over Cuba was a humiliation."]]
    assert listed.attrs["help"]["Tells them apart"].startswith("How differently the passage bears on the explanations")


def test_every_table_fits_the_page(small_case) -> None:
    """Each table carries its columns' widths (shown by explorer.ui.widgets.chart), and they add up to no more
    than the page's column at 1280 px: no table scrolls sideways."""
    from explorer import weigh

    case, t, titles = weighed_small(small_case)
    matrix = weigh.ach_matrix(case)
    names = tables.passage_names(case, list(matrix.index))
    counts = tables.source_stances(case)
    sources = {s: v.title for s, v in case.sources.items()}
    twelve = pd.DataFrame([[1 / 12] * 12] * 2, index=t["ranking"].index, columns=range(1, 13))
    built = [tables.score_parts_table(t["ranking"], t["parts"]), tables.shares_table(t["ranking"]),
             tables.rank_ranges_table(t["rank_distribution"], t["ranking"]),
             tables.rank_heatmap_table(twelve, t["ranking"]), tables.ach_table(matrix, names, titles),
             tables.matrix_passages_table(list(matrix.index), names, pd.Series(dtype=float)),
             tables.source_profile_table(counts[counts["source"] == "beta"], titles),
             tables.who_argues_what_table(tables.historian_views(case), titles, sources),
             tables.timeline_table(tables.timeline(case), titles, sources)]
    for frame in built:
        widths = frame.attrs["widths"]
        assert list(widths) == list(frame.columns), list(frame.columns)
        assert sum(widths.values()) <= tables.FIT_PX, (list(frame.columns), sum(widths.values()))


def test_events_facts_and_counts(small_case) -> None:
    case, _ = load_case(small_case)
    events = tables.timeline(case)
    assert tables.events_of(events, "harvest")["id"].tolist() == ["bad_harvest"]
    assert tables.events_of(events, "prestige").empty and len(tables.events_of(events, None)) == 1
    assert [f.id for f in tables.facts_on(case)] == [f.id for f in tables.facts_on(case, "harvest")] == ["harvest_size"]
    assert tables.facts_on(case, "prestige") == []
    assert (tables.count(1, "event"), tables.count(0, "event"), tables.count(3, "question")) == (
        "1 event", "0 events", "3 questions")


def test_source_historian_and_timeline_tables(small_case) -> None:
    case, _, titles = weighed_small(small_case)
    counts = tables.source_stances(case)
    profile = tables.source_profile_table(counts[counts["source"] == "beta"], titles)
    assert list(profile.columns) == ["Explanation", "Supporting", "Qualifying", "Disputing"]
    assert profile.values.tolist() == [["The harvest", 0, 0, 2], ["Lost prestige", 1, 1, 0]]
    sources = {s: v.title for s, v in case.sources.items()}
    assert tables.who_argues_what_table(tables.historian_views(case), titles, sources).values.tolist() == [
        ["Jane Doe", "The harvest", "Gamma"]]
    events = tables.timeline_table(tables.timeline(case), titles, sources)
    assert list(events.columns) == ["Date", "Event", "Bears on", "Source", "Disputed"]
    assert events.values.tolist() == [["1963", "The harvest fails", "The harvest", "Alpha", "Did the harvest fail?"]]
    assert events.attrs["help"]["Disputed"].startswith("What the sources disagree on about it")


def test_the_robustness_table_shows_each_share_as_a_whole_per_cent_with_its_bar() -> None:
    ranking = pd.DataFrame({"title": ["A *bold* claim", "Quiet"], "score": [0.6, 0.4],
                            "p_first": [0.776, 0.224], "p_first_evidence": [0.515, 0.004],
                            "p_first_coding": [1.0, 0.0]}, index=["a", "b"])
    frame = tables.robustness_table(ranking)
    assert list(frame.columns) == ["Explanation", "Sliders moved at random", "Passages left out or doubled",
                                   "Read differently"]
    assert frame.to_numpy().tolist() == [["A *bold* claim", 0.776, 0.515, 1.0], ["Quiet", 0.224, 0.004, 0.0]]
    styled = tables.robustness_shown(frame, lambda t: t.replace("*", "\\*"))
    body = styled._translate(False, False)["body"]  # what a static table shows: the display values
    assert [[cell["display_value"] for cell in row if cell["type"] == "td"] for row in body] == [
        ["A \\*bold\\* claim", "78%", "52%", "100%"], ["Quiet", "22%", "0%", "0%"]]
    bar = "linear-gradient(90deg, #9ecae1 {0}, transparent {0}) no-repeat left center / 100% 1.6em"
    styles = dict(tables.robustness_shown(frame)._compute().ctx)  # each cell's CSS
    assert styles[(0, 1)] == [("background", bar.format("77.6%"))]
    assert styles[(0, 3)] == [("background", bar.format("100.0%"))]
    assert styles[(1, 3)] == [("background", bar.format("0.0%"))]
    assert (0, 0) not in styles  # the titles have no bar
