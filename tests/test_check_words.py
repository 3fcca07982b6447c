"""Check my essay: the words it compares (explorer/check/words.py): stems, the words that carry meaning,
negations."""

from __future__ import annotations

import pytest

from explorer import check


@pytest.mark.parametrize(("word", "stem"), [
    ("lands", "land"), ("removed", "remov"), ("countries", "country"), ("crashes", "crash"), ("ruling", "rul"),
    ("Khrushchev's", "khrushchev"), ("agreed", "agreed"), ("crisis", "crisis"), ("USSR", "soviet"),
    ("Russian", "soviet"), ("soviets", "soviet"),
])
def test_a_word_is_stemmed_by_a_few_suffix_rules(word: str, stem: str) -> None:
    assert check.stem(word) == stem


def test_the_words_that_carry_meaning_leave_out_stop_words_and_negations() -> None:
    assert check.content_words("He was not removed because of the harvests, in fact.") == ["remov", "harvest"]


def test_negations_are_kept_apart_and_a_contraction_counts() -> None:
    assert check.negations("He didn't fall because of China; that is a myth.") == {"not", "myth"}
    assert check.negations("He fell because of China.") == set()
