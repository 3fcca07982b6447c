"""Charts: each is valid plotly (validated once here, not at every rerun) and shows the expected numbers."""

import itertools

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
    assert names[:5] == ["Passages for it (support)", "Sources that agree (corroboration)",
                         "Historians who argue it (scholarly backing)", "Passages against it (contestation)", "Score"]
    # each title above its bar: a line of 20 px, 2 px, the bar's 22 px, 10 px to the next title
    assert fig["layout"]["annotations"] == [{"text": "1. The harvest", "y": 0}, {"text": "2. Lost prestige", "y": 54}]
    notes = fig["layout"]["template"]["layout"]["annotationdefaults"]  # what every title shares, said once
    assert (notes["xref"], notes["x"], notes["xanchor"], notes["yref"], notes["yanchor"]) == ("paper", 0, "left", "y",
                                                                                             "top")
    assert fig["data"][0]["y"] == [33, 87] and fig["data"][0]["customdata"] == ["1. The harvest", "2. Lost prestige"]
    assert fig["layout"]["yaxis"]["range"] == [108, 0] and fig["layout"]["yaxis"]["showticklabels"] is False
    assert fig["data"][-1]["text"][0] == f"  = {t['ranking']['score'].iloc[0]:.2f}"


def test_shares_label_each_bar(weighed) -> None:
    case, t = weighed
    fig = valid(charts.shares(t["ranking"], charts.thesis_colours(list(case.theses))))
    assert fig["data"][0]["text"] == [f"{s:.0%}" for s in t["ranking"]["share"]]
    assert [a["text"] for a in fig["layout"]["annotations"]] == list(t["ranking"]["title"])  # above their bars
    assert fig["data"][0]["y"] == [33, 87] and fig["layout"]["xaxis"]["title"]["text"] == "Share of the evidence"


def test_rank_interval_by_hand() -> None:
    # shares of samples at ranks 1..4: 3% first, 60% second, 30% third, 7% fourth
    # cumulative 0.03, 0.63, 0.93, 1.0: the 5th percentile falls at rank 2, the 95th at rank 4; mode rank 2
    assert charts.rank_interval(pd.Series([0.03, 0.60, 0.30, 0.07])) == (2, 4, 2)
    assert charts.rank_interval(pd.Series([1.0, 0.0])) == (1, 1, 1)


def test_robustness_charts(weighed) -> None:
    case, t = weighed
    ranges = valid(charts.rank_ranges(t["rank_distribution"], t["ranking"], charts.thesis_colours(list(case.theses))))
    firsts = [f"first in {tables.percent(p)}" for p in t["ranking"]["p_first"]]
    assert [a["text"] for a in ranges["layout"]["annotations"]] == [
        f"{title} ({first})" for title, first in zip(t["ranking"]["title"], firsts)]
    assert ranges["data"][0]["y"] == [33, 87] and ranges["layout"]["xaxis"]["range"] == [0.5, 2.5]
    heat = valid(charts.rank_heatmap(t["rank_distribution"], t["ranking"]))["data"][0]
    # a blank band for each title, then the row of its cells: edges at 0, 22 | 22, 54 | 54, 76 | 76, 108
    assert heat["y"] == [0, 22, 54, 76, 108]
    shares = (t["rank_distribution"].loc[t["ranking"].index].to_numpy() * 100).round(1).tolist()
    assert heat["z"] == [[None, None], shares[0], [None, None], shares[1]]
    assert heat["text"][0] == ["", ""] and heat["text"][1] == [f"{v:.0f}%" if v >= 0.5 else "" for v in shares[0]]


def test_ach_heatmap_blank_where_not_assessed(small_case) -> None:
    case, _ = load_case(small_case)
    matrix = weigh.ach_matrix(case)
    fig = valid(charts.ach_heatmap(matrix, tables.passage_names(case, list(matrix.index)),
                                   {t: c.title for t, c in case.theses.items()}))
    trace = fig["data"][0]
    assert trace["z"][0] == [1.0, None]  # harvest#1 supports harvest, says nothing about prestige
    assert trace["text"][0] == ["+", ""] and trace["text"][1] == ["−", "~"]  # marks, so that it reads without colour
    assert trace["showscale"] is False
    assert trace["customdata"][0][0] == ("<b>Alpha</b><br>The harvest of 1963 failed.<br>On <b>The harvest</b>: "
                                         "supports")
    assert trace["customdata"][0][1].endswith("On <b>Lost prestige</b>: says nothing about it")


