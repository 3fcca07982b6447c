"""The historians of a case: ordered by when they wrote, each view with its source, opposition only where the
case records the explanations as competing, and said to be the case's reading."""

from __future__ import annotations

from pathlib import Path

from explorer import historiography
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent

RIVAL = """\
  - id: roe
    name: Richard Roe
    views:
      - summary: Blames Cuba.
        source: beta
        quote: the retreat over Cuba was a humiliation
        thesis: prestige
  - id: ames
    name: Ann Ames
    works: [gamma_book]
"""


def test_a_historian_with_a_view_a_work_and_a_backing(small_case: Path) -> None:
    case, _ = load_case(small_case)
    [doe] = historiography.profiles(case)
    assert (doe.name, doe.year) == ("Jane Doe", 1990)
    assert doe.works == (historiography.Work("gamma_book", "Gamma", 1990, False),)
    assert doe.views == (historiography.Reported("Blames the harvest.", "alpha", "Alpha", "The harvest of 1963 failed.",
                                                 (0, 27), "harvest"),)
    assert doe.backs == (historiography.Backing("harvest", "gamma_book", "Gamma"),)
    assert doe.opposed == ()
    assert doe.backed == (("harvest", "Gamma"),)


def test_opposition_only_where_the_case_records_competing_explanations(small_case: Path) -> None:
    path = small_case / "historians.yaml"
    path.write_text(path.read_text() + RIVAL)
    case, problems = load_case(small_case)
    assert problems == []
    found = {p.id: p for p in historiography.profiles(case)}
    assert [p.id for p in historiography.profiles(case)] == ["ames", "doe", "roe"]  # 1990, 1990, then undated
    assert found["doe"].opposed == (historiography.Opposed("roe", "harvest", "prestige", "Gamma", "Beta"),)
    assert found["roe"].opposed == (historiography.Opposed("doe", "prestige", "harvest", "Beta", "Gamma"),)
    assert found["ames"].opposed == ()  # a work, but no explanation attributed: nobody to be opposed to
    names = {h: case.historians[h].name for h in case.historians}
    titles = {t: case.theses[t].title for t in case.theses}
    assert historiography.opposition_sentence(found["doe"], found["doe"].opposed[0], names, titles) == (
        "Jane Doe backs “The harvest” (according to Gamma), and Richard Roe backs “Lost prestige” (according to "
        "Beta). This case treats these two explanations as rivals; whether the two historians "
        "answered each other, no source here says.")


def test_no_opposition_without_a_competing_link(small_case: Path) -> None:
    path = small_case / "historians.yaml"
    path.write_text(path.read_text() + RIVAL)
    harvest = small_case / "theses" / "harvest.yaml"
    harvest.write_text(harvest.read_text().replace("relation: competes_with", "relation: reinforces"))
    case, _ = load_case(small_case)
    assert all(p.opposed == () for p in historiography.profiles(case))


def test_every_view_in_the_default_case_names_its_source() -> None:
    case, _ = load_case(ROOT / "claims")
    found = historiography.profiles(case)
    assert {p.id for p in found} == set(case.historians)
    years = [p.year for p in found if p.year is not None]
    assert years == sorted(years) and found[-1].year is None  # dated first, in order; the undated after
    for profile in found:
        for view in profile.views:
            assert view.source in case.sources and view.source_title == case.sources[view.source].title
            if view.quote:
                assert view.quote == case.words(view.source, view.span, "")


def test_the_reader_names_each_passage_and_view_by_its_words(small_case: Path) -> None:
    case, _ = load_case(small_case)
    titles = {t: case.theses[t].title for t in case.theses}
    names = historiography.reader_names(case, "alpha", titles)
    assert list(names) == ["harvest#1", "prestige#2", "doe@1"]  # the passages, then the views the source quotes
    assert names["harvest#1"] == historiography.ReaderName(
        "“The harvest of 1963 failed.”: supports “The harvest”", "“The harvest of 1963 failed.”: supports “The harvest”",
        "“The harvest of 1963 failed.”: recorded under “The harvest”, which it supports (relevant). The failure "
        "itself.")
    assert names["doe@1"] == historiography.ReaderName(
        "What this source says Jane Doe argues: “The harvest of 1963 failed.”",
        "What this source says Jane Doe argues", "What this source says Jane Doe argues: Blames the harvest.")
    beta = historiography.reader_names(case, "beta", titles)
    assert beta["harvest#2"].label == "“At home, the harvest was fine.”: disputes “The harvest”; qualifies “Lost prestige”"
    assert beta["harvest#2"].about.endswith("which it disputes (background). Says the opposite.")
    shown = [text for name in [*names.values(), *beta.values()] for text in (name.label, name.hover, name.about)]
    assert not [text for text in shown if "#" in text or "@" in text]
