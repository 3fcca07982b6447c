"""The command line's check-essay: one essay from a file (.docx with Word footnotes, .md, .txt) or standard input,
in text, JSON, Markdown or CSV; a class's folder or zip as one table; one clear line for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from test_check_checker import DRAFT
from wordfile import essay_docx

from explorer.cli import main

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"misquote", "not_in_sources", "wrong_source", "unsupported_attribution", "repeated_error",
         "no_counterargument", "no_judgement", "unsupported_paragraph"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_findings_and_paragraphs(capsys, tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    code, out, err = run(capsys, "check-essay", str(tmp_path / "draft.md"), "--format", "json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert [f["kind"] for f in found["findings"]] == [
        "misquote", "misquote", "wrong_source", "repeated_error", "unsupported_attribution", "unsupported_paragraph",
        "no_judgement", "no_counterargument"]
    assert {f["kind"] for f in found["findings"]} <= KINDS
    assert found["findings"][3] == {
        "kind": "repeated_error", "text": "Suslov led the discussions at these sessions.",
        "message": found["findings"][3]["message"], "paragraph": 2, "source": "falls_from_power",
        "passage": "Suslov led the discussions at these sessions.", "source_title": "Khrushchev Falls from Power",
        "thesis": None}
    assert [(p["number"], p["explanation"]) for p in found["paragraphs"]] == [
        (1, "lost_prestige"), (2, "lost_prestige"), (3, "lost_prestige"), (4, "personal_style")]


def test_text_from_a_word_file_with_footnotes(capsys, tmp_path: Path) -> None:
    data = essay_docx([("Khrushchev was removed mainly because of his style of rule, more than because of the "
                       "ambition of the plotters."),
                       ("His rivals “deposed him largely due to his erratic and cantankerous behavior”.",
                        "Khrushchev Falls from Power."),
                       "In conclusion, his style was the main reason."])
    (tmp_path / "essay.docx").write_bytes(data)
    code, out, _ = run(capsys, "check-essay", str(tmp_path / "essay.docx"))
    assert code == 0
    assert out.splitlines()[:6] == [
        "argues: personal_style (His erratic personal and administrative style)",
        "findings: wrong_source 1",
        "",
        "paragraph 2: wrong_source [dailyhistory]",
        "  > “deposed him largely due to his erratic and cantankerous behavior”",
        "  You credit these words to Khrushchev Falls from Power, but they come from Why was Nikita",
    ]


def test_standard_input_and_a_class(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("He said “Cuba was the final straw for the Presidium”."))
    code, out, _ = run(capsys, "check-essay", "-", "--format", "json")
    assert code == 0 and json.loads(out)["findings"][0]["kind"] == "not_in_sources"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("class/anna.md", DRAFT)
        z.writestr("class/ben.docx", b"not a word file")
    (tmp_path / "class.zip").write_bytes(packed.getvalue())
    code, out, _ = run(capsys, "check-essay", str(tmp_path / "class.zip"), "--format", "csv")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("Essay,Argues,Paragraphs,Quotations,Quotation not word for word,")
    assert lines[1] == "anna.md,\"Setbacks abroad and the loss of prestige, Cuba above all\",4,3,2,0,1,1,0,1,1,1,1,"
    assert lines[2].startswith("ben.docx,,,,,,,,,,,,,ben.docx: not a Word (.docx) file that can be read")


def test_bad_input_is_one_line(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check-essay", str(tmp_path / "missing.md"))
    assert (code, err) == (2, f"error: {tmp_path / 'missing.md'}: no such file or folder\n")
    (tmp_path / "essay.pdf").write_bytes(b"%PDF")
    code, _, err = run(capsys, "check-essay", str(tmp_path / "essay.pdf"))
    assert (code, err) == (2, ("error: essay.pdf: cannot read .pdf; save the essay as .docx, .md or .txt, or paste its "
                              "text\n"))


def test_the_command_runs_as_a_program(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("Khrushchev spent seven years under house arrest.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "explorer", "check-essay", str(tmp_path / "e.txt"), "--format",
                           "md"], check=False, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# e.txt\n")
    assert "## A source's mistake repeated · Paragraph 1" in done.stdout
