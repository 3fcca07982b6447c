"""Load-and-validate time against a floor measured in the same run.

For synthetic cases of 10, 100 and 1,000 theses (20 passages each, source texts of a few KB), print the
time of `load_case` next to the floor: reading the same files and parsing the YAML with PyYAML's C loader,
and nothing else (each the median of 9 runs, a floor and a load in turn, so that both see the same load). Target: within 2x of the floor at every size, growing linearly.

Then the worst case of a quote's check: a passage whose quote of 1k, 10k and 100k characters is nowhere in its
100k-character source, so the loader looks for the closest passage to suggest. Printed next to the floor of
the same case with the quote copied verbatim. The search compares a few windows around the quote's rarest
words and stops at quotes of 1,000 characters, so the cost stays close to linear (it once took 421 s at 20k).

    .venv/bin/python bench/bench_load.py [--repeats N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import median_times

from explorer.load import load_case
from explorer.synthetic import _FACTORS, make_case, write_case_folder


def floor(folder: Path) -> None:
    """Read every file of the case and parse each YAML file with the C loader."""
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".yaml":
            yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        elif path.suffix == ".txt":
            path.read_bytes().decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    verdicts = []
    print(f"{'theses':>7} {'passages':>9} {'files':>6} {'floor ms':>9} {'load ms':>9} {'ratio':>6} {'ms/thesis':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (10, 100, 1000):
            folder = write_case_folder(make_case(size, 20, seed=1), Path(tmp) / f"case{size}")
            case, problems = load_case(folder)
            if problems:
                print(f"synthetic case of {size} has problems: {problems[:3]}", file=sys.stderr)
                return 1
            files = sum(1 for p in folder.rglob("*") if p.is_file())
            passages = sum(len(t.evidence) for t in case.theses.values())
            base, load = median_times([lambda f=folder: floor(f), lambda f=folder: load_case(f)], args.repeats)
            print(f"{size:>7} {passages:>9} {files:>6} {base * 1e3:>9.1f} {load * 1e3:>9.1f} "
                  f"{load / base:>5.2f}x {load * 1e3 / size:>10.2f}")
            verdicts.append(f"goal: loading {size:,} theses {load / base:.2f}x its floor, goal 2x: "
                            f"{'met' if load / base <= 2 else 'NOT met'}")
    print()
    verdicts += misquotes(args.repeats)
    for line in verdicts:
        print(line)
    return 0


def _one_quote_case(folder: Path, text: str, quote: str) -> Path:
    (folder / "theses").mkdir(parents=True)
    (folder / "texts").mkdir()
    (folder / "case.yaml").write_text("title: T\nquestion: Q?\nperiod: {start: 1960, end: 1965}\nsummary: S.\n")
    (folder / "sources.yaml").write_text("sources:\n  - id: s\n    kind: reference_work\n    title: S\n"
                                         "    description: D.\n")
    for name, key in (("historians", "historians"), ("timeline", "events"), ("contested", "contested")):
        (folder / f"{name}.yaml").write_text(f"{key}: []\n")
    (folder / "texts" / "s.txt").write_text(text)
    (folder / "theses" / "t.yaml").write_text(
        "id: t\ntitle: T\nstatement: S.\nsummary: S.\nscope: domestic\nevidence:\n  - source: s\n    stance: supports\n"
        f"    strength: 2\n    note: N.\n    quote: {yaml.safe_dump(quote, width=10**9).strip().removesuffix('...').strip()}\n")
    return folder


def misquotes(repeats: int) -> list[str]:
    words = " ".join(_FACTORS).split()
    rng = random.Random(1)
    text = " ".join(rng.choice(words) for _ in range(40_000))[:100_000]
    verdict = ""
    print(f"{'quote chars':>12} {'verbatim ms':>12} {'misquoted ms':>13} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for length in (1_000, 10_000, 100_000):
            verbatim = text[:length].strip()
            wrong = " ".join(reversed(verbatim.split()))  # the same words, none in the source's order
            good = _one_quote_case(Path(tmp) / f"good{length}", text, verbatim)
            bad = _one_quote_case(Path(tmp) / f"bad{length}", text, wrong)
            if load_case(good)[1] or not load_case(bad)[1]:
                print("the misquote cases did not load as intended", file=sys.stderr)
                raise SystemExit(1)
            base, cost = median_times([lambda f=good: load_case(f), lambda f=bad: load_case(f)], repeats)
            print(f"{length:>12,} {base * 1e3:>12.1f} {cost * 1e3:>13.1f} {cost / base:>5.2f}x")
            if length == 1_000:
                verdict = (f"goal: a misquote of 1,000 characters {cost / base:.2f}x a verbatim quote, goal 3x: "
                           f"{'met' if cost / base <= 3 else 'NOT met'}")
    return [verdict]


if __name__ == "__main__":
    raise SystemExit(main())