def test_the_matrix_names_passages_by_their_words_and_columns_by_their_titles(small_case) -> None:
    case, _ = load_case(small_case)
    matrix = weigh.ach_matrix(case)
    fig = valid(charts.ach_heatmap(matrix, tables.passage_names(case, list(matrix.index)),
                                   {t: c.title for t, c in case.theses.items()}))
    yaxis = fig["layout"]["yaxis"]
    assert fig["data"][0]["y"] == yaxis["tickvals"] == [0, 1, 2, 3]  # two passages alike would stay two rows
    assert yaxis["ticktext"] == ["“The harvest of 1963 failed.”<br><i>Alpha</i>",
                                 "“At home, the harvest was fine.”<br><i>Beta</i>",
                                 "“Abroad, the retreat over Cuba was a …”<br><i>Beta</i>",
                                 "“Critics said the “bold schemes” of the …”<br><i>Alpha</i>"]
    assert fig["data"][0]["x"] == ["The<br>harvest", "Lost<br>prestige"]  # the titles, whole, on two lines
    assert "#" not in " ".join(yaxis["ticktext"] + fig["data"][0]["x"])
    assert fig["layout"]["xaxis"]["tickangle"] == -90 and fig["layout"]["xaxis"]["side"] == "top"


def test_two_lines_and_clip() -> None:
    assert charts.two_lines("Setbacks abroad and the loss of prestige, Cuba above all") == (
        "Setbacks abroad and the loss<br>of prestige, Cuba above all")  # 28 and 27 characters
    assert charts.two_lines("China") == "China"
    assert charts.two_lines("A <b> & c") == "A &lt;b&gt;<br>&amp; c"
    assert charts.clip("one two three four", 12) == "one two …"
    assert charts.clip("  one   two ", 12) == "one two"
    assert charts.clip("“one two three four”", 12) == "“one two …”"  # a quotation keeps its closing mark


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


def test_date_ticks_stand_upright_and_are_few() -> None:
    ts = pd.Timestamp
    # the Khrushchev case's axis: 1952 to 1972, every second year
    ticks = charts.date_ticks(ts("1952-04-02"), ts("1972-06-10"))
    assert [label for _, label in ticks] == [str(y) for y in range(1954, 1973, 2)]
    assert ticks[0][0] == ts("1954-01-01")
    # one year of 1914: every month, the year on the first tick only
    assert [label for _, label in charts.date_ticks(ts("1914-06-10"), ts("1914-12-20"))] == [
        "Jul 1914", "Aug", "Sep", "Oct", "Nov", "Dec"]
    # four years: every six months, the year on each January
    assert [label for _, label in charts.date_ticks(ts("1914-06-01"), ts("1918-11-20"))] == [
        "Jul 1914", "1915", "Jul", "1916", "Jul", "1917", "Jul", "1918", "Jul"]
    # a century: every twenty years
    assert [label for _, label in charts.date_ticks(ts("1900-01-01"), ts("2000-01-01"))] == [
        "1900", "1920", "1940", "1960", "1980", "2000"]


def test_spread_stacks_points_that_would_hide_each_other() -> None:
    ts = pd.Timestamp
    days = pd.Timedelta(days=40)
    starts = [ts("1914-08-01"), ts("1914-08-01"), ts("1914-08-04"), ts("1914-08-23"), ts("1914-11-01")]
    assert charts.spread(starts, days) == [0, 1, -1, 2, 0]  # November is far enough from August to sit on the line
    assert charts.spread([ts("1914-08-01"), ts("1914-09-15"), ts("1914-10-30")], days) == [0, 0, 0]
    assert charts.spread([], days) == []


def crowded_case(tmp_path):
    from crowded import write_crowded_case

    case, problems = load_case(write_crowded_case(tmp_path / "crowded"))
    assert not problems
    return case


