"""How sure the ranking is, worked out beside the page.

The three robustness samplings take longer than everything else a page does (about a tenth of a second on the
default case, seconds on a large one). So a page shows the ranking and the answer at once and asks for the
samplings here: they run in one worker process (its own interpreter, so that the samplings' many small numpy steps
never hold the page's interpreter lock while a reader's rerun waits for it), once per compiled case and weighting,
shared by every reader with the same settings. The worker keeps what it drew for a case (up to weigh.sampling.KEEP
bytes), so that another weighting of the same case mostly ranks the same draws again. A page waits for them at most
EXPLORER_SURE_WAIT seconds (default 0: not at all); when they are not ready by then it draws without them, says so,
and `follow()` reruns it as soon as they are. A reader who moves a slider again no longer needs the figures of
their last weighting: a job not yet started is dropped.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as NotYet
from concurrent.futures.process import BrokenProcessPool

import streamlit as st

from explorer import config, weigh

WAIT_VAR = "EXPLORER_SURE_WAIT"
WAIT_DEFAULT = 0.0  # seconds: the ranking answers at once; the figures follow (see follow)
WAIT_MOST = 600.0
KEPT = 32  # weightings whose figures are kept (each a few kilobytes: 3 x T x T counts)
POLL = 0.2  # seconds between two looks at a job still running
STATE = "sure_job"

_pool: ProcessPoolExecutor | None = None  # started on the first job ("spawn": a fresh interpreter, never a fork
# of the server's threads)
_jobs: OrderedDict[tuple, Future] = OrderedDict()
_lock = threading.Lock()


def _submit(*args) -> Future:
    """The samplings on the worker process, a new one when the last has died (killed, out of memory)."""
    global _pool
    for _ in range(2):
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start)
        try:
            return _pool.submit(_draw, *args)
        except BrokenProcessPool:
            _pool = None
    raise BrokenProcessPool("the worker process for the robustness samplings could not be started")


def _start() -> None:
    """The worker's settings, as it starts: how much of what it draws it keeps for reruns (read once), and C's
    allocator asked to reuse the memory the samplings free (explorer/allocator.py)."""
    from explorer import allocator
    from explorer.weigh import sampling

    sampling.KEEP = config.kept_bytes()
    allocator.reuse_freed_memory()


def wait_seconds() -> float:
    """EXPLORER_SURE_WAIT, read as seconds from 0 to 600; the default (0) otherwise."""
    return config.seconds(WAIT_VAR, WAIT_DEFAULT, WAIT_MOST, zero=True)


def _draw(m: weigh.Matrices, weighting: weigh.Weighting | None, model: str,
          samples: int) -> dict[str, weigh.Robustness]:
    return {kind: weigh.robustness(m, weighting, samples=samples, model=model, kind=kind,
                               margin=weigh.MARGIN) for kind in weigh.KINDS}


def key(m: weigh.Matrices, weighting: weigh.Weighting, model: str, samples: int = 0) -> tuple:
    """What the samplings (and a ranking) depend on: the compiled case (its points included), the method and the
    weighting."""
    return (m.digest(), model, samples, tuple(sorted(weighting.weights.items())),
            tuple(sorted(weighting.trust.items())))


def ready(m: weigh.Matrices, weighting: weigh.Weighting, model: str,
          samples: int) -> dict[str, weigh.Robustness] | None:
    """The samplings for this weighting if they are drawn already (for this reader or another), else None, without
    asking for them: a page that answers first asks for them after its answer (job), so that the worker process
    does not take a core from the page while it works the answer out."""
    with _lock:
        future = _jobs.get(key(m, weighting, model, samples))
    if future is None or not future.done() or future.cancelled() or future.exception() is not None:
        return None
    return future.result()


def job(m: weigh.Matrices, weighting: weigh.Weighting, model: str, samples: int) -> Future:
    """The samplings for this weighting: already done, running, or queued now."""
    key_ = key(m, weighting, model, samples)
    with _lock:
        future = _jobs.get(key_)
        if future is None or future.cancelled():
            future = _submit(m, weighting, model, samples)
            _jobs[key_] = future
            while len(_jobs) > KEPT:
                _, old = _jobs.popitem(last=False)
                old.cancel()
        else:
            _jobs.move_to_end(key_)
    last = st.session_state.get(STATE)
    if last is not None and last is not future:
        last.cancel()  # only a job that has not started: one running finishes for whoever else asked
    st.session_state[STATE] = future
    return future


def figures(m: weigh.Matrices, weighting: weigh.Weighting, model: str,
            samples: int) -> dict[str, weigh.Robustness] | None:
    """The samplings for this weighting if they are ready within the wait, else None (and the page reruns
    itself when they are: see follow)."""
    future = job(m, weighting, model, samples)
    try:
        return future.result(timeout=wait_seconds())
    except NotYet:
        return None
    except BrokenProcessPool:  # the worker died under this job: the next look starts a new one
        with _lock:
            for dead in [k for k, f in _jobs.items() if f is future]:
                del _jobs[dead]
        return None


@st.fragment(run_every=POLL)
def follow() -> None:
    """While the reader's samplings run: a line that says so, and a rerun of the whole page once they are done."""
    future = st.session_state.get(STATE)
    if future is None or future.done():
        st.rerun(scope="app")
    st.caption("Testing how sure the ranking is…")
