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
