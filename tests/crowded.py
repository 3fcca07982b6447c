"""A crowded case: the small case (conftest.py) with four explanations whose titles take two lines on every chart,
and a timeline of 1914 on which six events fall in August on one explanation. The pages must still be readable:
labels that do not run into each other, markers that do not hide each other. Used by the charts' tests
(test_charts.py) and the real browser (test_browser.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import FILES, write_case

TITLES = {
    "harvest": "The failure of the harvest and of the grain procurement plans",
    "prestige": "The loss of prestige abroad after the retreat over the missiles in Cuba",
    "army": "The anger of the army at the cuts in its budget and its officers",
    "plotters": "The ambition of the plotters and of the leader's own protégés",
}
CHRONICLE = (
    "On 28 June 1914 the archduke was shot at Sarajevo.\n"
    "On 1 August 1914 Germany declared war on Russia.\n"
    "On 3 August 1914 Germany declared war on France.\n"
    "On 4 August 1914 Britain declared war on Germany.\n"
    "In August 1914 the armies of Europe mobilised.\n"
    "On 12 August 1914 Britain and France declared war on Austria-Hungary.\n"
    "On 23 August 1914 Japan declared war on Germany.\n"
    "In November 1918 the war ended.\n"
)
# (id, date, the chronicle's sentence, the explanations it bears on); six in August 1914 on "harvest"
EVENTS = [
    ("sarajevo", "1914-06-28", "On 28 June 1914 the archduke was shot at Sarajevo.", ["harvest", "army"]),
    ("war_on_russia", "1914-08-01", "On 1 August 1914 Germany declared war on Russia.", ["harvest"]),
    ("war_on_france", "1914-08-03", "On 3 August 1914 Germany declared war on France.", ["harvest", "prestige"]),
    ("britain_enters", "1914-08-04", "On 4 August 1914 Britain declared war on Germany.", ["harvest"]),
    ("mobilised", "1914-08", "In August 1914 the armies of Europe mobilised.", ["harvest", "army"]),
    ("austria", "1914-08-12", "On 12 August 1914 Britain and France declared war on Austria-Hungary.", ["harvest"]),
    ("japan", "1914-08-23", "On 23 August 1914 Japan declared war on Germany.", ["harvest", "plotters"]),
    ("armistice", "1918-11", "In November 1918 the war ended.", []),
]


def _thesis(tid: str, quote: str, source: str) -> str:
    return textwrap.dedent(f"""\
        id: {tid}
        title: {TITLES[tid]}
        statement: The leader fell because of {tid}.
        summary: A test thesis.
        scope: domestic
        evidence:
          - source: {source}
            quote: "{quote}"
            stance: supports
            strength: 2
            note: A passage for it.
        """)


def _title(quote: str) -> str:
    """'On 1 August 1914 Germany declared war on Russia.' -> 'Germany declared war on Russia'."""
    words = quote.rstrip(".").split(" 1914 ")[-1].split(" 1918 ")[-1]
    return words[:1].upper() + words[1:]


def write_crowded_case(folder: Path) -> Path:
    events = "events:\n" + "".join(
        f"  - id: {eid}\n    date: '{date}'\n    title: {_title(quote)}\n"
        f"    source: chronicle\n    quote: {quote}\n    theses: [{', '.join(theses)}]\n"
        for eid, date, quote, theses in EVENTS)
    small = textwrap.dedent(FILES["sources.yaml"])
    sources = small[:small.index("    defects:")] + (  # the small case's alpha and beta, and the chronicle
        "  - id: chronicle\n"
        "    kind: reference_work\n"
        "    title: A chronicle of 1914\n"
        "    description: Dated events.\n")
    write_case(folder, {
        "sources.yaml": sources,
        "timeline.yaml": events,
        "theses/harvest.yaml": _thesis("harvest", "The harvest of 1963 failed.", "alpha"),
        "theses/prestige.yaml": _thesis("prestige", "Abroad, the retreat over Cuba was a humiliation.", "beta"),
        "theses/army.yaml": _thesis("army", "The army disliked the cuts.", "alpha"),
        "theses/plotters.yaml": _thesis("plotters", "At home, the harvest was fine.", "beta"),
        "historians.yaml": "historians: []\n",
        "contested.yaml": "contested: []\n",
    })
    (folder / "texts" / "chronicle.txt").write_text(CHRONICLE, encoding="utf-8")
    return folder
