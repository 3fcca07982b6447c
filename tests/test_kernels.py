"""The samplings' compiled inner loops (explorer/weigh/kernels.py), on cases small enough to work by hand."""

from __future__ import annotations

import importlib
import math
import sys

import numba
import numpy as np
import pytest

from explorer.weigh import kernels, sampling

WHOLE = np.int64


def test_bounded_keeps_the_words_below_top_in_order_until_full_where_top_is_over_half_their_range() -> None:
    out = np.zeros(4, dtype=np.uint8)
    assert kernels.bounded(np.array([5, 250, 7, 199, 200, 3, 9], dtype=np.uint8), 200, out, 0) == 4
    assert out.tolist() == [5, 7, 199, 3]  # 250 and 200 passed over; 9 not needed
    out = np.zeros(4, dtype=np.uint8)
    assert kernels.bounded(np.array([1, 255], dtype=np.uint8), 200, out, 0) == 1  # ran out: one kept so far
    assert kernels.bounded(np.array([201, 2, 3, 4, 5], dtype=np.uint8), 200, out, 1) == 4  # goes on from there
    assert out.tolist() == [1, 2, 3, 4]


def test_bounded_maps_a_word_to_its_share_of_top_and_passes_over_the_few_that_would_tip_the_chances() -> None:
    """top 3 from bytes: a byte w gives (3 w) >> 8; 256 = 3 x 85 + 1, so one byte in 256 is passed over: the one
    whose low byte of 3 w is below 256 mod 3 = 1, that is w = 0. Each of 0, 1 and 2 then comes from 85 bytes."""
    out = np.zeros(5, dtype=np.int32)
    assert kernels.bounded(np.array([0, 1, 85, 86, 171, 255], dtype=np.uint8), 3, out, 0) == 5
    assert out.tolist() == [0, 0, 1, 2, 2]  # 1 -> 3 >> 8 = 0; 85 -> 255 >> 8 = 0; 86 -> 258 >> 8 = 1; ...
    every = np.zeros(256, dtype=np.int32)
    assert kernels.bounded(np.arange(256, dtype=np.uint8), 3, every, 0) == 255
    assert np.bincount(every[:255]).tolist() == [85, 85, 85]  # exact chances
    wide = np.zeros(65_536 - 65_536 % 2_000, dtype=np.int32)
    assert kernels.bounded(np.arange(65_536, dtype=np.uint16), 2_000, wide, 0) == len(wide)
    assert set(np.bincount(wide).tolist()) == {32}  # 16-bit words for 2,000 passages: each 32 times


def test_below_gives_the_coding_the_stream_s_bytes_below_top() -> None:
    """The coding's bytes: the bytes one stream draws (as Generator.integers would give them), those at 200 or
    above passed over (exact chances)."""
    drawn = sampling._below(np.random.PCG64(7), 200, np.empty(5_000, dtype=np.uint8))
    twin = np.random.default_rng(7)
    raw = twin.integers(0, 256, size=int(5_000 * 256 / 200 * 1.02) + 64, dtype=np.uint8)
    assert drawn.tolist() == raw[raw < 200][:5_000].tolist()


@pytest.mark.parametrize("top", [1, 2, 214, 256, 257, 2_000, 65_536, 70_000])
def test_below_draws_every_number_below_top_and_no_other(top: int) -> None:
    drawn = sampling._below(np.random.PCG64(top), top, np.empty(200_000, dtype=np.int32))
    assert drawn.min() == 0 and drawn.max() == top - 1
    if top <= 256:  # each number about equally often (within five standard deviations)
        counts = np.bincount(drawn, minlength=top)
        expected = len(drawn) / top
        assert np.abs(counts - expected).max() <= 5 * math.sqrt(expected) + 1


def bearings() -> dict[str, np.ndarray]:
    """Two passages of one source (trust 0.5) on two columns. Passage 0: supports column 0 (weight 2, counts, in group
    0) and goes against column 1 (weight 3). Passage 1: supports column 1 (weight 1, counts, in group 1). Codes: 0
    supports at weight 2, 1 goes against at weight 3, 2 supports at weight 1; each group its own column."""
    return {"passage": np.array([0, 0, 1], dtype=WHOLE), "code": np.array([0, 1, 2], dtype=WHOLE),
            "source": np.zeros(3, dtype=WHOLE), "column": np.array([0, 1, 1], dtype=WHOLE),
            "key": np.array([0, 0, 1], dtype=WHOLE), "trust": np.array([0.5]),
            "key_col": np.array([0, 1], dtype=WHOLE), "key_value": np.array([1.0, 1.0]),
            "col_start": np.array([0, 1, 2], dtype=WHOLE)}


