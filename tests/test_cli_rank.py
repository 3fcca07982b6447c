"""python -m explorer rank: the table, the JSON, and a clear message with exit status 2 for each bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = "support, corroboration, backing, contestation"


def rank(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["rank", *args])
    out, err = capsys.readouterr()
    return status, out, err


def rank_json(capsys, *args: str) -> dict:
    status, out, err = rank(capsys, *args, "--format", "json")
    assert status == 0, err
    return json.loads(out)


@pytest.mark.parametrize("args, message", [
    (["--weight", "suport=1"],
     f"--weight suport=1: unknown criterion `suport` (did you mean `support`?); use one of: {CRITERIA}"),
    (["--weight", "evidence=1"], f"--weight evidence=1: unknown criterion `evidence`; use one of: {CRITERIA}"),
    (["--weight", "support"], "--weight support: expected NAME=VALUE, such as --weight support=1.5"),
    (["--weight", "=2"], "--weight =2: expected NAME=VALUE, such as --weight support=1.5"),
    (["--weight", "support=x"], "--weight support=x: `x` is not a number; use a number from 0 to 5"),
    (["--weight", "support=7"], "--weight support=7: 7 is out of range; use a number from 0 to 5"),
    (["--weight", "backing=-1"], "--weight backing=-1: -1 is out of range; use a number from 0 to 5"),
    (["--weight", "backing=nan"], "--weight backing=nan: nan is out of range; use a number from 0 to 5"),
    (["--trust", "zeta=0.5"], ("--trust zeta=0.5: unknown source `zeta` (did you mean `beta`?); "
                              "use one of: alpha, beta, gamma_book")),
    (["--trust", "omega=0.5"], "--trust omega=0.5: unknown source `omega`; use one of: alpha, beta, gamma_book"),
    (["--trust", "alpha"], "--trust alpha: expected NAME=VALUE, such as --trust SOURCE=0.5"),
    (["--trust", "alpha=1.5"], "--trust alpha=1.5: 1.5 is out of range; use a number from 0 to 1"),
    (["--trust", "alpha=high"], "--trust alpha=high: `high` is not a number; use a number from 0 to 1"),
    (["--model", "bayes"], "--model bayes: unknown model `bayes`; use one of: evidence, ach"),
    (["--samples", "-1"], "--samples -1: use a whole number from 0 to 1,000,000"),
    (["--samples", "1e4"], "--samples 1e4: use a whole number from 0 to 1,000,000"),
    (["--samples", "2000000"], "--samples 2000000: use a whole number from 0 to 1,000,000"),
    (["--seed", "-3"], "--seed -3: use a whole number of 0 or more"),
])
def test_bad_input_is_one_clear_line_and_status_2(capsys, small_case: Path, args: list[str], message: str) -> None:
    status, out, err = rank(capsys, str(small_case), *args)
    assert (status, out, err) == (2, "", f"error: {message}\n")


def test_missing_case_folder(capsys, tmp_path: Path) -> None:
    status, out, err = rank(capsys, str(tmp_path / "nowhere"))
    assert status == 2 and out == ""
    assert err == (f"error: {tmp_path / 'nowhere'}: case folder does not exist; "
                   "give the path of a folder holding case.yaml, sources.yaml and theses/\n")


def test_bad_format_is_refused_by_argparse(capsys, small_case: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["rank", str(small_case), "--format", "xml"])
    assert exit_.value.code == 2
    assert "invalid choice: 'xml' (choose from 'table', 'json')" in capsys.readouterr().err


def test_the_table(capsys, small_case: Path) -> None:
    status, out, err = rank(capsys, str(small_case), "--samples", "500")
    assert status == 0 and err == ""
    lines = out.splitlines()
    # harvest: 2 x 0.8 / 30 + 0.5 x 0.8 / 3 + 0.5 x 1 / 2 = 0.437; prestige 3 x 0.24 / 30 + 0.5 x 0.24 / 3 = 0.064;
    # every passage against either is background, which counts for nothing
    assert lines[:4] == [
        "A small case: 2 theses ranked by the evidence model",
        "  #  thesis                          score  share   set  evid  code support  corrob backing contest",
        "  1  The harvest                     0.437  87.2%  100%  100%  100%   0.053   0.133   0.250   0.000",
        "  2  Lost prestige                   0.064  12.8%    0%    0%    0%   0.024   0.040   0.000   0.000",
    ]
    assert "points per passage: background 0, relevant 2, explicit 3 (change with --points)" in lines
    assert "the first thesis at its weakest: first in 100% (±0.4%) with the sliders moved at random near yours" in lines
    assert "pivotal passages: none (no single passage changes the top of the ranking)" in lines
    assert lines[-1] == "These numbers weigh the evidence recorded in this case, not the truth."
    assert max(len(line) for line in lines) <= 100


def test_the_table_with_background_given_a_point(capsys, small_case: Path) -> None:
    status, out, _ = rank(capsys, str(small_case), "--samples", "0", "--points", "context=1", "--weight", "backing=0")
    assert status == 0
    lines = out.splitlines()
    # harvest 0.0533 + 0.1333 - 0.5 x 0.48 / 30 = 0.179; prestige 0.024 + 0.04 - 0.5 x 0.52 / 30 = 0.055
    assert lines[2:4] == [
        "  1  The harvest                     0.179  76.4%     -     -     -   0.053   0.133   0.000  -0.008",
        "  2  Lost prestige                   0.055  23.6%     -     -     -   0.024   0.040   0.000  -0.009",
    ]
    assert "  harvest#1                “The harvest of 1963 failed.” (Alpha): first: harvest -> prestige" in lines
    flat = " ".join(out.split())  # the listing wraps at 100 columns and pads the references
    assert ("harvest#1 “The harvest of 1963 failed.” (Alpha) on harvest: stance supports -> disputes; "
            "first: harvest -> prestige") in flat
    assert "a passage's reference thesis#N is the Nth passage under `evidence:` in theses/<thesis>.yaml" in lines


def test_the_ach_table(capsys, small_case: Path) -> None:
    status, out, _ = rank(capsys, str(small_case), "--model", "ach", "--samples", "0")
    assert status == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "A small case: 2 theses ranked by the ACH, least contradicted first",
        "  #  thesis                         against  support   score  share   set  evid  code",
        "  1  The harvest                       0.00     1.60   0.437  87.2%     -     -     -",
        "  2  Lost prestige                     0.00     0.72   0.064  12.8%     -     -     -",
    ]
    # background bearings tell nothing: harvest#2 and prestige#2 are all background
    assert ("most diagnostic passages: harvest#1 (0.50), prestige#1 (0.50), harvest#2 (0.00), prestige#2 (0.00)"
            in lines)
    # both are uncontradicted: without harvest#1, prestige has more support
    assert "  harvest#1                “The harvest of 1963 failed.” (Alpha): first: harvest -> prestige" in lines
    # harvest#2, background against harvest, read as relevant: harvest is contradicted (2 x 0.24)
    flat = " ".join(out.split())  # the listing wraps at 100 columns and pads the references
    assert ("harvest#2 “At home, the harvest was fine.” (Beta) on harvest: strength 1 -> 2; first: "
            "harvest -> prestige") in flat


def test_json_shape(capsys, small_case: Path) -> None:
    doc = rank_json(capsys, str(small_case), "--samples", "1000", "--seed", "5", "--points", "context=1",
                    "--weight", "backing=0")
    assert set(doc) == {"case", "title", "model", "weights", "points", "trust", "samples", "seed", "spread",
                        "note", "question", "problems", "robustness", "theses", "pivotal_judgements"}
    assert doc["question"] == "Why did the leader fall?"
    assert doc["points"] == {"background": 1.0, "relevant": 2.0, "explicit": 3.0}
    assert (doc["model"], doc["samples"], doc["seed"], doc["note"], doc["problems"]) == ("evidence", 1000, 5, None, 0)
    assert doc["weights"] == {"support": 1.0, "corroboration": 0.5, "backing": 0.0, "contestation": 0.5}
    assert doc["trust"] == {"alpha": 0.8, "beta": 0.24, "gamma_book": 1.0}
    assert list(doc["robustness"]) == ["settings", "evidence", "coding"]
    harvest, prestige = doc["theses"]
    assert set(harvest) == {"rank", "id", "title", "score", "parts", "criteria", "share", "inconsistency",
                            "p_first", "p_first_evidence", "p_first_coding", "p_first_margin", "rank_distribution",
                            "not_in_these_sources", "pivotal"}
    assert harvest["not_in_these_sources"] == []
    assert (harvest["rank"], harvest["id"], harvest["title"]) == (1, "harvest", "The harvest")
    assert harvest["score"] == 0.178667 and harvest["share"] == 0.763533 and harvest["inconsistency"] == 0.48
    assert harvest["parts"] == {"support": 0.053333, "corroboration": 0.133333, "backing": 0.0, "contestation": -0.008}
    assert harvest["criteria"] == {"support": 1.6, "corroboration": 0.8, "backing": 1.0, "contestation": 0.48}
    assert harvest["pivotal"] == [{"passage": "harvest#1", "opening": "“The harvest of 1963 failed.”", "source": "alpha",
                                   "source_title": "Alpha", "stance": "supports", "flips": "first: harvest -> prestige"}]
    assert prestige["pivotal"] == []
    for key in ("p_first", "p_first_evidence", "p_first_coding"):
        assert harvest[key] + prestige[key] == pytest.approx(1.0)
    assert 0 < harvest["p_first_margin"]["settings"] < 0.04
    assert harvest["rank_distribution"] == [harvest["p_first"], prestige["p_first"]]
    assert doc["pivotal_judgements"][0] == {
        "passage": "harvest#1", "opening": "“The harvest of 1963 failed.”", "source": "alpha", "source_title": "Alpha",
        "thesis": "harvest", "change": "stance supports -> disputes", "flips": "first: harvest -> prestige"}
    again = rank_json(capsys, str(small_case), "--samples", "1000", "--seed", "5", "--points", "context=1",
                      "--weight", "backing=0")
    assert again == doc  # the same seed


def test_no_samples_gives_null_robustness(capsys, small_case: Path) -> None:
    doc = rank_json(capsys, str(small_case), "--samples", "0")
    assert [(t["p_first"], t["p_first_evidence"], t["p_first_coding"], t["p_first_margin"], t["rank_distribution"])
            for t in doc["theses"]] == [(None, None, None, None, None)] * 2


def scores(doc: dict) -> dict[str, float]:
    return {t["id"]: t["score"] for t in doc["theses"]}


def test_weights_and_trusts_move_the_result_as_a_reader_would_expect(capsys, small_case: Path) -> None:
    base = scores(rank_json(capsys, str(small_case), "--samples", "0"))
    # harvest alone has backing (one historian via a fully trusted book: 1 of 2): without it, harvest falls by
    # 0.5 x 0.5, prestige does not move
    no_backing = scores(rank_json(capsys, str(small_case), "--samples", "0", "--weight", "backing=0"))
    assert no_backing["harvest"] == pytest.approx(base["harvest"] - 0.25, abs=1e-6)
    assert no_backing["prestige"] == base["prestige"]
    # weighing contestation more lowers both: prestige (the most contested) by the most
    base = scores(rank_json(capsys, str(small_case), "--samples", "0", "--points", "context=1"))
    contested = scores(rank_json(capsys, str(small_case), "--samples", "0", "--points", "context=1",
                                 "--weight", "contestation=2"))
    assert base["prestige"] - contested["prestige"] > base["harvest"] - contested["harvest"] > 0
    # distrusting alpha (harvest's only support) and gamma_book (which credits Doe with it) hands first place to
    # prestige
    doc = rank_json(capsys, str(small_case), "--samples", "0", "--trust", "alpha=0", "--trust", "gamma_book=0")
    assert [t["id"] for t in doc["theses"]] == ["prestige", "harvest"]
    assert doc["trust"]["alpha"] == 0.0
    # the same in the table, and repeated options: the last one counts
    status, out, _ = rank(capsys, str(small_case), "--samples", "0", "--trust", "gamma_book=0", "--trust", "alpha=1",
                          "--trust", "alpha=0")
    assert status == 0 and out.splitlines()[2].startswith("  1  Lost prestige")


def test_a_case_with_problems_is_ranked_with_a_note(capsys, small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text().replace("Abroad, the retreat", "Abroad, a retreat"))
    status, out, err = rank(capsys, str(small_case), "--samples", "0")
    assert status == 0
    assert err == (f"note: 1 problem in the case; run `python -m explorer validate {small_case}` to see them; "
                   "ranking what loaded\n")
    assert out.splitlines()[2].startswith("  1  The harvest")


def test_a_case_without_theses(capsys, tmp_path: Path) -> None:
    (tmp_path / "theses").mkdir()
    (tmp_path / "case.yaml").write_text("title: Empty\nquestion: Why?\nperiod: {start: 1, end: 2}\nsummary: None.\n")
    status, out, err = rank(capsys, str(tmp_path))
    assert status == 0  # sources.yaml is missing: one error, and the ranking of what loaded
    assert err == (f"note: 1 problem in the case; run `python -m explorer validate {tmp_path}` to see them; "
                   "ranking what loaded\n")
    assert out == "Empty: 0 theses ranked by the evidence model\n(no theses to rank)\n"
    assert rank_json(capsys, str(tmp_path))["theses"] == []


def test_as_a_module(small_case: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "explorer", "rank", str(small_case), "--weight", "support=9"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: --weight support=9: 9 is out of range; use a number from 0 to 5\n"


def test_points_change_what_a_strength_counts_for(capsys, small_case: Path) -> None:
    # prestige's only supporting passage is explicit (strength 3, beta, trust 0.24): 3 x 0.24 = 0.72.
    # Counting explicit passages for nothing leaves it no support; harvest's (2 x 0.8 = 1.6) is unchanged.
    doc = rank_json(capsys, str(small_case), "--samples", "0", "--points", "explicit=0")
    assert doc["points"] == {"background": 0.0, "relevant": 2.0, "explicit": 0.0}
    criteria = {t["id"]: t["criteria"] for t in doc["theses"]}
    assert (criteria["harvest"]["support"], criteria["prestige"]["support"]) == (1.6, 0.0)
    default = rank_json(capsys, str(small_case), "--samples", "0")
    assert {t["id"]: t["criteria"]["support"] for t in default["theses"]}["prestige"] == 0.72


@pytest.mark.parametrize(("arg", "message"), [
    ("strong=1", "error: --points strong=1: unknown strength `strong`; use one of: background, relevant, explicit"),
    ("context=11", "error: --points context=11: 11 is out of range; use a number from 0 to 10"),
    ("context", "error: --points context: expected NAME=VALUE, such as --points background=0.5"),
])
def test_bad_points(capsys, small_case: Path, arg: str, message: str) -> None:
    code = main(["rank", str(small_case), "--points", arg])
    assert (code, capsys.readouterr().err.strip()) == (2, message)
