"""`python -m explorer brief`: a team's brief on the command line; bad input exits 2 with a clear message."""

from pathlib import Path

from explorer.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_brief_markdown(capsys, small_case: Path) -> None:
    code, out, err = run(capsys, "brief", "harvest", str(small_case), "--weight", "backing=0", "--points", "context=1")
    assert (code, err) == (0, "")
    assert out.startswith("# Debate brief: The harvest\n\n**Your explanation.** The leader fell because the harvest "
                          "failed.")
    assert "- The rival explanation: “Lost prestige”: The leader fell because of Cuba." in out
    # a passage named by its words and source, the change by the theses' titles: no reference, no thesis id
    assert ("- Defend “The harvest of 1963 failed.” (Alpha): without it, “Lost prestige” would overtake your "
            "explanation.") in out
    assert "#1" not in out and "#2" not in out and "weight 1.60" not in out
    code, out, err = run(capsys, "brief", "harvest", str(small_case), "--weight", "backing=0", "--points", "context=1",
                         "--teacher")
    assert "## For the teacher: the answer key" in out and "weight 1.60" in out


def test_every_teams_brief_in_word(capsys, small_case: Path, tmp_path: Path) -> None:
    import io

    from docx import Document

    target = tmp_path / "briefs.docx"
    code, out, err = run(capsys, "brief", "prestige", str(small_case), "--all", "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    word = Document(io.BytesIO(target.read_bytes()))
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [
        "Debate brief: Lost prestige", "Debate brief: The harvest"]
    assert word.element.body.xml.count('w:type="page"') == 1
    code, out, err = run(capsys, "brief", "prestige", str(small_case), "--format", "docx")
    assert (code, out, err) == (2, "", ("error: --format docx writes a Word file, not text: give the file with -o "
                                       "FILE.docx\n"))


def test_brief_printable_page_to_a_file(capsys, small_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    code, _, err = run(capsys, "brief", "prestige", str(small_case), "--format", "html", "-o", str(target))
    assert (code, err) == (0, f"wrote {target}\n")
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_brief_unknown_thesis(capsys, small_case: Path) -> None:
    code, out, err = run(capsys, "brief", "harvst", str(small_case))
    assert (code, out) == (2, "")
    assert err == "error: unknown thesis `harvst` (did you mean `harvest`?); use one of: harvest, prestige\n"


def test_brief_unknown_rival_and_bad_weight(capsys, small_case: Path) -> None:
    code, _, err = run(capsys, "brief", "harvest", str(small_case), "--rivals", "army")
    assert (code, err) == (2, "error: unknown thesis `army`; use one of: harvest, prestige\n")
    code, _, err = run(capsys, "brief", "harvest", str(small_case), "--weight", "support=9")
    assert (code, err) == (2, "error: --weight support=9: 9 is out of range; use a number from 0 to 5\n")


def test_brief_on_the_default_case(capsys) -> None:
    """A brief the command line prints is a document people read: no passage reference and no thesis id in it."""
    from test_brief import internal_codes

    from explorer.load import load_case

    code, out, _ = run(capsys, "brief", "lost_prestige", "--rivals", "hardliner_backlash,personal_style")
    assert code == 0
    assert "## Cross-examination: questions to ask" in out and "- The rival explanation: “His erratic personal" in out
    claims, _ = load_case(Path(__file__).resolve().parent.parent / "claims")
    assert internal_codes(out, claims) == []
    code, out, _ = run(capsys, "brief", "lost_prestige", "--format", "html")
    assert code == 0 and "without it, “His erratic personal and administrative style” would overtake your" in out
    assert internal_codes(out, claims) == []
