"""Synthetic cases of any size, for tests and benchmarks.

`make_case(n_theses)` builds a Case in memory shaped like a loaded one (quotes located in their source
texts, passage references and text paths set); `write_case_folder(case, folder)` writes any Case as a case
folder that `load_case` reads back without problems. The sentences are made up from a small vocabulary of
the period: they look like prose, but they are not history.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import yaml

from explorer.disk import layout
from explorer.model import (
    BearsOn,
    Case,
    CaseInfo,
    Defect,
    Evidence,
    Historian,
    Period,
    Proponent,
    Source,
    Thesis,
)
from explorer.quote import fold, locate

# The values a synthetic case draws from, fixed here so that a case made from a seed stays the same when the
# vocabulary grows (the benchmarks compare figures across runs); each is checked against the vocabulary by a test.
_STANCES = ("supports", "disputes", "qualifies")
_SCOPES = ("domestic", "foreign", "personal", "structural")
_KINDS = ("scholarly_monograph", "memoir", "reference_work", "encyclopedia_summary", "wiki_article", "student_essay")

_FACTORS = [
    "the failure of the Virgin Lands harvest", "the retreat over the Cuban missiles", "the split with China",
    "the division of the party into industrial and agricultural halves", "the cuts to the officer corps",
    "the ambition of Brezhnev and Shelepin", "the erratic personal style of the First Secretary",
    "the rotation of party cadres", "the grain purchases from abroad", "the quarrel over the Aswan dam",
    "the sovnarkhoz reform of economic management", "the slights to the Presidium",
    "the rise in the price of meat and butter", "the Novocherkassk shootings", "the maize campaign",
    "the de-Stalinisation speeches", "the conflict with the KGB leadership", "the plans for a new constitution",
]
_SUBJECTS = [
    "The Presidium", "The regional secretaries", "Brezhnev", "Suslov", "The marshals", "Mikoyan",
    "The Central Committee plenum", "Western observers", "Shelepin", "Semichastny", "Podgorny",
    "The provincial party bosses", "The planners of Gosplan", "Kosygin", "The Soviet press",
]
_VERBS = [
    "blamed the First Secretary for", "complained bitterly about", "saw no harm in", "could not forgive",
    "quietly welcomed", "played down", "pointed to", "kept silent about", "drew up a list of charges over",
    "dwelt at length on", "treated as a pretext", "regarded as decisive",
]
_WHEN = [
    "in the autumn of 1964", "after the plenum of 1962", "during the summer at Pitsunda", "in the spring of 1963",
    "at the October session", "in private talks", "in the months before the coup", "as early as 1960",
]
_FILLER = [
    "The archive holds several drafts of this speech, each shorter than the last.",
    "Contemporaries disagreed about the mood in Moscow that year.",
    "Many of the documents were released only in the 1990s, and some remain closed.",
    "The memoirs written later tend to flatter their authors.",
    "Statistics of the period are unreliable, and the official figures were often revised.",
    "Historians still argue about how much the ordinary citizen knew.",
    "The press of the time gave little away, and rumour filled the gap.",
    "What follows summarises the main lines of the argument.",
    "Much depends on whose testimony one trusts.",
    "The chronology is clear enough; the motives are not.",
]
_NAMES = ["Page", "Du Quenoy", "Taubman", "Tompson", "Medvedev", "Burlatsky", "Fursenko", "Naftali", "Zubok",
          "Breslauer", "Linden", "Tatu", "Crankshaw", "Filtzer", "Smith", "Merridale", "Kozlov", "Service"]


def make_case(n_theses: int, passages_per_thesis: int = 20, seed: int = 0) -> Case:
    """A synthetic case: n theses with passages that support, dispute or qualify them (a third also bear on
    one or two other theses), a source for every four theses, historians backing some theses."""
    rng = random.Random(seed)
    width = max(4, len(str(n_theses)))
    thesis_ids = [f"thesis_{i:0{width}d}" for i in range(1, n_theses + 1)]
    n_sources = max(4, n_theses // 4)
    quotable = [f"source_{i:0{width}d}" for i in range(1, n_sources + 1)]
    shelf = ["monograph_a", "monograph_b"]  # citeable only: no text
    sentences: dict[str, list[str]] = {sid: [] for sid in quotable}
    counter = 0

    def sentence() -> str:
        nonlocal counter
        counter += 1
        return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_FACTORS)} {rng.choice(_WHEN)}, "
                f"as report {counter} of the {rng.choice(['commission', 'committee', 'plenum', 'archive'])} "
                "records.")

    theses = []
    for number, tid in enumerate(thesis_ids):
        evidence = []
        for index in range(1, passages_per_thesis + 1):
            source = rng.choice(quotable)
            quote = sentence()
            sentences[source].append(quote)
            bears_on: dict[str, str | BearsOn] = {}
            if n_theses > 1 and rng.random() < 0.35:
                for other in _others(rng, thesis_ids, tid, rng.choice([1, 1, 2])):
                    stance = rng.choice(["supports", "disputes", "disputes", "qualifies"])
                    strength = rng.randint(1, 3)
                    bears_on[other] = BearsOn(stance=stance, strength=strength) if rng.random() < 0.3 else stance
            evidence.append(Evidence(
                source=source, quote=quote,
                stance=rng.choices(_STANCES, weights=[6, 2.5, 1.5])[0],
                strength=rng.randint(1, 3), note="A made-up passage for testing.", bears_on=bears_on,
                ref=f"{tid}#{index}"))
        proponents = []
        for historian in rng.sample(range(max(3, n_theses // 4)), k=rng.choice([0, 1, 1, 2])):
            proponents.append(Proponent(historian=f"historian_{historian + 1:03d}",
                                        source=rng.choice(quotable + shelf)))
            if rng.random() < 0.1:  # a view attributed by a second source
                proponents.append(Proponent(historian=f"historian_{historian + 1:03d}", source=rng.choice(shelf)))
        factor = _FACTORS[number % len(_FACTORS)]
        theses.append(Thesis(
            id=tid, title=f"{factor[0].upper()}{factor[1:]} ({number + 1})",
            statement=f"The leader fell because of {factor}.",
            summary=f"A synthetic thesis about {factor}, for tests and benchmarks.",
            scope=_SCOPES[number % len(_SCOPES)], proponents=proponents, evidence=evidence))

    texts = {sid: _text(rng, lines) for sid, lines in sentences.items()}
    sources = {}
    for i, sid in enumerate(quotable + shelf):
        kind = "scholarly_monograph" if sid in shelf else _KINDS[i % len(_KINDS)]
        defects = [Defect(kind=rng.choice(["typo", "factual_error", "truncation", "anachronism"]),
                          note="A made-up defect.") for _ in range(rng.choice([0, 0, 1, 2]))]
        sources[sid] = Source(id=sid, kind=kind, title=f"A synthetic {kind.replace('_', ' ')} ({i + 1})",
                              authors=[f"{rng.choice(_NAMES)}, A."], issued=str(1965 + i % 55),
                              description="A made-up source for tests and benchmarks.", defects=defects,
                              text_path=layout.text(sid) if sid in texts else None)
    located = {}
    folded = {sid: fold(text) for sid, text in texts.items()}
    for thesis in theses:
        evidence = []
        for item in thesis.evidence:
            match = locate(item.quote, folded[item.source])
            assert match is not None and match.count == 1, item.quote
            evidence.append(item.model_copy(update={"span": (match.start, match.end)}))
        located[thesis.id] = thesis.model_copy(update={"evidence": evidence})
    historians = {}
    for h in range(max(3, n_theses // 4)):
        hid = f"historian_{h + 1:03d}"
        historians[hid] = Historian(id=hid, name=f"{rng.choice(_NAMES)} {h + 1}", works=[rng.choice(shelf)])
    info = CaseInfo(title=f"A synthetic case of {n_theses} theses", question="Why did the leader fall?",
                    period=Period(start=1953, end=1964), summary="Made-up theses and passages for benchmarks.",
                    to_explain=["The leader fell."])
    return Case(folder=f"(synthetic {n_theses})", info=info, theses=located, sources=sources,
                historians=historians, texts=texts)


def _others(rng: random.Random, ids: list[str], own: str, k: int) -> list[str]:
    """Up to k other theses, picked without building the list of all of them (fast for large cases)."""
    k = min(k, len(ids) - 1)
    out: list[str] = []
    while len(out) < k:
        pick = rng.choice(ids)
        if pick != own and pick not in out:
            out.append(pick)
    return out


def _text(rng: random.Random, quotes: list[str]) -> str:
    """A source text of a few KB: the quotes among filler sentences, in wrapped paragraphs."""
    body = []
    for quote in quotes:
        body.extend(rng.sample(_FILLER, k=rng.randint(0, 2)))
        body.append(quote)
    while sum(len(s) + 1 for s in body) < 3000:
        body.append(rng.choice(_FILLER))
    paragraphs = [" ".join(body[i:i + 5]) for i in range(0, len(body), 5)]
    return "\n\n".join(textwrap.fill(p, 78, break_on_hyphens=False, break_long_words=False) for p in paragraphs) + "\n"


# --- writing a case folder -----------------------------------------------------------------------------


def write_case_folder(case: Case, folder: str | Path) -> Path:
    """Write a Case as a case folder: case.yaml, sources.yaml, historians.yaml, timeline.yaml,
    contested.yaml, theses/<id>.yaml and texts/<source>.txt. What the loader fills in is left out."""
    root = Path(folder)
    (root / layout.THESES).mkdir(parents=True, exist_ok=True)
    (root / layout.TEXTS).mkdir(exist_ok=True)
    if case.info is not None:
        _dump(root / layout.CASE, case.info.model_dump(mode="json", exclude_defaults=True))
    sources = []
    for source in case.sources.values():
        data = source.model_dump(mode="json", exclude_defaults=True, exclude={"text_path"})
        for defect in data.get("defects", []):
            defect.pop("span", None)
        sources.append(data)
    _dump(root / layout.SOURCES, {"sources": sources})
    historians = []
    for historian in case.historians.values():
        data = historian.model_dump(mode="json", exclude_defaults=True)
        for view in data.get("views", []):
            view.pop("span", None)
        historians.append(data)
    _dump(root / layout.HISTORIANS, {"historians": historians})
    _dump(root / layout.TIMELINE,
          {"events": [e.model_dump(mode="json", exclude_defaults=True, exclude={"span"}) for e in case.events]})
    contested = []
    for fact in case.contested:
        data = fact.model_dump(mode="json", exclude_defaults=True)
        for reading in data["readings"]:
            reading.pop("span", None)
        contested.append(data)
    _dump(root / layout.CONTESTED, {"contested": contested})
    for thesis in case.theses.values():
        data = thesis.model_dump(mode="json", exclude_defaults=True)
        for item in data.get("evidence", []):
            for key in ("span", "ref", "line"):
                item.pop(key, None)
        _dump(root / layout.thesis(thesis.id), data)
    for sid, text in case.texts.items():
        (root / layout.text(sid)).write_text(text, encoding="utf-8")
    return root


def _dump(path: Path, data: object) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
