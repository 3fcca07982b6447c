"""AppTest: every page renders on the default case, on a small case, on a broken one and on no case."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def app_for(folder: Path | str, monkeypatch) -> AppTest:
    monkeypatch.setenv("EXPLORER_CASE", str(folder))
    return AppTest.from_file(APP, default_timeout=30)


def test_default_case_home_page(monkeypatch) -> None:
    at = app_for(ROOT / "claims", monkeypatch).run()
    assert not at.exception
    assert at.title[0].value == "The fall of Khrushchev, October 1964"
    assert at.subheader[0].value == "Why was Khrushchev removed in October 1964?"


def test_small_case_pages(monkeypatch, small_case: Path) -> None:
    at = app_for(small_case, monkeypatch).run()
    assert not at.exception
    assert at.title[0].value == "A small case"
    assert [m.value for m in at.metric] == ["2", "4", "3", "1"]
    assert not at.error
    at.switch_page("explorer/ui/pages/problems.py").run()
    assert not at.exception
    assert at.success[0].value.startswith("No problems")


def test_broken_case_shows_banner_and_problems(monkeypatch, small_case: Path) -> None:
    (small_case / "theses" / "empty.yaml").write_text("")
    at = app_for(small_case, monkeypatch).run()
    assert not at.exception
    assert at.error[0].value == "This case has 1 error. What could be read is shown; see the Problems page."
    assert at.title[0].value == "A small case"  # the rest still works
    at.switch_page("explorer/ui/pages/problems.py").run()
    rows = at.dataframe[0].value
    assert list(rows["file"]) == ["theses/empty.yaml"]
    assert list(rows["problem"]) == ["file is empty"]


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_no_case_gets_a_clear_page(monkeypatch, tmp_path: Path, where: str) -> None:
    folder = tmp_path / "nowhere" if where == "missing" else tmp_path
    at = app_for(folder, monkeypatch).run()
    assert not at.exception
    assert at.title[0].value == "No case here"


def test_markup_in_case_text_stays_text(monkeypatch, small_case: Path) -> None:
    body = (small_case / "theses" / "harvest.yaml").read_text().replace(
        "title: The harvest", "title: \"<b>The</b> **harvest**\"")
    (small_case / "theses" / "harvest.yaml").write_text(body)
    at = app_for(small_case, monkeypatch).run()
    shown = [m.value for m in at.markdown if "harvest" in m.value]
    assert shown[0].startswith(r"**\<b\>The\</b\> \*\*harvest\*\***")
