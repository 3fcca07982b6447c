"""The command line's outline and export commands: output, files, and one clear line for bad input."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from explorer import essay, export
from explorer.cli import main
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent
PLAN = ["--thesis", "harvest", "--factors", "prestige", "--counter", "prestige"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_to_standard_output(capsys, small_case: Path) -> None:
    code, out, err = run(capsys, "outline", str(small_case), *PLAN)
    assert (code, err) == (0, "")
    case, _ = load_case(small_case)
    assert out == essay.to_markdown(essay.build_outline(case, "harvest", ["prestige"], "prestige"))


def test_docx_to_a_file(capsys, small_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    code, out, err = run(capsys, "outline", str(small_case), *PLAN, "--format", "docx", "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Introduction", "1. Lost prestige", "Counter-argument: Lost prestige", "Conclusion", "Notes",
                        "Bibliography"]


def test_a_docx_file_name_chooses_word(capsys, small_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.DOCX"
    assert run(capsys, "outline", str(small_case), *PLAN, "-o", str(target))[0] == 0
    assert Document(io.BytesIO(target.read_bytes())).paragraphs[0].style.name == "Title"
    markdown = tmp_path / "plan.md"
    assert run(capsys, "outline", str(small_case), *PLAN, "-o", str(markdown))[0] == 0
    assert markdown.read_text(encoding="utf-8").startswith("# Essay plan: Why did the leader fall?")


def test_weighting_options_change_the_outline(capsys, small_case: Path) -> None:
    _, out, _ = run(capsys, "outline", str(small_case), *PLAN, "--trust", "beta=0")
    assert "No passage recorded in the case supports this factor" in out
    assert "your weights, trusts and points" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--thesis", "harvst", "--factors", "prestige", "--counter", "prestige"],
     "--thesis harvst: unknown thesis `harvst` (did you mean `harvest`?); use one of: harvest, prestige"),
    (["--thesis", "prestige", "--factors", "harvest,harvest", "--counter", "harvest"],
     "--factors harvest,harvest: factor `harvest` is given twice; list each factor once"),
    (["--thesis", "harvest", "--factors", "prestige", "--counter", "harvest"],
     "--counter harvest: the counter-argument `harvest` is the main thesis; pick a rival thesis to answer"),
    (["--thesis", "harvest", "--factors", "harvest", "--counter", "prestige"],
     "--factors harvest: factor `harvest` is the main thesis; the factors are the other theses that contribute to it"),
    (["--thesis", "harvest", "--factors", "prestige,,x", "--counter", "prestige"],
     ("--factors prestige,,x: an empty id; separate the ids with single commas, such as "
      "--factors china_split,agriculture")),
    (["--thesis", "harvest", "--factors", "", "--counter", "prestige"],
     "--factors: no factors given; name at least one other thesis as a contributing factor"),
    ([*PLAN, "--format", "docx"],
     "--format docx writes a Word file, not text: give the file with -o FILE.docx"),
    ([*PLAN, "--weight", "support=9"],
     "--weight support=9: 9 is out of range; use a number from 0 to 5"),
    ([*PLAN, "--trust", "gama_book=0.5"],
     ("--trust gama_book=0.5: unknown source `gama_book` (did you mean `gamma_book`?); use one of: alpha, beta, "
      "gamma_book")),
])
def test_bad_input_is_one_clear_line_and_status_2(capsys, small_case: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "outline", str(small_case), *args)
    assert (code, out, err) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_an_unwritable_output_path(capsys, small_case: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "no" / "such" / f"plan.{fmt}"
    code, out, err = run(capsys, "outline", str(small_case), *PLAN, "--format", fmt, "-o", str(target))
    assert (code, out, err) == (2, "", f"error: cannot write {target}: No such file or directory\n")


def test_missing_options_are_refused_by_argparse(capsys, small_case: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["outline", str(small_case), "--thesis", "harvest"])
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
    assert csl.returncode == 0 and len(json.loads(csl.stdout)) == 12
