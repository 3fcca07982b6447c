"""Charts: each is valid plotly (validated once here, not at every rerun) and shows the expected numbers."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from explorer import charts, tables, weigh
from explorer.load import load_case


@pytest.fixture
def weighed(small_case):
    case, _ = load_case(small_case)
    ranking = weigh.weigh(case, samples=500, seed=1)
    return case, ranking.tables()


def valid(fig: go.Figure) -> dict:
    """Plotly's own validation: raises on any unknown property or bad value."""
    return go.Figure(fig.to_dict()).to_dict()


def test_palette_is_distinct_and_apart_from_criteria_and_stances() -> None:
    assert len(set(charts.PALETTE)) == 12
    others = set(charts.CRITERION_COLOURS.values()) | set(charts.STANCE_COLOURS.values())
    assert not {c.upper() for c in charts.PALETTE} & {c.upper() for c in others}


def test_thesis_colours_follow_the_case_order_and_repeat_past_twelve() -> None:
    ids = [f"t{i}" for i in range(14)]
    colours = charts.thesis_colours(ids)
    assert colours["t0"] == "#332288" and colours["t12"] == colours["t0"] and colours["t13"] == colours["t1"]


def test_score_parts(weighed) -> None:
    _, t = weighed
    fig = valid(charts.score_parts(t["ranking"], t["parts"]))
    names = [trace.get("name") for trace in fig["data"]]
    assert names[:5] == ["Support", "Corroboration", "Scholarly backing", "Contestation (against)", "Score"]
    assert fig["data"][0]["y"][0] == "1. The harvest"
    assert fig["data"][-1]["text"][0] == f"  = {t['ranking']['score'].iloc[0]:.2f}"


def test_shares_label_each_bar(weighed) -> None:
    case, t = weighed
    fig = valid(charts.shares(t["ranking"], charts.thesis_colours(list(case.theses))))
    assert fig["data"][0]["text"] == [f"{s:.0%}" for s in t["ranking"]["share"]]


def test_rank_interval_by_hand() -> None:
    # shares of samples at ranks 1..4: 3% first, 60% second, 30% third, 7% fourth
    # cumulative 0.03, 0.63, 0.93, 1.0: the 5th percentile falls at rank 2, the 95th at rank 4; mode rank 2
    assert charts.rank_interval(pd.Series([0.03, 0.60, 0.30, 0.07])) == (2, 4, 2)
    assert charts.rank_interval(pd.Series([1.0, 0.0])) == (1, 1, 1)


def test_robustness_charts(weighed) -> None:
    case, t = weighed
    valid(charts.rank_ranges(t["rank_distribution"], t["ranking"], charts.thesis_colours(list(case.theses))))
    heat = valid(charts.rank_heatmap(t["rank_distribution"], t["ranking"]))
    assert len(heat["data"][0]["z"]) == 2


def test_ach_heatmap_blank_where_not_assessed(small_case) -> None:
    case, _ = load_case(small_case)
    matrix = weigh.ach_matrix(case)
    fig = valid(charts.ach_heatmap(matrix, {"harvest#1": "The harvest of 1963 failed."},
                                   {t: c.title for t, c in case.theses.items()}))
    z = fig["data"][0]["z"]
    assert z[0] == [1.0, None]  # harvest#1 supports harvest, says nothing about prestige
    assert "The harvest of 1963 failed." in fig["data"][0]["customdata"][0][0]


def test_source_profile_and_who_argues_what(small_case) -> None:
    case, _ = load_case(small_case)
    titles = {t: c.title for t, c in case.theses.items()}
    counts = tables.source_stances(case)
    fig = valid(charts.source_profile(counts[counts["source"] == "beta"], titles))
    supports, qualifies, disputes = fig["data"]
    assert (supports["x"], qualifies["x"], disputes["x"]) == ([0, 1], [0, -1], [-2, 0])
    valid(charts.who_argues_what(tables.historian_views(case), titles))


def test_timeline_greys_other_theses(small_case) -> None:
    case, _ = load_case(small_case)
    titles = {t: c.title for t, c in case.theses.items()}
    colours = charts.thesis_colours(list(case.theses))
    fig = valid(charts.timeline(tables.timeline(case), titles, colours, highlight="prestige"))
    assert fig["data"][0]["marker"]["color"] == "#d0d0d0"  # the harvest event, not highlighted
    assert fig["data"][0]["marker"]["symbol"] == ["diamond"]  # its date is contested
