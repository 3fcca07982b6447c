"""The command line's outline and export commands: output, files, and one clear line for bad input."""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ARMY, write_case
from docx import Document

from explorer import essay, export
from explorer.cli import main
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent
PLAN = ["--thesis", "harvest", "--factors", "prestige", "--counter", "army"]


@pytest.fixture
def plan_case(tmp_path: Path) -> Path:
    """The small case with a third thesis, so that a plan has a factor and a different counter-argument."""
    return write_case(tmp_path / "case", {"theses/army.yaml": ARMY})


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_to_standard_output(capsys, plan_case: Path) -> None:
    code, out, err = run(capsys, "outline", str(plan_case), *PLAN)
    assert (code, err) == (0, "")
    case, _ = load_case(plan_case)
    assert out == essay.to_markdown(essay.build_outline(case, "harvest", ["prestige"], "army"))


def test_an_outline_on_the_default_case_holds_no_reference(capsys, tmp_path: Path) -> None:
    """The outline the command line prints or writes is for a student: no passage reference, no thesis id."""
    from test_brief import internal_codes

    claims, _ = load_case(ROOT / "claims")
    plan = ["--thesis", "lost_prestige", "--factors", "agriculture,china_split,personal_style", "--counter",
            "hardliner_backlash"]
    code, out, _ = run(capsys, "outline", *plan)
    assert code == 0 and "> — " in out
    assert internal_codes(out, claims) == []
    target = tmp_path / "plan.docx"
    assert run(capsys, "outline", *plan, "-o", str(target))[0] == 0
    words = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "— " in words and internal_codes(words, claims) == []


