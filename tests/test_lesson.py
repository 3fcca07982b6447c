"""The lesson's exports: the room's ballots and perspectives as CSV, and the one-page summary, exact to the byte.

The small case (tests/conftest.py) with `army`; its numbers are worked by hand in tests/test_perspective.py. After
the debate the class's median trusts Beta 0.75 and weights backing 0.25: harvest 0.311667, prestige 0.075 + 0.125
= 0.2, army 0.186667, so the class ranks prestige second where the engine ranks it third (Kendall's tau (2 - 1) / 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ARMY, write_case

from explorer import lesson
from explorer.debate import Round, Setup, Team
from explorer.load import load_case
from explorer.perspective import Perspective

SETUP = Setup(theses=["harvest", "prestige", "army"], teams=[Team(name="Reds", thesis="harvest"),
                                                             Team(name="=Blues", thesis="prestige")],
              rounds=[Round(name="Opening", minutes=3)])
BALLOTS = {"before": [("dev-aaaa1111", {"harvest": 1.0}), ("dev-bbbb2222", {"army": 1.0})],
           "after": [("dev-bbbb2222", {"prestige": 1.0}), ("dev-cccc3333", {"prestige": 1.0})]}
PERSPECTIVES = {
    "before": [("dev-bbbb2222", Perspective(weights={"backing": 0})), ("dev-aaaa1111", Perspective())],
    "after": [("dev-bbbb2222", Perspective(trust={"beta": 1.0})),
              ("dev-cccc3333", Perspective(trust={"beta": 0.5}, weights={"backing": 0})),
              ("dev-dddd4444", Perspective(order=("prestige", "harvest")))]}


@pytest.fixture
def case(tmp_path: Path):
    loaded, _ = load_case(write_case(tmp_path / "case", {"theses/army.yaml": ARMY}))
    return loaded


def titles(case) -> dict[str, str]:
    return {t: case.theses[t].title for t in case.theses}


def test_participants_are_numbered_in_the_order_they_took_part() -> None:
    assert lesson.numbers(BALLOTS, PERSPECTIVES) == {"dev-aaaa1111": "P1", "dev-bbbb2222": "P2",
                                                     "dev-cccc3333": "P3", "dev-dddd4444": "P4"}


def test_the_class_csv(case) -> None:
    got = lesson.class_csv("ABCDEF", case, titles(case), BALLOTS, PERSPECTIVES)
    assert "dev-" not in got  # the device ids stay in the store
    assert got == CSV


def test_the_one_page_summary(case) -> None:
    ballots = {p: [b for _, b in rows] for p, rows in BALLOTS.items()}
    sent = {p: [x for _, x in rows] for p, rows in PERSPECTIVES.items()}
    got = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), ballots, sent, when="2 December 2026")
    assert got == SUMMARY


def test_a_summary_without_perspectives_says_so(case) -> None:
    got = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), {"before": [], "after": []}, {})
    assert "No student sent their own weighing." in got
    assert "| The harvest | 0 | 0 |  |" in got  # no change without both polls


CSV = """\
room,participant,poll,record,name,label,value
ABCDEF,P1,Before the debate,vote,harvest,The harvest,1
ABCDEF,P2,Before the debate,vote,army,The army's anger,1
ABCDEF,P2,Before the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P2,Before the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P2,Before the debate,setting,w_backing,How much “Scholarly backing” counts,0
ABCDEF,P2,Before the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P2,Before the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P2,Before the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P2,Before the debate,setting,t_beta,Trust in Beta,0.24
ABCDEF,P2,Before the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P2,Before the debate,ranking,army,The army's anger,1
ABCDEF,P2,Before the debate,ranking,harvest,The harvest,2
ABCDEF,P2,Before the debate,ranking,prestige,Lost prestige,3
ABCDEF,P1,Before the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P1,Before the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P1,Before the debate,setting,w_backing,How much “Scholarly backing” counts,0.5
ABCDEF,P1,Before the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P1,Before the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P1,Before the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P1,Before the debate,setting,t_beta,Trust in Beta,0.24
ABCDEF,P1,Before the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P1,Before the debate,ranking,harvest,The harvest,1
ABCDEF,P1,Before the debate,ranking,army,The army's anger,2
ABCDEF,P1,Before the debate,ranking,prestige,Lost prestige,3
ABCDEF,P2,After the debate,vote,prestige,Lost prestige,1
ABCDEF,P3,After the debate,vote,prestige,Lost prestige,1
ABCDEF,P2,After the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P2,After the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P2,After the debate,setting,w_backing,How much “Scholarly backing” counts,0.5
ABCDEF,P2,After the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P2,After the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P2,After the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P2,After the debate,setting,t_beta,Trust in Beta,1
ABCDEF,P2,After the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P2,After the debate,ranking,harvest,The harvest,1
ABCDEF,P2,After the debate,ranking,prestige,Lost prestige,2
ABCDEF,P2,After the debate,ranking,army,The army's anger,3
ABCDEF,P3,After the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P3,After the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P3,After the debate,setting,w_backing,How much “Scholarly backing” counts,0
ABCDEF,P3,After the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P3,After the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P3,After the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P3,After the debate,setting,t_beta,Trust in Beta,0.5
ABCDEF,P3,After the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P3,After the debate,ranking,army,The army's anger,1
ABCDEF,P3,After the debate,ranking,harvest,The harvest,2
ABCDEF,P3,After the debate,ranking,prestige,Lost prestige,3
ABCDEF,P4,After the debate,order,prestige,Lost prestige,1
ABCDEF,P4,After the debate,order,harvest,The harvest,2
ABCDEF,P4,After the debate,ranking,prestige,Lost prestige,1
ABCDEF,P4,After the debate,ranking,harvest,The harvest,2
ABCDEF,P4,After the debate,ranking,army,The army's anger,3
"""

SUMMARY = r"""# Class debate ABCDEF: the lesson in one page

**The question:** Why did the leader fall?

*2 December 2026*

**Teams:** Reds defended The harvest; \=Blues defended Lost prestige.

## The votes, before and after

Ballots: 2 before the debate, 2 after it (votes).

| Explanation | Before | After | Change |
| --- | --- | --- | --- |
| The harvest | 1 | 0 | -1 |
| Lost prestige | 0 | 2 | +2 |
| The army's anger | 1 | 0 | -1 |

## The class's weighing beside the evidence engine

3 students sent their own weighing of the evidence or their own order (after the debate). The engine ranks on its default settings; the class's ranking is the engine's on the class's median weighting (the middle value of each setting).

| Explanation | The engine | The class | Students who put it first |
| --- | --- | --- | --- |
| The harvest | 1st | 1st | 1 |
| The army's anger | 2nd | 3rd | 1 |
| Lost prestige | 3rd | 2nd | 1 |

Agreement of the class's ranking with the engine's (Kendall's tau, 1 the same order, -1 the reverse): 0.33.

## Where the class disagrees

The settings with the widest spread (the middle half of the class):

- Trust in Beta: from 0.625 to 0.875
- How much “Scholarly backing” counts: from 0.125 to 0.375

The passages that decide between the class's top two, The harvest and Lost prestige:

- “The harvest of 1963 failed.” (Alpha; counts for The harvest)
- “Abroad, the retreat over Cuba was a humiliation.” (Beta; counts for Lost prestige)

## What changed during the debate

Students who put each explanation first, before → after: The harvest 1 → 1; The army's anger 1 → 1; Lost prestige 0 → 1.

- Trust in Beta: 0.24 → 0.75 (the class's median)

These numbers model the evidence recorded in the case, and what this class made of it, not the truth.
"""
