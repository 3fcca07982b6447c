"""Passage suggestions: unrecorded sentences ranked by how much they share with a thesis; the held-out measure."""

from __future__ import annotations

from pathlib import Path

from explorer import suggest
from explorer.cli import main
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent
GAMMA = ("The harvest failed again in 1964, and the leader was blamed for it.\n"
         "The weather in Moscow was mild that spring, people said.\n"
         "Abroad, his retreat over Cuba was remembered as a humiliation.\n"
         "Short line.\n")


def with_a_third_text(case: Path) -> Path:
    (case / "texts" / "gamma_book.txt").write_text(GAMMA, encoding="utf-8")
    return case


def test_the_sentence_that_shares_the_thesis_words_comes_first(small_case: Path) -> None:
    case, problems = load_case(with_a_third_text(small_case))
    assert problems == []
    found = suggest.suggest(case, "harvest", "gamma_book")
    # the weather shares no word with the harvest thesis, and a two-word line is no claim: neither is offered
    assert [s.text for s in found] == ["The harvest failed again in 1964, and the leader was blamed for it.",
                                       "Abroad, his retreat over Cuba was remembered as a humiliation."]
    assert [s.line for s in found] == [1, 3] and found[0].score > found[1].score > 0
    assert next(s.text for s in suggest.suggest(case, "prestige", "gamma_book")) == (
        "Abroad, his retreat over Cuba was remembered as a humiliation.")


def test_recorded_sentences_are_never_suggested(small_case: Path) -> None:
    case, _ = load_case(with_a_third_text(small_case))
    offered = {s.text for s in suggest.suggest(case, "harvest", top=100)}
    assert "The harvest of 1963 failed." not in offered  # recorded under harvest
    assert not any("bold schemes" in text for text in offered)  # recorded under prestige
    assert "The army disliked the cuts." not in offered  # five words, but none of the harvest's


def test_on_the_khrushchev_case_the_suggestions_beat_chance() -> None:
    case, _ = load_case(ROOT / "claims")
    results = suggest.held_out(case)
    assert len(results) == 39  # every thesis with every source it quotes
    for k in (5, 10):
        found, chance = suggest.recall(results, k)
        assert found > 1.5 * chance, (k, found, chance)
    assert suggest.recall(results, 10)[0] >= 0.6


def test_the_command(capsys, small_case: Path) -> None:
    with_a_third_text(small_case)
    assert main(["suggest", str(small_case), "harvest", "--source", "gamma_book", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gamma_book:1     0.") and out.endswith(
        "  The harvest failed again in 1964, and the leader was blamed for it.\n")
    assert main(["suggest", str(small_case), "harvest", "--top", "0"]) == 2
    assert capsys.readouterr().err == "error: --top 0: use a whole number from 1 to 100\n"


def test_boilerplate_lines_are_never_suggested_and_suggestions_say_why_in_words() -> None:
    case, problems = load_case(ROOT / "bench" / "cases" / "rome")
    assert problems == []
    offered = suggest.suggest(case, "religion", "wiki", top=100)
    texts = [s.text for s in offered]
    for banner in ("Fall of the West", "From the Open History Wiki, the free encyclopedia", "Jump to navigation",
                   "This page was last edited on 3 March, and its text is available under a free licence."):
        assert banner not in texts
    assert [s.why() for s in offered] == [
        "uses “fall”, “western” and “empire”, as the thesis does", "uses “fight” and “christian”, as the thesis does",
        "uses “state” and “church”, as the thesis does", "uses “state”, as the thesis does"]
    assert texts[1] == "He also claimed that Christian teaching of patience made citizens less willing to fight."
    assert suggest.Suggestion("s", 1, 0, 1, "x", 0.1).why() == "shares no word with the thesis"
    many = suggest.Suggestion("s", 1, 0, 1, "x", 0.1, ("a", "b", "c", "d", "e", "f"))
    assert many.why() == "uses “a”, “b”, “c” and “d” and 2 more of its words, as the thesis does"


def test_bm25_ranks_the_same_sentences() -> None:
    found = list(suggest.sentences(GAMMA))
    ranked = suggest.rank("harvest failed leader", found, "bm25")
    assert ranked[0][0].text == "The harvest failed again in 1964, and the leader was blamed for it."
    assert sorted(s.text for s, _ in ranked) == sorted(s.text for s in found)
