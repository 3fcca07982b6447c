"""Weighing time against one plain scoring pass measured in the same run.

For the default case (claims/, when it loads) and synthetic cases of 100 and 1,000 theses (20 passages
each), print the median time of: one plain scoring pass (`weigh.scores`: compile the case to arrays, score,
rank), each of the three robustness samplings with 10,000 samples (settings redrawn, evidence resampled,
coding varied) and the three together, the pivotal-passage search and the pivotal-judgement search, each
with its ratio to the plain pass. Every timing starts from the loaded Case, so it includes compiling it.
Then the whole `python -m explorer rank claims` process, against a bare `python -c pass` process.

The pages draw the samplings with the stopping rule (`margin=weigh.MARGIN`: each stops once every share of first
places is known within 1 percentage point), from the case compiled once (the page compiles it once for each set of
points and hands the compiled case to the worker process that draws them: explorer/ui/page.py, sure.py); "as the
app" is that, timed from the compiled case, with the samples each
sampling took and the peak memory the three took (tracemalloc, which sees numpy's arrays). The engine keeps the
what it drew for a case (weigh.sampling.KEEP), so it is timed three times: drawn afresh (nothing kept:
a new case, or the points moved), after a weight slider moved and after a trust slider moved. A small case keeps
its draws for any weights and trusts; a case of 100 theses keeps them for its trusts (a trust slider draws anew);
none are kept at 1,000 theses, where a run's draws would take more than a quarter of KEEP.

The bench asks C's allocator what the app's worker process asks it (explorer/allocator.py: reuse the memory the
samplings free); without it the default case's fresh draws took 47-51 ms instead of about 31.

Goals: the three samplings together, as the app draws them, within 30 ms on the default case, 300 ms on 100
theses and 3 s on 1,000 theses, under 500 MB at 1,000 theses; the `rank` process within 3 s.

    .venv/bin/python bench/bench_weigh.py [--repeats N] [--samples N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_time

from explorer import allocator, weigh
from explorer.load import load_case
from explorer.synthetic import make_case
from explorer.weigh import sampling
from explorer.weighting import Weighting

GOALS_S = {"claims (default)": 0.03, "synthetic 100": 0.3, "synthetic 1,000": 3.0}
MEMORY_GOAL_MB = 500
RANK_GOAL_S = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=weigh.SAMPLES)
    args = parser.parse_args()
    allocator.reuse_freed_memory()  # as the worker process that draws the samplings asks it (explorer/ui/sure.py)
    cases = []
    default, problems = load_case(ROOT / "claims")
    if default.theses:
        cases.append(("claims (default)", default))
        if problems:
            print(f"note: claims/ has {len(problems)} problems; timing what loaded", file=sys.stderr)
    else:
        print("note: claims/ did not load any thesis; its row is skipped", file=sys.stderr)
    cases += [(f"synthetic {n:,}", make_case(n, 20, seed=1)) for n in (100, 1000)]

    heads = ["settings", "evidence", "coding", "all three", "pivotal", "judgements"]
    print(f"{'case':<17} {'theses':>6} {'passages':>8} {'score ms':>8} " + " ".join(f"{h:>15}" for h in heads))
    verdicts = []
    for name, case in cases:
        theses, _, passages = weigh.matrices(case).size
        score = median_time(lambda c=case: weigh.scores(c), args.repeats)
        times = [median_time(lambda c=case, k=kind: (sampling._kept.clear(),
                                                     weigh.robustness(c, samples=args.samples, kind=k)), args.repeats)
                 for kind in weigh.KINDS]  # drawn afresh: nothing kept
        times.append(sum(times))
        times.append(median_time(lambda c=case: weigh.pivotal(c), args.repeats))
        times.append(median_time(lambda c=case: weigh.pivotal_judgements(c), args.repeats))
        cells = " ".join(f"{t * 1e3:>8.1f} {t / score:>5.0f}x" for t in times)
        print(f"{name:<17} {theses:>6} {passages:>8} {score * 1e3:>8.2f} {cells}")
        compiled = weigh.matrices(case)  # as the page compiles it (the points do not move here)
        app = [weigh.robustness(compiled, samples=args.samples, kind=k, margin=weigh.MARGIN) for k in weigh.KINDS]

        def as_drawn(c=case, m=compiled, weights=None, trust=None, fresh=True):
            if fresh:
                sampling._kept.clear()
            weighting = Weighting.of(c, weights, trust=trust)
            return [weigh.robustness(m, weighting, samples=args.samples, kind=k, margin=weigh.MARGIN)
                    for k in weigh.KINDS]

        as_app = median_time(as_drawn, args.repeats)
        moves = iter([{"support": 1.0 + i / 100} for i in range(args.repeats + 1)])
        as_drawn()  # kept for the default settings; each timed run moves the support slider a little
        moved = median_time(lambda moves=moves: as_drawn(weights=next(moves), fresh=False), args.repeats)
        source = next(iter(case.sources))
        trusts = iter([{source: 0.5 + i / 100} for i in range(args.repeats + 1)])
        as_drawn()  # each timed run moves the first source's trust slider a little
        trusted = median_time(lambda trusts=trusts: as_drawn(trust=next(trusts), fresh=False), args.repeats)
        sampling._kept.clear()
        tracemalloc.start()
        for k in weigh.KINDS:
            weigh.robustness(compiled, samples=args.samples, kind=k, margin=weigh.MARGIN)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{'':<17} as the app: {as_app * 1e3:.1f} ms drawn afresh ({as_app / score:.0f}x), "
              f"{moved * 1e3:.1f} ms after a weight slider moved ({moved / score:.0f}x), {trusted * 1e3:.1f} ms after a "
              f"trust slider moved ({trusted / score:.0f}x); samples "
              + ", ".join(f"{r.kind} {r.samples:,}" for r in app) + f"; peak memory {peak:.0f} MB")
        if name in GOALS_S:
            for how, took in (("drawn afresh", as_app), ("after a weight slider moved", moved),
                              ("after a trust slider moved", trusted)):
                verdicts.append(f"goal: {name}, the three samplings as the app draws them, {how}: {took * 1e3:.0f} ms, "
                                f"goal {GOALS_S[name] * 1e3:.0f} ms: {'met' if took <= GOALS_S[name] else 'NOT met'}")
        if name == "synthetic 1,000":
            verdicts.append(f"goal: {name}, peak memory of the samplings {peak:.0f} MB, goal {MEMORY_GOAL_MB} MB: "
                            f"{'met' if peak <= MEMORY_GOAL_MB else 'NOT met'}")
    print(f"samplings: {args.samples:,} samples each; median of {args.repeats} runs after a warm-up; "
          "ratios against the plain scoring pass")

    bare = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 3)
    rank = median_time(lambda: subprocess.run([sys.executable, "-m", "explorer", "rank", str(ROOT / "claims")],
                                              check=True, capture_output=True, cwd=ROOT), 3)
    print(f"python -m explorer rank claims: {rank:.2f} s, {rank / bare:.0f}x a bare python process ({bare:.3f} s)")
    verdicts.append(f"goal: the rank process {rank:.2f} s, goal {RANK_GOAL_S:.0f} s: "
                    f"{'met' if rank <= RANK_GOAL_S else 'NOT met'}")
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
