"""Cohen's kappa, by hand, and the agreement figures the codebook reports, recomputed from the rounds."""

import csv
import re
from pathlib import Path

import pytest

from explorer.agreement import agreement

ROOT = Path(__file__).resolve().parent.parent


def test_kappa_by_hand() -> None:
    # 10 items, 8 alike; each coder 6 a and 4 b. Chance: 0.6 x 0.6 + 0.4 x 0.4 = 0.52.
    first = list("aaaaaabbbb")
    second = list("aaaaabbbba")
    result = agreement(first, second)
    assert (result.n, result.observed) == (10, 0.8)
    assert result.kappa == pytest.approx((0.8 - 0.52) / (1 - 0.52))


def test_weighted_kappa_counts_near_misses_less() -> None:
    # one item 1 against 2, one 1 against 3: plain kappa counts both as misses, linear weights half and whole
    first, second = [1, 1, 2, 3, 3, 1], [2, 3, 2, 3, 3, 1]
    plain, weighted = agreement(first, second), agreement(first, second, weighted=True)
    # weighted: seen = (0.5 + 1) / 6 = 0.25; expected from the margins (1: 3, 2: 1, 3: 2 against 1: 1, 2: 2, 3: 3)
    expected = sum(p * q * abs(a - b) / 2 for a, p in {1: 3, 2: 1, 3: 2}.items()
                   for b, q in {1: 1, 2: 2, 3: 3}.items()) / 36
    assert weighted.kappa == pytest.approx(1 - 0.25 / expected)
    # plain: 4 of 6 alike; chance (3 x 1 + 1 x 2 + 2 x 3) / 36 = 11/36; (24 - 11) / (36 - 11) = 13/25
    assert plain.kappa == pytest.approx(13 / 25)


def test_edge_cases() -> None:
    assert agreement(["s"] * 5, ["s"] * 5).kappa == 1.0  # one category, full agreement
    assert agreement([1, 2], [2, 1]).kappa == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="differ in length: 2 and 1"):
        agreement([1, 2], [1])
    with pytest.raises(ValueError, match="no items"):
        agreement([], [])


@pytest.mark.parametrize("name", ["round1", "round2", "round3", "round4"])
def test_the_codebook_reports_what_the_rounds_give(name: str) -> None:
    rows = list(csv.DictReader((ROOT / "claims" / "agreement" / f"{name}.csv").open()))
    # 60 passages each round; from round 4 on, one row per passage and thesis (N01a, N01b, ...)
    assert len({r["id"][:3] for r in rows}) == 60
    stance = agreement([r["case_stance"] for r in rows], [r["coder_stance"] for r in rows])
    strength = agreement([int(r["case_strength"]) for r in rows], [int(r["coder_strength"]) for r in rows])
    codebook = (ROOT / "claims" / "CODING.md").read_text()
    line = re.search(rf"\| {name[-1]} \|([^\n]*)", codebook).group(1)
    assert f"{stance.kappa:.2f}" in line and f"{stance.observed:.0%}" in line
    assert f"{strength.kappa:.2f}" in line and f"{strength.observed:.0%}" in line
    weighted = agreement([int(r["case_strength"]) for r in rows], [int(r["coder_strength"]) for r in rows],
                         weighted=True)
    assert line.rstrip().endswith(f"| {weighted.kappa:.2f} |")


def test_round4_rows_are_items_of_the_sample() -> None:
    rows = list(csv.DictReader((ROOT / "claims" / "agreement" / "round4.csv").open()))
    sample = (ROOT / "claims" / "agreement" / "round4-sample.md").read_text()
    assert len(rows) == 88
    assert all(f"**{r['id']}**" in sample for r in rows)
    disagreements = [r["id"] for r in rows
                     if (r["case_stance"], r["case_strength"]) != (r["coder_stance"], r["coder_strength"])]
    assert len(disagreements) == 19