def test_docx_to_a_file(capsys, plan_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    code, out, err = run(capsys, "outline", str(plan_case), *PLAN, "--format", "docx", "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Your thesis", "Introduction", "How to write each paragraph", "1. Your main argument: The harvest",
                        "2. A limit on your argument: Lost prestige", "Counter-argument: The army's anger",
                        "Judgement: which mattered most, and why", "Conclusion", "Notes", "Bibliography",
                        "Further reading"]
    with zipfile.ZipFile(target) as docx:  # the notes are Word's own footnotes, one per note
        body, notes = docx.read("word/document.xml"), docx.read("word/footnotes.xml")
    assert body.count(b"<w:footnoteReference ") == 4 and notes.count(b"<w:footnoteRef/>") == 4


def test_a_docx_file_name_chooses_word(capsys, plan_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.DOCX"
    assert run(capsys, "outline", str(plan_case), *PLAN, "-o", str(target))[0] == 0
    assert Document(io.BytesIO(target.read_bytes())).paragraphs[0].style.name == "Title"
    markdown = tmp_path / "plan.md"
    assert run(capsys, "outline", str(plan_case), *PLAN, "-o", str(markdown))[0] == 0
    assert markdown.read_text(encoding="utf-8").startswith("# Essay plan: Why did the leader fall?")


def test_the_lost_prestige_outline_quotes_cuba_in_its_main_section(capsys) -> None:
    """The issue's test: `outline --thesis lost_prestige` quotes a passage about Cuba under the main argument, and
    its notes carry the site and a paragraph a reader can find."""
    code, out, _ = run(capsys, "outline", "--thesis", "lost_prestige", "--factors", "agriculture,china_split",
                       "--counter", "hardliner_backlash", "--statement", "Cuba, above all, cost him his job.")
    assert code == 0
    main = out.split("## 1\\. Your main argument: ")[1].split("\n## 2")[0]
    quotes = [line for line in main.splitlines() if line.startswith("> \u201c")]
    assert quotes and all("Cuba" in q for q in quotes)
    assert "**Your thesis statement.** Cuba, above all, cost him his job." in out
    assert ("[^2]: \u201cWhy Was Nikita Khrushchev Deposed as the Leader of the USSR,\u201d DailyHistory.org, February "
            "10, 2021, para. 1 under \u201cKhrushchev\u2019s forced removal from office.\u201d") in out
    assert not re.search(r"\bl\. \d", out)  # never a line of our copy


def test_weighting_options_change_the_outline(capsys, plan_case: Path) -> None:
    _, out, _ = run(capsys, "outline", str(plan_case), *PLAN, "--trust", "beta=0")
    assert "No passage recorded in the case supports this factor" in out
    assert "on the sliders as you set them" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--thesis", "harvst", "--factors", "prestige", "--counter", "army"],
     "--thesis harvst: unknown thesis `harvst` (did you mean `harvest`?); use one of: army, harvest, prestige"),
    (["--thesis", "prestige", "--factors", "harvest,harvest", "--counter", "army"],
     "--factors harvest,harvest: factor `harvest` is given twice; list each factor once"),
    (["--thesis", "harvest", "--factors", "prestige", "--counter", "harvest"],
     "--counter harvest: the counter-argument `harvest` is the main thesis; pick a rival thesis to answer"),
    (["--thesis", "harvest", "--factors", "harvest", "--counter", "prestige"],
     "--factors harvest: factor `harvest` is the main thesis; the factors are the other theses that contribute to it"),
    (["--thesis", "harvest", "--factors", "prestige,army", "--counter", "prestige"],
     ("--counter prestige: the counter-argument `prestige` is also one of your factors; a factor supports your "
      "thesis and the counter-argument is a rival to answer: pick another counter-argument or drop the factor")),
    (["--thesis", "harvest", "--factors", "prestige,,x", "--counter", "army"],
     ("--factors prestige,,x: an empty id; separate the ids with single commas, such as "
      "--factors china_split,agriculture")),
    (["--thesis", "harvest", "--factors", "", "--counter", "army"],
     "--factors: no factors given; name at least one other thesis as a contributing factor"),
    ([*PLAN, "--format", "docx"],
     "--format docx writes a Word file, not text: give the file with -o FILE.docx"),
    ([*PLAN, "--weight", "support=9"],
     "--weight support=9: 9 is out of range; use a number from 0 to 5"),
    ([*PLAN, "--trust", "gama_book=0.5"],
     ("--trust gama_book=0.5: unknown source `gama_book` (did you mean `gamma_book`?); use one of: alpha, beta, "
      "gamma_book")),
])
def test_bad_input_is_one_clear_line_and_status_2(capsys, plan_case: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "outline", str(plan_case), *args)
    assert (code, out, err) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_an_unwritable_output_path(capsys, plan_case: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "no" / "such" / f"plan.{fmt}"
    code, out, err = run(capsys, "outline", str(plan_case), *PLAN, "--format", fmt, "-o", str(target))
    assert (code, out, err) == (2, "", f"error: cannot write {target}: No such file or directory\n")


def test_missing_options_are_refused_by_argparse(capsys, plan_case: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["outline", str(plan_case), "--thesis", "harvest"])
    assert exit_.value.code == 2
    assert "the following arguments are required: --factors, --counter" in capsys.readouterr().err


def test_outline_has_a_one_line_help(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["outline", "--help"])
    assert exit_.value.code == 0
    description = capsys.readouterr().out.split("\n\n")[1]
    assert description.strip() == "Plan an essay: an outline with quotations, notes and a bibliography."


@pytest.mark.parametrize("fmt", list(export.FORMATS))
def test_export_every_format_to_a_file(capsys, small_case: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"case{export.SUFFIXES[fmt]}"
    code, out, err = run(capsys, "export", fmt, str(small_case), "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    case, _ = load_case(small_case)
    assert target.read_text(encoding="utf-8") == export.FORMATS[fmt](case)


def test_export_unknown_format_lists_them_all(capsys, small_case: Path) -> None:
    code, _, err = run(capsys, "export", "docx", str(small_case))
    assert (code, err) == (2, ("error: unknown format `docx`; use one of: json, csljson, bibtex, ris, argdown, aif, "
                               "csv\n"))


def test_as_a_module_on_the_default_case(tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    done = subprocess.run([sys.executable, "-m", "explorer", "outline", "--thesis", "lost_prestige", "--factors",
                           "personal_style,china_split", "--counter", "hardliner_backlash", "-o", str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", f"wrote {target}\n")
    styles = {p.style.name for p in Document(str(target)).paragraphs}
    assert {"Title", "Heading 1", "Quote"} <= styles
    csl = subprocess.run([sys.executable, "-m", "explorer", "export", "csljson"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=False)
    assert csl.returncode == 0 and len(json.loads(csl.stdout)) == 14  # 5 texts, 7 further reading, 2 document editions (issue 26)
