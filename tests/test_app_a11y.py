"""AppTest: what the pages say beside their charts: the timeline's notes on contested events, the thesis page's
figures, and a table of the same numbers beside every chart."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import write_case
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

TWO_EVENTS = textwrap.dedent("""\
    events:
      - id: bad_harvest
        date: "1963"
        title: The harvest fails
        source: alpha
        quote: The harvest of 1963 failed.
        theses: [harvest]
        contested: harvest_size
      - id: army_cuts
        date: "1964-02"
        title: The army is cut
        source: alpha
        quote: The army disliked the cuts.
        theses: [harvest]
    """)


def app_for(folder: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("EXPLORER_CASE", str(folder))
    return AppTest.from_file(APP, default_timeout=60)


def test_only_an_event_with_a_contested_fact_says_the_sources_disagree(monkeypatch, tmp_path: Path) -> None:
    at = app_for(write_case(tmp_path / "case", {"timeline.yaml": TWO_EVENTS}), monkeypatch).run()
    at.switch_page("explorer/ui/pages/timeline.py").run()
    assert not at.exception
    notes = [c.value for c in at.caption if " · bears on: " in c.value]
    assert notes == [
        "Alpha · bears on: The harvest · the sources disagree about this (“Did the harvest fail?”): see Contested "
        "facts",
        "Alpha · bears on: The harvest",
    ]
