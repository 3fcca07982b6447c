"""How good the passage suggestions are, and how long they take: on the Khrushchev case and on a small case whose
texts were written for the benchmarks (bench/cases/rome: a textbook, a wiki page with its banners, a lecture).

For every thesis and every source it quotes, that source's passages for the thesis are hidden (and left out of
the thesis's description); the source's sentences that no other claim file records (and that are no boilerplate)
are ranked; recall at 5 and at 10 is how many of the hidden passages' sentences come in the first 5 or 10. Each
ranking (TF-IDF, the explorer's; BM25, by bm25s) is printed next to a random order of the same sentences (the
floor), and the time of one suggestion next to the time of loading the case.

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
CASES = {"khrushchev": ROOT / "claims", "rome (written here)": ROOT / "bench" / "cases" / "rome"}


def main() -> int:
    print(f"{'case':<20} {'ranking':<7} {'pairs':>5} {'hidden':>6} {'cands':>5} {'r@5':>5} {'rand':>5} {'x':>5} "
          f"{'r@10':>5} {'rand':>5} {'x':>5}")
    for name, folder in CASES.items():
        case, _ = load_case(folder)
        for method in ("tfidf", "bm25"):
            results = suggest.held_out(case, method=method)
            row = f"{name:<20} {method:<7} {len(results):>5} {sum(r.relevant for r in results):>6} " \
                  f"{sum(r.candidates for r in results) / len(results):>5.1f}"
            for k in (5, 10):
                found, chance = suggest.recall(results, k)
                row += f" {found:>5.2f} {chance:>5.2f} {found / chance:>4.2f}x"
            print(row)
    case, _ = load_case(CASES["khrushchev"])
    load = median_time(lambda: load_case(ROOT / "claims"), 5)
    one = median_time(lambda: suggest.suggest(case, "china_split"), 5)
    print(f"one suggestion (every source of the Khrushchev case): {one * 1e3:.1f} ms; loading the case: "
          f"{load * 1e3:.1f} ms ({one / load:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
