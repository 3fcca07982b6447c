"""How good the passage suggestions are, and how long they take, on the Khrushchev case.

For every thesis and every source it quotes, that source's passages for the thesis are hidden (and left out of
the thesis's description); the source's sentences that no other claim file records are ranked; recall at 5 and
at 10 is how many of the hidden passages' sentences come in the first 5 or 10. Printed next to a random order of
the same sentences (the floor), and the time of one suggestion next to the time of loading the case.

    .venv/bin/python bench/bench_suggest.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import median_time

from explorer import suggest
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    case, _ = load_case(ROOT / "claims")
    results = suggest.held_out(case)
    print(f"{len(results)} thesis x source pairs, {sum(r.relevant for r in results)} hidden sentences, "
          f"{sum(r.candidates for r in results) / len(results):.1f} candidate sentences a pair")
    print(f"{'k':>3} {'recall':>7} {'random':>7} {'ratio':>6}")
    for k in (5, 10):
        found, chance = suggest.recall(results, k)
        print(f"{k:>3} {found:>7.2f} {chance:>7.2f} {found / chance:>5.2f}x")
    load = median_time(lambda: load_case(ROOT / "claims"), 5)
    one = median_time(lambda: suggest.suggest(case, "china_split"), 5)
    print(f"one suggestion (every source): {one * 1e3:.1f} ms; loading the case: {load * 1e3:.1f} ms "
          f"({one / load:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
