"""The robustness figures drawn beside the page: one job per weighting, shared; a wait read from the environment."""

from __future__ import annotations

import threading
import time

import pytest

from explorer import weigh
from explorer.ui import sure
from tests.test_weigh import three_theses


@pytest.mark.parametrize("given,expected", [(None, 0.0), ("0.5", 0.5), ("-3", 0.0), ("600", 600.0), ("1e9", 0.0), ("soon", 0.0),
                                            ("nan", 0.0)])
def test_the_wait_is_read_once_and_bounded(monkeypatch, given, expected) -> None:
    if given is None:
        monkeypatch.delenv(sure.WAIT_VAR, raising=False)
    else:
        monkeypatch.setenv(sure.WAIT_VAR, given)
    assert sure.wait_seconds() == expected


def test_one_job_per_weighting_and_a_queued_one_dropped_when_the_reader_moves_on(monkeypatch) -> None:
    gate = threading.Event()
    drawn = sure._draw
    monkeypatch.setattr(sure, "_draw", lambda *args: (gate.wait(30), drawn(*args))[1])
    monkeypatch.setattr(sure.st, "session_state", {})
    m = weigh.matrices(three_theses())
    weights = dict(weigh.DEFAULT_WEIGHTS)
    running = sure.job(m, weights, {"s2": 0.11}, "evidence", 50)  # blocks the single worker
    deadline = time.monotonic() + 60
    while not running.running() and time.monotonic() < deadline:  # the worker may finish earlier tests' jobs first
        time.sleep(0.01)
    assert running.running()
    first = sure.job(m, weights, {"s2": 0.12}, "evidence", 50)  # queued behind it; the reader's latest
    assert sure.job(weigh.matrices(three_theses()), weights, {"s2": 0.12}, "evidence", 50) is first  # shared
    second = sure.job(m, weights, {"s2": 0.13}, "evidence", 50)  # the reader moved the slider again
    assert first.cancelled() and not second.cancelled()
    gate.set()
    figures = second.result(timeout=30)
    assert set(figures) == set(weigh.KINDS)
    assert figures["settings"].samples == 50
    assert running.result(timeout=30)["coding"].samples == 50  # the first job, taken from the queue, finished
    expected = weigh.robustness(m, weights, {"s2": 0.13}, samples=50, kind="evidence")
    assert (figures["evidence"].counts == expected.counts).all()
