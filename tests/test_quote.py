"""Quote location: only whitespace, typographic quotes and dashes are normalised."""
import pytest

from explorer.quote import closest, fold, line_of, locate

TEXT = "He said:\n  \u201cWe will\tbury you!\u201d\u2014and left.\nIt\u2019s over.\n"


def test_fold_collapses_whitespace_and_marks() -> None:
    assert fold(TEXT).text == 'He said: "We will bury you!"-and left. It\'s over. '


def test_locate_returns_the_span_in_the_original() -> None:
    match = locate('"We will bury you!"-and left.', fold(TEXT))
    assert (match.start, match.end, match.count) == (11, 40, 1)
    assert TEXT[match.start:match.end] == "\u201cWe will\tbury you!\u201d\u2014and left."


def test_locate_across_a_line_break() -> None:
    match = locate("He said: \u201cWe", fold(TEXT))
    assert TEXT[match.start:match.end] == "He said:\n  \u201cWe"


def test_locate_is_case_and_spelling_exact() -> None:
    assert locate("we will bury you", fold(TEXT)) is None
    assert locate("It is over.", fold(TEXT)) is None


def test_locate_counts_repeats() -> None:
    assert locate("a", fold("a b a")).count == 2


def test_empty_quote_is_not_found() -> None:
    assert locate("   ", fold(TEXT)) is None


def test_closest_finds_the_near_passage() -> None:
    near = closest("We will burry you", fold(TEXT), TEXT)
    assert near.passage == "We will\tbury you"  # the "!" the quote leaves out is not taken in
    assert (near.start, near.similarity) == (12, 94.1)


def test_line_of() -> None:
    assert [line_of(TEXT, 0), line_of(TEXT, 12), line_of(TEXT, 45)] == [1, 2, 3]


from hypothesis import given
from hypothesis import strategies as st


@given(st.text(alphabet=st.sampled_from(list("ab \n\t\u2019'\u2014-")), max_size=60))
def test_every_folded_character_maps_back_to_its_original(text: str) -> None:
    folded = fold(text)
    marks = text.translate(str.maketrans({"\u2019": "'", "\u2014": "-"}))
    for index, char in enumerate(folded.text):
        original = marks[folded.origin(index)]
        assert original == char or (char == " " and original.isspace())


def test_a_near_passage_starts_where_the_sources_words_start() -> None:
    """Worked by hand: the quote has "the" (3 letters) where the source has "a" (1), so it is two characters longer
    than the source's words; a window as long as the quote would start two characters early, on ". " (index 20).
    The passage starts at "Our" (index 22) and ends after "grain." (index 75)."""
    text = "The villas lay empty. Our worst enemy is a government that takes our grain."
    near = closest("Our worst enemy is the government that takes our grain.", fold(text), text)
    assert (near.start, near.end, near.passage) == (22, 75, "Our worst enemy is a government that takes our grain.")
    longer = closest("Our worst enemy is the most greedy government", fold(text), text)  # the quote is longer: no
    assert longer.passage == "Our worst enemy is a government"  # word of the sentence before is taken in


def test_a_long_quote_is_aligned_as_the_partial_ratio_aligns_it() -> None:
    """A quote longer than _LONG, lying inside a wider window, is compared stretch by stretch: the same score and
    place as rapidfuzz's partial ratio, which also tries the stretches hanging over the window's ends."""
    import random

    from rapidfuzz import fuzz

    from explorer.quote import _LONG, _aligned

    rng = random.Random(3)
    words = ["the", "plenum", "harvest", "maize", "Presidium", "retreat", "Cuba", "China", "officers", "rotation", "party", "cadres"]
    for _ in range(5):
        window = " ".join(rng.choice(words) for _ in range(120))
        start = rng.randrange(0, len(window) - _LONG - 60)
        quote = list(window[start:start + _LONG + 50])
        for i in rng.sample(range(len(quote)), 6):
            quote[i] = "x"  # a few typing slips
        quote = "".join(quote)
        mine, theirs = _aligned(quote, window), fuzz.partial_ratio_alignment(quote, window, processor=None)
        assert mine.score == pytest.approx(theirs.score)
        assert (mine.dest_end - mine.dest_start, mine.src_start, mine.src_end) == (len(quote), 0, len(quote))


@pytest.mark.parametrize("text", ["  a  b ", " ", "", "a", "a\n", "\n", "\t\t", "x\u2028y\u00a0 z\x1f", "a \u3000"])
def test_whitespace_is_folded_as_the_pattern_folds_it(text: str) -> None:
    import re

    assert fold(text).text == re.sub(r"\s+", " ", text)
