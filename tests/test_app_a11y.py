"""AppTest: what the pages say beside their charts: the timeline's notes on contested events, the thesis page's
figures, and a table of the same numbers beside every chart."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import FILES, write_case
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

TWO_EVENTS = textwrap.dedent(FILES["timeline.yaml"]) + (  # the small case's event, and one more
    "  - id: army_cuts\n"
    '    date: "1964-02"\n'
    "    title: The army is cut\n"
    "    source: alpha\n"
    "    quote: The army disliked the cuts.\n"
    "    theses: [harvest]\n")


def app_for(folder: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("EXPLORER_CASE", str(folder))
    return AppTest.from_file(APP, default_timeout=60)


def test_only_an_event_with_a_contested_fact_says_the_sources_disagree(monkeypatch, tmp_path: Path) -> None:
    at = app_for(write_case(tmp_path / "case", {"timeline.yaml": TWO_EVENTS}), monkeypatch).run()
    at.switch_page("explorer/ui/pages/timeline.py").run()
    assert not at.exception
    notes = [c.value for c in at.caption if " · bears on: " in c.value]
    assert notes == [
        ("Alpha · bears on: The harvest · the sources disagree about this (“Did the harvest fail?”): see Contested "
         "facts"),
        "Alpha · bears on: The harvest",
    ]


def table_beside(at: AppTest, n: int):
    """The table of the n-th "Show as a table" expander on the page."""
    expanders = [e for e in at.expander if e.label == "Show as a table"]
    return expanders[n].dataframe[0].value


def chart_spec(at: AppTest, n: int) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[n].proto.spec)


def test_every_chart_has_its_numbers_as_a_table(monkeypatch) -> None:
    at = app_for(ROOT / "claims", monkeypatch).run()
    # Compare: the ranking and the shares each with an expander; the rank ranges and the heatmap of every place in
    # an expander of their own, each table after its chart
    assert len(at.get("plotly_chart")) == 4
    assert [e.label for e in at.expander].count("Show as a table") == 2
    parts, spec = table_beside(at, 0), chart_spec(at, 0)
    assert list(parts.columns) == ["Rank", "Explanation", "For it", "Sources agree", "Historians", "Against it",
                                   "Score"]
    support = next(t for t in spec["data"] if t.get("name") == "Passages for it (support)")
    assert parts["For it"].tolist() == [round(x, 2) for x in support["x"]]
    assert parts["Explanation"].iloc[0] == "Setbacks abroad and the loss of prestige, Cuba above all"
    shares, spec = table_beside(at, 1), chart_spec(at, 1)
    assert shares["Share of the evidence (%)"].tolist() == [round(x, 1) for x in spec["data"][0]["x"]]
    places = next(e for e in at.expander if e.label.startswith("The places each explanation takes"))
    ranges, every = (d.value for d in places.dataframe)
    assert ranges.iloc[0].tolist() == ["Setbacks abroad and the loss of prestige, Cuba above all", 1, 2, 1, "78%"]
    # a place for each of the 11 explanations of the main question (how it could be peaceful is ranked apart)
    assert list(every.columns) == ["Explanation", "1st", "2nd", "3rd"] + [f"{r}th" for r in range(4, 12)]

    at.switch_page("explorer/ui/pages/timeline.py").run()
    events = table_beside(at, 0)
    assert len(events) == 45 and list(events.columns) == ["Date", "Event", "Bears on", "Source", "Disputed"]
    assert events.iloc[0].tolist() == [
        "1953", "Beria removed from power by his colleagues, later tried and shot",
        "Restoring collective leadership against one-man rule; The end of terror made a peaceful removal possible",
        "Why was Nikita Khrushchev deposed as the leader of the USSR", ""]

    at.switch_page("explorer/ui/pages/matrix.py").run()
    ach = table_beside(at, 0)  # a row for each passage shown (the 40 that tell the explanations apart most) and
    # each explanation it bears on
    assert ach["Passage"].nunique() == 40 and list(ach.columns) == ["Passage", "Explanation", "What it does"]
    at.switch_page("explorer/ui/pages/sources.py").run()
    assert len(at.get("plotly_chart")) == [e.label for e in at.expander].count("Show as a table") == 2
    assert list(table_beside(at, 1).columns) == ["Historian", "Explanation", "According to"]