def test_a_bootstrap_block_adds_each_passage_as_often_as_it_was_drawn() -> None:
    """Draw 0 picks passage 0 twice; draw 1 picks passage 1 twice; draw 2 picks each once."""
    b = bearings()
    picks = np.array([[0, 0], [1, 1], [1, 0]], dtype=np.int32)
    sup, con, present = (np.zeros((2, 3)) for _ in range(3))
    kernels.resampled(picks, b["passage"], b["code"], b["source"], b["column"], b["key"], b["trust"],
                      np.array([2.0, 3.0, 1.0]), np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0]),
                      np.array([1, 0, 1], dtype=WHOLE), b["key_col"], b["key_value"], b["col_start"],
                      np.zeros((2, 3), dtype=np.int16), sup, con, present)
    # support: column 0 gets 2 x 0.5 a time passage 0 is drawn; column 1 gets 1 x 0.5 a time passage 1 is drawn
    assert sup.tolist() == [[2.0, 0.0, 1.0], [0.0, 1.0, 0.5]]
    assert con.tolist() == [[0.0, 0.0, 0.0], [3.0, 0.0, 1.5]]  # 3 x 0.5 a time passage 0 is drawn, on column 1
    assert present.tolist() == [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]  # a group is present when its passage was drawn


def test_a_coding_block_adds_each_bearing_s_outcome() -> None:
    """Outcomes: 0 nothing, 1 a step down. Bearing 0 (supports, weight 2) stepping down to weight 0 loses 2 of support
    and its group's only counting bearing; bearing 2 stepping down is no change (effects 0). Slots: (bearing, draw)."""
    b = bearings()
    outcome_by_slot = np.array([0, 1], dtype=np.uint8)
    slots = np.array([[1, 0], [0, 0], [1, 1]], dtype=np.uint8)  # bearing 0 steps down in draw 0 only
    sup_effect = np.array([0.0, -2.0, 0.0, 0.0, 0.0, 0.0])  # code x 2 outcomes
    count_effect = np.array([0, -1, 0, 0, 0, 0], dtype=np.int32)
    sup, con, present = (np.zeros((2, 2)) for _ in range(3))
    kernels.recoded(slots, outcome_by_slot, 2, b["code"], b["source"], b["column"], b["key"], b["trust"],
                    sup_effect, np.zeros(6), count_effect, np.array([1, 1], dtype=WHOLE), b["key_col"],
                    b["key_value"], b["col_start"], np.array([0, 2], dtype=WHOLE), sup, con, present)
    assert sup.tolist() == [[-1.0, 0.0], [0.0, 0.0]]  # -2 x trust 0.5, in draw 0
    assert con.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert present.tolist() == [[0.0, 1.0], [1.0, 1.0]]  # group 0 lost its only counting bearing in draw 0


def test_without_a_folder_for_numba_s_cache_the_loops_are_compiled_in_each_process(monkeypatch) -> None:
    """A school's server may give the explorer no folder it can write: the loops still run (compiled anew)."""
    real = numba.njit

    def no_cache(*args, **options):
        if options.get("cache"):
            raise RuntimeError("cannot cache function: no locator available")
        return real(*args, **options)

    import explorer.weigh

    monkeypatch.setattr(numba, "njit", no_cache)
    monkeypatch.delitem(sys.modules, "explorer.weigh.kernels")
    monkeypatch.setattr(explorer.weigh, "kernels", kernels)  # put back as it was afterwards
    fresh = importlib.import_module("explorer.weigh.kernels")
    assert fresh is not kernels
    assert isinstance(fresh.bounded._cache, numba.core.caching.NullCache)  # nothing written anywhere
    out = np.zeros(2, dtype=np.uint8)
    assert fresh.bounded(np.array([3, 230, 4], dtype=np.uint8), 200, out, 0) == 2
    assert out.tolist() == [3, 4]


@pytest.mark.parametrize("kind", ["evidence", "coding"])
def test_drawing_blocks_one_by_one_or_together_gives_the_same_draws(kind: str) -> None:
    """Blocks are drawn several at once when the stopping rule will need them; each block's draws are its own."""
    from explorer.synthetic import make_case
    from explorer.weigh.arrays import matrices

    m = matrices(make_case(8, 4, seed=5))
    source = sampling._Draws(m, m.trust_vector())
    rngs = lambda: [np.random.PCG64([1, b]) for b in range(3)]
    draw = source.resampled if kind == "evidence" else source.recoded
    together = draw(rngs(), [125, 125, 40])[0]
    apart = np.concatenate([draw([rng], [n])[0] for rng, n in zip(rngs(), [125, 125, 40], strict=True)])
    np.testing.assert_array_equal(together, apart)


def test_a_tally_counts_each_thesis_at_each_place() -> None:
    counts = np.zeros((3, 3), dtype=np.int64)
    kernels.tally(np.array([[2, 0, 1], [2, 1, 0], [0, 2, 1]], dtype=np.int64), counts)
    assert counts.tolist() == [[1, 1, 1],   # thesis 0: first once, second once, third once
                               [0, 1, 2],
                               [2, 1, 0]]  # thesis 2 first twice


