"""Validation that helps a case's authors: optional files, warnings that do not fail, hints that say what
differs, line numbers at the field that is wrong."""

from __future__ import annotations

from pathlib import Path

from explorer.cli import main
from explorer.load import load_case
from explorer.quote import differences, said_differently


def test_optional_files_may_be_left_out(small_case: Path) -> None:
    for name in ("historians.yaml", "timeline.yaml", "contested.yaml"):
        (small_case / name).unlink()
    (small_case / "theses" / "harvest.yaml").write_text(
        (small_case / "theses" / "harvest.yaml").read_text().replace("proponents:\n  - historian: doe\n"
                                                                      "    source: gamma_book\n", ""))
    case, problems = load_case(small_case)
    assert [str(p) for p in problems] == []
    assert len(case.theses) == 2


def test_sources_yaml_is_required(small_case: Path) -> None:
    (small_case / "sources.yaml").unlink()
    _, problems = load_case(small_case)
    first = next(p for p in problems if p.file == "sources.yaml")
    assert (str(first), first.level) == (
        "sources.yaml:0: (file): sources.yaml is missing; add it, even as `sources: []`", "error")


def test_warnings_fail_validate_only_when_strict(capsys, small_case: Path) -> None:
    (small_case / "theses" / "prestige.yaml").rename(small_case / "theses" / "cuba.yaml")
    assert main(["validate", str(small_case)]) == 0
    assert main(["validate", str(small_case), "--strict"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"{small_case}: 2 theses, 4 passages, 1 warning"


def test_differences_say_what_differs() -> None:
    assert differences("some historians, such as fischer, argue", "some historians, such as Fischer, argue") == [
        'capital F in "Fischer"']
    assert differences("Such as Fischer argue", "such as Fischer argue") == ['small s in "such"']
    assert differences("had loss his battle of wits", "had lost his battle of wits") == [
        '"loss" where the source has "lost"']
    assert differences("had his battle", "had lost his battle") == ['the source has "lost" after "had"']
    assert differences("lost his battle", "he lost his battle") == ['the source has "he" at the start']
    assert differences("it had very much lost", "it had lost") == ['"very much" is not in the source']
    assert differences("the \u201cbold\u201d plan\u2014all of it", 'the "bold" plan-all of it') == []
    assert said_differently("a b c d e", "A B C D E") == ('capital A in "A"; capital B in "B"; capital C in "C"; '
                                                           "and 2 more differences")


def test_did_you_mean_names_the_difference_at_the_quote_line(small_case: Path) -> None:
    path = small_case / "theses" / "harvest.yaml"
    path.write_text(path.read_text().replace("quote: The harvest of 1963 failed.", "quote: the harvest of 1963 failed."))
    _, problems = load_case(small_case)
    assert [str(p) for p in problems] == [
        ('theses/harvest.yaml:11: evidence[0].quote: quote not found in texts/alpha.txt; did you mean "The harvest '
         'of 1963 failed." (line 1)? It differs in: capital T in "The". Quotes must be verbatim')]
    assert path.read_text().splitlines()[10] == "    quote: the harvest of 1963 failed."


def test_a_wrong_source_is_told_at_its_own_line(small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    text = path.read_text().replace("  - source: alpha\n    quote: 'Critics", "  - quote: 'Critics")
    text = text.replace("    stance: qualifies\n", "    stance: qualifies\n    source: alhpa\n")
    path.write_text(text)
    _, problems = load_case(small_case)
    assert [str(p) for p in problems] == [
        "theses/prestige.yaml:16: evidence[1].source: unknown source `alhpa`; did you mean `alpha`?"]
    assert path.read_text().splitlines()[15] == "    source: alhpa"


def test_an_unknown_bears_on_is_told_at_its_line(small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text().replace("      harvest: {stance", "      harvst: {stance"))
    _, problems = load_case(small_case)
    assert [str(p) for p in problems] == [
        "theses/prestige.yaml:13: evidence[0].bears_on.harvst: unknown thesis `harvst`; did you mean `harvest`?"]
    assert path.read_text().splitlines()[12].startswith("      harvst:")


def test_sources_with_the_same_title_are_told_apart() -> None:
    from explorer.model import Source, source_names

    def src(ident: str, **more) -> Source:
        return Source(id=ident, kind="reference_work", title=more.pop("title", "Khrushchev"), description="A text.",
                      **more)

    sources = {s.id: s for s in (src("a", authors=["Page, Martin"], issued="1995"), src("b", issued="2001"),
                                 src("c", authors=["Page, Martin"], issued="1995"), src("d", title="Other"))}
    assert source_names(sources) == {"a": "Khrushchev (Page, 1995; a)", "b": "Khrushchev (2001)",
                                     "c": "Khrushchev (Page, 1995; c)", "d": "Other"}


def test_the_sidebar_tells_sources_of_one_title_apart(monkeypatch, small_case: Path) -> None:
    from tests.test_app import app_for

    path = small_case / "sources.yaml"
    path.write_text(path.read_text().replace("title: Beta", "title: Alpha"))
    at = app_for(small_case, monkeypatch).run()
    labels = [s.label for s in at.sidebar.slider if s.key.startswith("t_")]
    assert labels[:2] == ["Reference work: Alpha (alpha)", "Student essay: Alpha (beta)"]  # the kind, then the name


def test_validate_fix_rewrites_a_quote_that_differs_in_capitals_only(capsys, small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    before = ("# yaml-language-server: $schema=../schema/thesis.schema.json\n# The humiliation comes first.\n"
              + path.read_text().replace('"Abroad, the retreat over Cuba was a humiliation."',
                                         '"abroad, the Retreat over Cuba was a humiliation."  # checked'))
    path.write_text(before)
    assert main(["validate", str(small_case)]) == 1
    capsys.readouterr()
    assert main(["validate", str(small_case), "--fix"]) == 0
    out, err = capsys.readouterr()
    assert err == ('fixed theses/prestige.yaml:10: evidence[0].quote: quote set to the source\'s words (capital A in '
                   '"Abroad"; small r in "retreat")\n')
    assert out == f"{small_case}: 2 theses, 4 passages, no problems\n"
    assert path.read_text() == before.replace('"abroad, the Retreat', '"Abroad, the retreat')


def test_validate_fix_leaves_other_misquotes_alone(capsys, small_case: Path) -> None:
    (small_case / "texts" / "beta.txt").write_text("At home, the harvest was fine.\nAt home, the harvest was fine.\n"
                                                    "Abroad, the retreat over Cuba was a humiliation.\n")
    path = small_case / "theses" / "harvest.yaml"
    before = path.read_text().replace('"At home, the harvest was fine."', '"at home, the harvest was fine."')
    before = before.replace("quote: The harvest of 1963 failed.", "quote: The harvest of 1963 failed badly.")
    path.write_text(before)
    assert main(["validate", str(small_case), "--fix"]) == 1
    assert capsys.readouterr().err == ""  # two places match the first; the second differs in a word: neither is rewritten
    assert path.read_text() == before
