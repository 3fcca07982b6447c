"""Weighing time against one plain scoring pass measured in the same run.

For the default case (claims/, when it loads) and synthetic cases of 100 and 1,000 theses (20 passages
each), print the median time of: one plain scoring pass (`weigh.scores`: compile the case to arrays, score,
rank), robustness with 10,000 samples, and the pivotal-passage search, each with its ratio to the plain
pass. Every timing starts from the loaded Case, so it includes compiling it. Target: robustness and the
pivotal search each under 100 ms on the default case.

    .venv/bin/python bench/bench_weigh.py [--repeats N] [--samples N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_time  # noqa: E402

from explorer import weigh  # noqa: E402
from explorer.load import load_case  # noqa: E402
from explorer.synthetic import make_case  # noqa: E402

TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=weigh.SAMPLES)
    args = parser.parse_args()
    cases = []
    default, problems = load_case(ROOT / "claims")
    if default.theses:
        cases.append(("claims (default)", default))
        if problems:
            print(f"note: claims/ has {len(problems)} problems; timing what loaded", file=sys.stderr)
    else:
        print("note: claims/ did not load any thesis; its row is skipped", file=sys.stderr)
    cases += [(f"synthetic {n:,}", make_case(n, 20, seed=1)) for n in (100, 1000)]

    print(f"{'case':<18} {'theses':>6} {'passages':>8} {'sources':>7} {'score ms':>9} "
          f"{'robust ms':>10} {'ratio':>6} {'pivotal ms':>10} {'ratio':>6}")
    met = None
    for name, case in cases:
        theses, sources, passages = weigh.matrices(case).size
        score = median_time(lambda c=case: weigh.scores(c), args.repeats)
        robust = median_time(lambda c=case: weigh.robustness(c, samples=args.samples), args.repeats)
        pivot = median_time(lambda c=case: weigh.pivotal(c), args.repeats)
        print(f"{name:<18} {theses:>6} {passages:>8} {sources:>7} {score * 1e3:>9.2f} "
              f"{robust * 1e3:>10.1f} {robust / score:>5.0f}x {pivot * 1e3:>10.2f} {pivot / score:>5.1f}x")
        if name.startswith("claims"):
            met = max(robust, pivot) * 1e3 < TARGET_MS
    print(f"robustness: {args.samples:,} samples; median of {args.repeats} runs after a warm-up")
    if met is not None:
        print(f"target on the default case, under {TARGET_MS:.0f} ms each: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