def test_keys_are_worked_out_as_the_numpy_rule_works_them_out() -> None:
    """Each criterion raw / full capped at 1, times its weight, added up, in units of 1e-9: the same numbers as
    arrays._keys, for one set of weights and for weights drawn for each draw, ties and caps included."""
    from explorer.weigh.arrays import _FULL, _QUANTUM, _keys

    rng = np.random.default_rng(3)
    raw = np.round(rng.uniform(0, 6, size=(300, 4, 7)), 1)  # rounded: many equal values, some above full
    raw[:, :, 3] = raw[:, :, 2]  # two theses tied in every draw
    for weights in (np.array([1.0, 0.5, 0.25, -1.0]), rng.uniform(-2, 2, size=(300, 4))):
        out = np.empty((300, 7))
        kernels.keys(raw, np.atleast_2d(weights), _FULL, _QUANTUM, out)
        np.testing.assert_array_equal(out, _keys("evidence", raw.copy(), weights)[0])


@pytest.mark.parametrize("by_two", [False, True])
def test_ranked_tallies_the_order_numpy_s_rule_gives(by_two: bool) -> None:
    """Orders found by insertion, tallied: the same places as arrays._order (the larger key first, then the larger
    second key, then the lower index), on keys with many ties."""
    from explorer.weigh.arrays import _order

    rng = np.random.default_rng(4)
    primary = rng.integers(-3, 3, size=(500, 9)).astype(float)
    secondary = rng.integers(0, 3, size=(500, 9)).astype(float)
    counts = np.zeros((2, 9, 9), dtype=np.int64)  # two blocks: the first 200 draws and the other 300
    kernels.ranked(primary, secondary if by_two else primary, by_two, np.repeat([0, 1], [200, 300]), counts)
    order = _order(primary, secondary if by_two else None).astype(np.int64)
    for block, draws in ((0, slice(0, 200)), (1, slice(200, 500))):
        expected = np.zeros((9, 9), dtype=np.int64)
        kernels.tally(order[draws], expected)
        assert counts[block].tolist() == expected.tolist()
    assert (counts.sum(axis=(0, 1)) == 500).all() and (counts.sum(axis=(0, 2)) == 500).all()


def test_a_draw_s_order_puts_the_larger_key_first_then_the_lower_index() -> None:
    counts = np.zeros((1, 3, 3), dtype=np.int64)
    one = np.zeros(1, dtype=np.int64)
    kernels.ranked(np.array([[1.0, 5.0, 5.0]]), np.array([[0.0, 0.0, 0.0]]), False, one, counts)
    assert counts[0].tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]  # 1 first (5, lower index), 2 second, 0 third
    counts[:] = 0
    kernels.ranked(np.array([[1.0, 5.0, 5.0]]), np.array([[0.0, 1.0, 2.0]]), True, one, counts)
    assert counts[0].tolist() == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]  # tied at 5: the larger second key (2) first


def test_a_block_s_stream_is_numpy_s_stream_for_its_seed_kind_and_block_whatever_the_turns() -> None:
    """Blocks drawn together take turns on one generator: each gives the words its own seeded generator gives."""
    streams = sampling._Stream.of(0, 2, [5, 6])
    first, second, more = streams[0].random_raw(3), streams[1].random_raw(2), streams[0].random_raw(2)
    assert first.tolist() + more.tolist() == np.random.default_rng([0, 2, 5]).bit_generator.random_raw(5).tolist()
    assert second.tolist() == np.random.default_rng([0, 2, 6]).bit_generator.random_raw(2).tolist()


def test_by_thesis_adds_each_group_s_sums_times_its_trust_to_its_thesis() -> None:
    """Three groups on two theses: groups 0 and 2 on thesis 0 (trusts 0.5 and 1), group 1 on thesis 1 (trust 0.25).
    Backing as recorded; contestation and support never below 0; the same numbers as a product with the
    (groups x theses) matrix of trusts."""
    support = np.array([[2.0, 4.0, 1.0], [0.0, -1.0, 0.0]])
    contest = np.array([[1.0, 0.0, 3.0], [0.0, 2.0, 0.0]])
    present = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    thesis, trust, backing = np.array([0, 1, 0]), np.array([0.5, 0.25, 1.0]), np.array([0.3, 0.0])
    raw = np.empty((2, 4, 2))
    kernels.by_thesis(support, contest, present, thesis, trust, backing, raw)
    assert raw[0].tolist() == [[2.0, 1.0], [0.5, 0.25], [0.3, 0.0], [3.5, 0.0]]
    assert raw[1].tolist() == [[0.0, 0.0], [1.0, 0.25], [0.3, 0.0], [0.0, 0.5]]  # support -0.25 held at 0
    rng = np.random.default_rng(8)
    sums = [rng.integers(0, 4, size=(50, 30)).astype(float) for _ in range(3)]
    thesis, trust = rng.integers(0, 7, size=30), rng.uniform(0, 1, size=30)
    matrix = np.zeros((30, 7))
    matrix[np.arange(30), thesis] = trust
    raw = np.empty((50, 4, 7))
    kernels.by_thesis(*sums, thesis, trust, np.zeros(7), raw)
    for criterion, drawn in ((0, sums[0]), (1, sums[2]), (3, sums[1])):
        np.testing.assert_allclose(raw[:, criterion], drawn @ matrix, rtol=1e-12)
