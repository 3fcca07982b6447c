"""The worker process that draws the robustness samplings beside the page (explorer/ui/sure.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from explorer import weigh
from explorer.load import load_case
from explorer.ui import sure

ROOT = Path(__file__).resolve().parent.parent


def test_the_worker_process_draws_what_the_engine_draws_here() -> None:
    case, _ = load_case(ROOT / "claims")
    m = weigh.matrices(case)
    chosen = weigh.Weighting.of(case, {"support": 1.5})
    there = sure._submit(m, chosen, "evidence", 2000).result(timeout=120)
    here = sure._draw(m, chosen, "evidence", 2000)
    assert set(there) == set(weigh.KINDS)
    for kind in weigh.KINDS:
        assert there[kind].samples == here[kind].samples
        np.testing.assert_array_equal(there[kind].counts, here[kind].counts)


def test_a_dead_worker_is_replaced_by_a_new_one() -> None:
    case, _ = load_case(ROOT / "claims")
    m = weigh.matrices(case)
    sure._submit(m, None, "evidence", 500).result(timeout=120)
    for process in list(sure._pool._processes.values()):
        process.kill()
        process.join(30)
    late = sure._submit(m, None, "evidence", 500)  # refused by the broken pool, or broken by it: either way…
    try:
        late.result(timeout=120)
    except Exception:  # noqa: BLE001 - the dead pool's failure is what is being provoked
        late = sure._submit(m, None, "evidence", 500)
    assert late.result(timeout=120)["settings"].samples == 500
