"""The command line: validate, export json, schema; exact output and exit status."""

import json
from pathlib import Path

import pytest

from explorer.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_case(capsys, small_case: Path) -> None:
    code, out, _ = run(capsys, "validate", str(small_case))
    assert (code, out) == (0, f"{small_case}: 2 theses, 4 passages, no problems\n")


def test_validate_lists_problems_and_exits_1(capsys, small_case: Path) -> None:
    (small_case / "theses" / "empty.yaml").write_text("")
    code, out, _ = run(capsys, "validate", str(small_case))
    assert code == 1
    assert out.splitlines() == [
        "theses/empty.yaml:1: (file): file is empty; write the fields, or delete the file",
        f"{small_case}: 2 theses, 4 passages, 1 error",
    ]


def test_validate_json(capsys, small_case: Path) -> None:
    (small_case / "theses" / "prestige.yaml").rename(small_case / "theses" / "cuba.yaml")
    code, out, _ = run(capsys, "validate", str(small_case), "--format", "json")
    assert code == 0  # a warning asks for a look; it fails only with --strict
    assert run(capsys, "validate", str(small_case), "--format", "json", "--strict")[0] == 1
    assert json.loads(out) == {
        "theses": 2,
        "evidence": 4,
        "problems": [{
            "file": "theses/cuba.yaml", "line": 1, "field": "id", "level": "warning",
            "message": "id `prestige` does not match the file name `cuba.yaml`; rename the file to prestige.yaml or change the id",
        }],
    }


def test_validate_missing_folder_exits_2(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path / "nope"))
    assert (code, out) == (2, "")
    assert err == (f"error: {tmp_path / 'nope'}: case folder does not exist; give the path of a folder holding "
                   "case.yaml, sources.yaml and theses/\n")


def test_export_json_to_file(capsys, small_case: Path, tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    code, out, err = run(capsys, "export", "json", str(small_case), "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert len(json.loads(target.read_text())["theses"]) == 2


def test_export_unknown_format(capsys, small_case: Path) -> None:
    code, _, err = run(capsys, "export", "pdf", str(small_case))
    assert code == 2
    assert err.startswith("error: unknown format `pdf`; use one of: json")


def test_export_unwritable_path(capsys, small_case: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "json", str(small_case), "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 2
    assert err == f"error: cannot write {tmp_path / 'no' / 'such' / 'x.json'}: No such file or directory\n"


def test_schema_prints_json(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["title"].startswith("A claim file")


@pytest.mark.parametrize("command", ["validate", "export", "schema", "rank", "outline", "brief"])
def test_every_command_has_a_one_line_help(capsys, command: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    description = out.split("\n\n")[1]
    assert "\n" not in description.strip() and description.strip().endswith(".")


def test_export_formats_named_in_the_shell_match_the_exporters() -> None:
    from explorer import cli, export

    assert cli.EXPORT_FORMATS == tuple(export.FORMATS)


def test_validate_starts_without_the_heavy_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys; from explorer.cli import main; main(['validate', '--format', 'json']); "
            "print(sorted(m for m in ('numpy', 'pandas', 'citeproc', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_export_of_a_folder_that_is_not_a_case_exits_2(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "json", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"error: {tmp_path}: this folder holds no case; a case folder has case.yaml, sources.yaml and a "
                   "theses/ folder\n")


def test_schema_write_to_a_file_or_an_unwritable_place(capsys, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    assert run(capsys, "schema", "--write", str(tmp_path / "taken")) == (
        2, "", (f"error: --write {tmp_path / 'taken'}: this is a file, not a folder; give a folder for the schemas "
               "(it is made if it does not exist)\n"))
    code, _, err = run(capsys, "schema", "--write", str(tmp_path / "taken" / "inside"))
    assert code == 2
    assert err.startswith(f"error: --write {tmp_path / 'taken' / 'inside'}: cannot write ")


def test_escape_sequences_from_a_case_never_reach_the_terminal(capsys, small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text().replace("title: Lost prestige", 'title: "Lost\\e[2J\\e]0;pwned\\aprestige"'))
    _, out, _ = run(capsys, "rank", str(small_case), "--samples", "0")
    assert "\x1b" not in out and "\x07" not in out
    assert "Lost\\u001b[2J\\u001b]0;pwned\\u0007prestige" in out
    path.write_text(path.read_text().replace("scope: foreign", 'scope: foreign\n"bogus\\x9b": 1'))
    _, out, _ = run(capsys, "validate", str(small_case))
    assert "\x9b" not in out
    assert "bogus\\u009b" in out


def test_json_on_standard_output_stays_json_with_control_characters(capsys, small_case: Path, tmp_path: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text().replace("title: Lost prestige", 'title: "Lost\\x85prestige\\x7f\\e"'))
    _, out, _ = run(capsys, "export", "json", str(small_case))
    assert {t["id"]: t["title"] for t in json.loads(out)["theses"]}["prestige"] == "Lost\x85prestige\x7f\x1b"
    run(capsys, "export", "json", str(small_case), "-o", str(tmp_path / "case.json"))
    assert json.loads(out) == json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    _, out, _ = run(capsys, "rank", str(small_case), "--samples", "0", "--format", "json")
    assert {t["id"]: t["title"] for t in json.loads(out)["theses"]}["prestige"] == "Lost\x85prestige\x7f\x1b"


def test_problems_notes_do_not_fail_validate(capsys, small_case: Path) -> None:
    (small_case / "theses" / ".#harvest.yaml").symlink_to("root@host.1234")
    code, out, _ = run(capsys, "validate", str(small_case))
    assert (code, out.splitlines()[-1]) == (0, f"{small_case}: 2 theses, 4 passages, 1 note")
