"""Load-and-validate time against a floor measured in the same run.

For synthetic cases of 10, 100 and 1,000 theses (20 passages each, source texts of a few KB), print the
time of `load_case` next to the floor: reading the same files and parsing the YAML with PyYAML's C loader,
and nothing else. Target: within 2x of the floor at every size, growing linearly.

    .venv/bin/python bench/bench_load.py [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import median_time

from explorer.load import load_case
from explorer.synthetic import make_case, write_case_folder


def floor(folder: Path) -> None:
    """Read every file of the case and parse each YAML file with the C loader."""
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".yaml":
            yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        elif path.suffix == ".txt":
            path.read_bytes().decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
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
            base = median_time(lambda f=folder: floor(f), args.repeats)
            load = median_time(lambda f=folder: load_case(f), args.repeats)
            print(f"{size:>7} {passages:>9} {files:>6} {base * 1e3:>9.1f} {load * 1e3:>9.1f} "
                  f"{load / base:>5.2f}x {load * 1e3 / size:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
