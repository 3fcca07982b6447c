"""How well "Check my essay" finds what a teacher would mark, and how long it takes, on essays written for it.

bench/essays/ holds student-like essays on the Khrushchev case with faults seeded in them and correct controls
(their quotations are from the case's five texts, word for word or deliberately altered); labels.yaml holds the
teacher's labels: every seeded fault (its kind and the words it is in) and the explanation each paragraph argues.
A finding counts as found when a label of its kind points at words inside it (or names the same rival
explanation); any other finding is a false alarm. Printed: recall and precision per kind, the paragraphs whose
explanation agrees with the label, and the time of one essay's check next to a floor measured in the same run
(reading the essay's paragraphs and searching each of its sentences in every source text: the least any check
of quotations does).

    .venv/bin/python bench/bench_check.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from timing import median_time

from explorer import check, drafts, vocabulary
from explorer.load import load_case
from explorer.quote import fold_quote

ROOT = Path(__file__).resolve().parent.parent
ESSAYS = ROOT / "bench" / "essays"
GOALS = {"misquote": (1.0, 1.0), "not_in_sources": (1.0, 1.0), "wrong_source": (0.9, None),
         "repeated_error": (0.8, 0.9), "unsupported_attribution": (0.8, None)}


def _folded(text: str) -> str:
    return " ".join(fold_quote(text).lower().split())


def matches(finding: check.Finding, label: dict) -> bool:
    if finding.kind != label["kind"]:
        return False
    if label.get("thesis"):
        return finding.thesis == label["thesis"]
    return _folded(label.get("text", "")) in _folded(finding.text)


def score(labels: dict, reports: dict[str, check.Report]) -> tuple[dict, list[str], tuple[int, int]]:
    found = {k: [0, 0, 0] for k in vocabulary.FINDINGS}  # kind -> [labels found, labels, findings]
    alarms: list[str] = []
    agree = total = 0
    for name, label in labels.items():
        report = reports[name]
        faults = list(label.get("faults") or [])
        used = [False] * len(faults)
        for finding in report.findings:
            found[finding.kind][2] += 1
            hit = next((i for i, f in enumerate(faults) if not used[i] and matches(finding, f)), None)
            if hit is None:
                if any(matches(finding, f) for f in faults):
                    found[finding.kind][2] -= 1  # a second finding on the same fault: neither found nor false
                    continue
                alarms.append(f"{name}: {finding.kind}: {finding.text[:90]}")
            else:
                used[hit] = True
        for fault, hit in zip(faults, used):
            found[fault["kind"]][1] += 1
            found[fault["kind"]][0] += hit
            if not hit:
                alarms.append(f"{name}: MISSED {fault['kind']}: {fault.get('text') or fault.get('thesis')}")
        views = report.paragraphs
        wanted = label["paragraphs"]
        if len(views) != len(wanted):
            alarms.append(f"{name}: {len(views)} paragraphs read, {len(wanted)} labelled")
        for view, thesis in zip(views, wanted):
            if thesis:
                total += 1
                agree += view.thesis == thesis
                if view.thesis != thesis:
                    alarms.append(f"{name}: paragraph {view.number} read as {view.thesis}, labelled {thesis}")
    return found, alarms, (agree, total)


def main() -> int:
    case, _ = load_case(ROOT / "claims")
    labels = yaml.safe_load((ESSAYS / "labels.yaml").read_text(encoding="utf-8"))
    texts = {name: drafts.read(name, (ESSAYS / name).read_bytes()) for name in labels}
    checker = check.Checker(case)
    reports = {name: checker.check(text) for name, text in texts.items()}
    found, alarms, (agree, total) = score(labels, reports)
    print(f"{len(texts)} essays, {sum(len(r.paragraphs) for r in reports.values())} paragraphs, "
          f"{sum(len(r.quotations) for r in reports.values())} quotations, "
          f"{sum(len(label.get('faults') or []) for label in labels.values())} seeded faults")
    print(f"{'kind':<24} {'found':>7} {'recall':>7} {'precision':>9}  goal")
    for kind, (hit, wanted, reported) in found.items():
        real = reported - (reported - hit if reported >= hit else 0)
        recall = hit / wanted if wanted else float("nan")
        precision = hit / reported if reported else float("nan")
        goal = GOALS.get(kind)
        said = "" if goal is None else f"recall ≥{goal[0]:.0%}" + (f", precision ≥{goal[1]:.0%}" if goal[1] else "")
        del real
        print(f"{kind:<24} {hit:>3}/{wanted:<3} {recall:>7.0%} {precision:>9.0%}  {said}")
    print(f"{'paragraph explanation':<24} {agree:>3}/{total:<3} {agree / total:>7.0%}            goal ≥80%")
    for alarm in alarms:
        print("  ", alarm)
    one = median_time(lambda: [checker.check(t) for t in texts.values()], 3) / len(texts)
    folded = list(checker.folded.values())

    def floor() -> None:
        for text in texts.values():
            for paragraph in check.parse(text).paragraphs:
                for sentence in paragraph.sentences:
                    needle = fold_quote(sentence.text)
                    for f in folded:
                        f.text.find(needle)

    bare = median_time(floor, 3) / len(texts)
    setup = median_time(lambda: check.Checker(case), 3)
    print(f"one essay's check: {one * 1e3:.1f} ms; the floor: {bare * 1e3:.2f} ms ({one / bare:.0f}x); "
          f"preparing the case once (shared by a class): {setup * 1e3:.0f} ms; goal under 2 s an essay")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
