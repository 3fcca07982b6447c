"""A small, valid case written into a temporary folder, for tests to break one file at a time."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from streamlit import dataframe_util

ROOT = Path(__file__).resolve().parent.parent
# Pages wait for their robustness figures (explorer/ui/sure.py) however long they take, so that every test sees the
# whole page; tests of the page drawn before its figures set the wait to 0 themselves.
os.environ.setdefault("EXPLORER_SURE_WAIT", "600")

TEXT_A = (
    "The harvest of 1963 failed.\n"
    "Critics said the \u201cbold schemes\u201d of the leader\u2014all of them\u2014had failed.\n"
    "The army disliked the cuts.\n"
)
TEXT_B = "Abroad, the retreat over Cuba was a humiliation.\nAt home, the harvest was fine.\n"

FILES = {
    "case.yaml": """\
        title: A small case
        question: Why did the leader fall?
        period: {start: 1960, end: 1965}
        summary: A test case.
        """,
    "sources.yaml": """\
        sources:
          - id: alpha
            kind: reference_work
            title: Alpha
            description: A reference article.
          - id: beta
            kind: student_essay
            title: Beta
            description: An essay.
            defects:
              - kind: factual_error
                note: The harvest was not fine.
                quote: the harvest was fine
          - id: gamma_book
            kind: scholarly_monograph
            title: Gamma
            authors: ["Doe, Jane"]
            issued: 1990
            description: A book, citeable only.
        """,
    "historians.yaml": """\
        historians:
          - id: doe
            name: Jane Doe
            works: [gamma_book]
            views:
              - summary: Blames the harvest.
                source: alpha
                quote: The harvest of 1963 failed.
                thesis: harvest
        """,
    "timeline.yaml": """\
        events:
          - id: bad_harvest
            date: "1963"
            title: The harvest fails
            source: alpha
            quote: The harvest of 1963 failed.
            theses: [harvest]
            contested: harvest_size
        """,
    "contested.yaml": """\
        contested:
          - id: harvest_size
            question: Did the harvest fail?
            readings:
              - source: alpha
                quote: The harvest of 1963 failed.
                says: It failed.
              - source: beta
                quote: the harvest was fine
                says: It was fine.
            theses: [harvest]
        """,
    "theses/harvest.yaml": """\
        id: harvest
        title: The harvest
        statement: The leader fell because the harvest failed.
        summary: The harvest failed.
        scope: domestic
        proponents:
          - historian: doe
            source: gamma_book
        evidence:
          - source: alpha
            quote: The harvest of 1963 failed.
            stance: supports
            strength: 2
            note: The failure itself.
          - source: beta
            quote: "At home, the harvest was fine."
            stance: disputes
            strength: 1
            note: Says the opposite.
            bears_on:
              prestige: qualifies
        links:
          - thesis: prestige
            relation: competes_with
        """,
    "theses/prestige.yaml": """\
        id: prestige
        title: Lost prestige
        statement: The leader fell because of Cuba.
        summary: Cuba humiliated him.
        scope: foreign
        evidence:
          - source: beta
            quote: "Abroad, the retreat over Cuba was a humiliation."
            stance: supports
            strength: 3
            note: The humiliation.
            bears_on:
              harvest: {stance: disputes, strength: 1}
          - source: alpha
            quote: 'Critics said the "bold schemes" of the leader-all of them-had failed.'
            stance: qualifies
            strength: 1
            note: Straight quotes and dashes match typographic ones.
        """,
}

# A third thesis for the small case (theses/army.yaml), linked to `prestige`: with it, a plan can have a factor and
# a different counter-argument.
ARMY = """\
id: army
title: The army's anger
statement: The army turned against the leader because he cut its budget.
summary: The cuts angered the army.
scope: structural
evidence:
  - source: alpha
    quote: The army disliked the cuts.
    stance: supports
    strength: 2
    note: The army's mood.
links:
  - thesis: prestige
    relation: reinforces
    note: Angry generals made the retreat look worse.
"""


def write_case(folder: Path, files: dict[str, str] | None = None) -> Path:
    """Write the small case, with some files replaced (a value of None removes the file)."""
    merged = {name: textwrap.dedent(body) for name, body in FILES.items()}
    merged.update(files or {})
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    (folder / "theses").mkdir(exist_ok=True)
    (folder / "texts" / "alpha.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "texts" / "beta.txt").write_text(TEXT_B, encoding="utf-8")
    for name, body in merged.items():
        if body is None:
            continue
        path = folder / name
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return folder


@pytest.fixture
def small_case(tmp_path: Path) -> Path:
    return write_case(tmp_path / "case")


@pytest.fixture
def hostile_case(tmp_path: Path) -> Path:
    """The small case with Markdown, HTML and Streamlit's directives in every text (tests/hostile.py)."""
    from hostile import write_hostile_case

    return write_hostile_case(tmp_path / "hostile")


def table_cells(proto) -> list[str]:
    """The heads and cells of a st.table as it shows them: a Styler's display values where it has them."""
    data = proto.arrow_data.styler.display_values if proto.arrow_data.HasField("styler") else proto.arrow_data.data
    frame = dataframe_util.convert_arrow_bytes_to_pandas_df(data)
    return [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