def test_timeline_gives_each_event_of_the_same_month_its_own_spot(tmp_path) -> None:
    case = crowded_case(tmp_path)
    titles = {t: c.title for t, c in case.theses.items()}
    fig = valid(charts.timeline(tables.timeline(case), titles, charts.thesis_colours(list(case.theses))))
    harvest = next(t for t in fig["data"] if t["name"] == titles["harvest"])
    assert len(harvest["y"]) == 7  # Sarajevo and six events of August 1914
    ys = sorted(harvest["y"])
    assert all(b - a >= charts.SLOT_PX for a, b in itertools.pairwise(ys))  # one marker's height apart, at least
    xaxis = fig["layout"]["xaxis"]
    assert xaxis["tickangle"] == 0 and len(xaxis["tickvals"]) <= charts.TICKS_MOST
    assert xaxis["ticktext"][:3] == ["Jul 1914", "1915", "Jul"]
    # each lane is as tall as its label or its stack: the lanes' ticks are far enough apart for both
    yaxis = fig["layout"]["yaxis"]
    assert [label.count("<br>") + 1 for label in yaxis["ticktext"]] == [3, 3, 3, 3, 1]
    # lanes of a three-line label take 3 x 20 + 14 = 74 px, the harvest's stack of seven 7 x 20 + 14 = 154 px,
    # the one-line lane of events linked to no thesis 34 px; each label sits in the middle of its lane
    assert yaxis["tickvals"] == [37, 151, 265, 339, 393]
    assert yaxis["range"] == [410, 0]


def test_score_parts_rows_are_as_tall_as_their_titles(tmp_path) -> None:
    """Titles of two lines (tests/crowded.py) stand above their bars, each row as tall as its title and its bar."""
    case = crowded_case(tmp_path)
    t = weigh.weigh(case, samples=0).tables()
    fig = valid(charts.score_parts(t["ranking"], t["parts"]))
    titles = fig["layout"]["annotations"]
    assert [title["text"].count("<br>") + 1 for title in titles] == [2, 2, 2, 2]
    assert max(len(line) for title in titles for line in title["text"].split("<br>")) <= charts.TITLE_WIDTH
    row = 2 * charts.LINE_PX + 2 + 22 + 10  # the title, 2 px, the bar, 10 px
    assert [title["y"] for title in titles] == [0, row, 2 * row, 3 * row]
    assert fig["data"][0]["y"] == [2 * charts.LINE_PX + 2 + 11 + i * row for i in range(4)]  # each bar under its title
    layout = fig["layout"]
    assert layout["height"] - layout["margin"]["t"] - layout["margin"]["b"] == 4 * row
    assert layout["legend"]["orientation"] == "v" and layout["margin"]["t"] >= 5 * charts.LEGEND_ROW_PX


def test_a_vote_axis_has_whole_numbers_only() -> None:
    """Votes and students are whole: a tick every 1, 2, 5, 10... from 0, at most eight, never half a vote."""
    from explorer.charts import poll_results, whole_ticks

    assert [whole_ticks(top)["dtick"] for top in (0, 3, 8, 9, 16, 17, 40, 41, 100, 1000)] == [1, 1, 1, 2, 2, 5, 5, 10,
                                                                                                20, 200]
    axis = poll_results({"before": {"a": 1.0, "b": 2.0}}, {"a": "A", "b": "B"}, "votes").layout.xaxis
    assert (axis.tick0, axis.dtick, axis.tickformat) == (0, 1, "d")
    points = poll_results({"before": {"a": 33.5}}, {"a": "A"}, "average points").layout.xaxis
    assert points.dtick is None


def test_a_timeline_of_the_fifth_century_is_drawn(tmp_path) -> None:
    """Years before 1000 are written as a reader writes them ('455'), kept with four digits, and drawn."""
    from conftest import write_case

    folder = write_case(tmp_path / "early", {"timeline.yaml": """\
        events:
          - id: sack
            date: "455"
            title: The harvest fails
            source: alpha
            quote: The harvest of 1963 failed.
            theses: [harvest]
          - id: deposed
            date: 476-09
            title: The army dislikes the cuts
            source: alpha
            quote: The army disliked the cuts.
        """, "contested.yaml": "contested: []\n"})
    case, problems = load_case(folder)
    assert not problems
    assert [e.date for e in case.events] == ["0455", "0476-09"]
    events = tables.timeline(case)
    assert list(events["start"]) == [pd.Timestamp(year=455, month=1, day=1), pd.Timestamp(year=476, month=9, day=1)]
    fig = valid(charts.timeline(events, {"harvest": "Harvest"}, {"harvest": "#0072B2"}))
    assert fig["data"][0]["x"] == ["0455-01-01T00:00:00"]
    assert fig["layout"]["xaxis"]["ticktext"][:2] == ["455", "460"]
