"""Building a case from nothing through the command line: new, add-source, sentences, a passage, validate."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx

from explorer import disk
from explorer.cli import main
from explorer.load import load_case


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_case_from_nothing(capsys, tmp_path: Path) -> None:
    case = tmp_path / "ww1"
    code, _, err = run(capsys, "new", str(case), "--question", "Why did the First World War break out?",
                       "--period", "1900-1914")
    assert code == 0
    assert err == (f"made the case {case}: case.yaml, sources.yaml, theses/, texts/, schema/ and README.md; next, add "
                   f'a source: explorer add-source {case} FILE --id ID --kind KIND --title "..."\n')
    assert (case / "case.yaml").read_text().startswith("# yaml-language-server: $schema=schema/case.schema.json\n")
    assert sorted(p.name for p in (case / "schema").iterdir()) == [
        "case.schema.json", "contested.schema.json", "historians.schema.json", "sources.schema.json",
        "thesis.schema.json", "timeline.schema.json"]
    assert run(capsys, "validate", str(case))[:2] == (0, f"{case}: 0 theses, 0 passages, no problems\n")

    (tmp_path / "fischer.txt").write_text("Meanwhile some historians, such as Fischer, argue that Germany wanted war. "
                                          "Others disagree.\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>T</title><script>var x = 1;</script></head><body><nav>Home | About</nav>"
        "<h1>The alliances</h1><p>The alliance system turned a <em>local</em> quarrel into a general war.</p>"
        "</body></html>", encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("Russia mobilised first, on 30 July 1914.")
    word.add_paragraph("Germany declared war on 1 August.")
    word.save(str(tmp_path / "notes.docx"))
    for name, ident, kind in [("fischer.txt", "essay", "student_essay"), ("page.html", "web", "reference_work"),
                              ("notes.docx", "notes", "student_essay")]:
        code, _, err = run(capsys, "add-source", str(case), str(tmp_path / name), "--id", ident, "--kind", kind,
                           "--title", f"The {ident}")
        assert code == 0, err
    assert (case / "texts" / "web.txt").read_text() == (
        "The alliances\n\nThe alliance system turned a local quarrel into a general war.\n")
    assert (case / "texts" / "notes.txt").read_text() == (
        "Russia mobilised first, on 30 July 1914.\n\nGermany declared war on 1 August.\n")
    sources = (case / "sources.yaml").read_text()
    assert sources.startswith("# yaml-language-server: $schema=schema/sources.schema.json\nsources:\n  - id: essay\n")
    assert "  - id: notes\n    kind: student_essay\n    title: The notes\n" in sources

    (case / "theses" / "alliances.yaml").write_text(textwrap.dedent("""\
        id: alliances
        title: The alliance system
        statement: The alliances turned a local war into a general one.
        summary: The alliances widened the war.
        scope: structural
        evidence:
          - source: web
            quote: The alliance system turned a local quarrel into a general war.
            stance: supports
            strength: 3
            note: The alliances widened the war.
        """), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(case))
    assert (code, out) == (0, f"{case}: 1 theses, 1 passages, no problems\n")
    code, out, _ = run(capsys, "sentences", str(case), "web")
    assert (code, out) == (0, ("    1  The alliances\n"
                               "    3  The alliance system turned a local quarrel into a general war.  "
                               "[recorded: alliances#1]\n"))


def test_add_source_refuses_what_it_cannot_do(capsys, tmp_path: Path) -> None:
    case = tmp_path / "c"
    run(capsys, "new", str(case), "--question", "Why?")
    assert run(capsys, "add-source", str(case), "Some text. More text.", "--id", "a", "--kind", "essay") == (
        2, "", "error: --kind essay: unknown source kind `essay`; use one of: " + ", ".join(
            __import__("explorer.vocabulary").vocabulary.SOURCE_KINDS) + "\n")
    assert run(capsys, "add-source", str(case), "Some text. More text.", "--id", "a", "--kind", "student_essay")[0] == 0
    assert (case / "texts" / "a.txt").read_text() == "Some text. More text.\n"
    assert run(capsys, "add-source", str(case), "Other.", "--id", "a", "--kind", "student_essay") == (
        2, "", "error: texts/a.txt already exists; choose another id, or remove the file first\n")
    assert run(capsys, "new", str(case), "--question", "Why?") == (
        2, "", f"error: {case}: already exists and is not an empty folder; give a new folder's name\n")


def test_add_source_writes_what_the_loader_reads_back(capsys, tmp_path: Path) -> None:
    case = tmp_path / "c"
    run(capsys, "new", str(case), "--question", "Why?")
    code, _, err = run(capsys, "add-source", str(case), "Some text. More text.", "--id", "a", "--kind",
                       "student_essay", "--title", "No", "--author", "On", "--year", "1964")
    assert code == 0, err
    source = load_case(case)[0].sources["a"]
    assert (source.title, source.authors) == ("No", ["On"])


def test_add_source_writes_only_inside_the_case_and_within_the_loaders_limit(capsys, tmp_path: Path) -> None:
    case, outside = tmp_path / "c", tmp_path / "elsewhere"
    run(capsys, "new", str(case), "--question", "Why?")
    big = tmp_path / "big.txt"
    big.write_text("word " * (disk.TEXT_LIMIT // 5 + 1), encoding="utf-8")
    sources = (case / "sources.yaml").read_bytes()
    assert run(capsys, "add-source", str(case), str(big), "--id", "big", "--kind", "student_essay") == (
        2, "", ("error: texts/big.txt would be 20.0 MB, more than the 20 MB the explorer reads, so nothing was written; "
               "check that the right file is here, or split it\n"))
    assert not (case / "texts" / "big.txt").exists() and (case / "sources.yaml").read_bytes() == sources
    outside.mkdir()
    (case / "texts").rmdir()
    (case / "texts").symlink_to(outside)
    assert run(capsys, "add-source", str(case), "Some text.", "--id", "a", "--kind", "student_essay") == (
        2, "", "error: texts/a.txt leads out of the case folder (a link?), so the workshop will not write it\n")
    assert list(outside.iterdir()) == [] and (case / "sources.yaml").read_bytes() == sources


def test_new_refuses_a_question_that_is_not_text_and_makes_nothing(capsys, tmp_path: Path) -> None:
    case = tmp_path / "c"
    question = b"Why \xe9?".decode("utf-8", "surrogateescape")  # what Python makes of argv bytes that are not UTF-8
    assert run(capsys, "new", str(case), "--question", question) == (
        2, "", ("error: --question: holds bytes that are not UTF-8 text (the terminal's encoding is another); type it "
               "again in a UTF-8 terminal, or leave out the letters that did not show\n"))
    assert not case.exists()
    assert run(capsys, "new", str(case), "--question", "Why é?")[0] == 0
    assert load_case(case)[0].info.question == "Why é?"
