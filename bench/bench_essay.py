"""Essay outline and export times against one plain load of the same case, measured in the same run.

For the default case (claims/) and a synthetic case of 100 theses (20 passages each, written to a temporary
folder), print the median time of one plain `load_case`, then of building an essay outline (main thesis,
three factors, a counter-argument; the weighting included), rendering it as Markdown and as Word, and each
export of the whole case, each with its ratio to the load. Then the command lines, each as a fresh process:
`python -m explorer validate` on the case folder against the official Argdown CLI's `argdown json` on the
exported map of the same case (skipped, with a note, when the Argdown CLI is not installed: see
tests/argdown_tool.py, which installs it into .cache/argdown).

    .venv/bin/python bench/bench_essay.py [--repeats N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_time

from explorer import essay, export, weigh
from explorer.load import load_case
from explorer.synthetic import make_case, write_case_folder

ARGDOWN = ROOT / ".cache" / "argdown" / "node_modules" / ".bin" / "argdown"


def argdown_program() -> Path | None:
    if ARGDOWN.exists():
        return ARGDOWN
    found = shutil.which("argdown")
    return Path(found) if found else None


def plan(case) -> tuple[str, list[str], str]:
    """The top thesis, the next three as factors (in reverse, so the outline reports departures), the fifth as
    the counter-argument."""
    order = weigh.scores(case).order
    return order[0], list(reversed(order[1:4])), order[4]


def time_case(name: str, folder: Path, repeats: int) -> list[tuple[str, float]]:
    case, problems = load_case(folder)
    if problems:
        print(f"note: {name} has {len(problems)} problems; timing what loaded", file=sys.stderr)
    thesis, factors, counter = plan(case)
    outline = essay.build_outline(case, thesis, factors, counter)
    rows = [("load_case (plain load)", median_time(lambda: load_case(folder), repeats))]
    rows.append(("outline: build", median_time(lambda: essay.build_outline(case, thesis, factors, counter), repeats)))
    rows.append(("outline: markdown", median_time(lambda: essay.to_markdown(outline), repeats)))
    rows.append(("outline: docx", median_time(lambda: essay.to_docx(outline), repeats)))
    for fmt, fn in export.FORMATS.items():
        rows.append((f"export {fmt}", median_time(lambda fn=fn: fn(case), repeats)))
    return rows


def time_commands(folder: Path, work: Path, repeats: int) -> list[tuple[str, float | None, str]]:
    """validate (a fresh Python process) against argdown json on the exported map (a fresh node process)."""
    validate = [sys.executable, "-m", "explorer", "validate", str(folder)]
    rows: list[tuple[str, float | None, str]] = [
        ("python -m explorer validate", median_time(lambda: _run(validate, ok=(0, 1)), repeats), "")]
    program = argdown_program()
    if program is None:
        rows.append(("argdown json (exported map)", None, ("skipped: the Argdown CLI is not installed "
                     "(run the tests once to install it into .cache/argdown)")))
        return rows
    case, _ = load_case(folder)
    work.mkdir(parents=True, exist_ok=True)
    source = work / "map.argdown"
    source.write_text(export.to_argdown(case), encoding="utf-8")
    command = [str(program), "json", str(source), str(work / "out")]
    rows.append(("argdown json (exported map)", median_time(lambda: _run(command), repeats), ""))
    return rows


def _run(command: list[str], ok: tuple[int, ...] = (0,)) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[:500]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--command-repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synthetic = write_case_folder(make_case(100, 20, seed=1), work / "synthetic_100")
        cases = [("claims (default)", ROOT / "claims"), ("synthetic 100", synthetic)]
        results = {name: time_case(name, folder, args.repeats) for name, folder in cases}
        names = [name for name, _ in cases]
        print(f"{'step':<28}" + "".join(f"{name:>18} {'x load':>7}" for name in names))
        for i, (step, _) in enumerate(results[names[0]]):
            line = f"{step:<28}"
            for name in names:
                seconds = results[name][i][1]
                load = results[name][0][1]
                line += f"{seconds * 1e3:>15.2f} ms {seconds / load:>6.2f}x"
            print(line)
        print(f"median of {args.repeats} runs after a warm-up; x load = the step's time / one plain load_case")
        print()
        print(f"{'command (fresh process)':<30}" + "".join(f"{name:>18} {'x validate':>11}" for name in names))
        commands = {name: time_commands(folder, work / name.split()[0], args.command_repeats)
                    for name, folder in cases}
        notes = []
        for i, (step, _, _) in enumerate(commands[names[0]]):
            line = f"{step:<30}"
            for name in names:
                _, seconds, note = commands[name][i]
                base = commands[name][0][1]
                if seconds is None:
                    line += f"{'-':>18} {'-':>11}"
                    notes.append(f"{name}: {note}")
                else:
                    line += f"{seconds * 1e3:>15.0f} ms {seconds / base:>10.2f}x"
            print(line)
        print(f"median of {args.command_repeats} runs after a warm-up, each a fresh process (start-up included)")
        for note in dict.fromkeys(notes):
            print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
