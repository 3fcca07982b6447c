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


SECRET = "key-of-ABCDEF"  # the room's moderator key


def test_participants_are_numbered_by_a_keyed_hash_not_by_arrival() -> None:
    numbered = {"dev-bbbb2222": "P1", "dev-aaaa1111": "P2", "dev-cccc3333": "P3", "dev-dddd4444": "P4"}
    assert lesson.numbers(BALLOTS, PERSPECTIVES, SECRET) == numbered
    # the same numbers whatever the order in which the rows come (a ballot sent again moves to the end)
    backwards = {p: list(reversed(rows)) for p, rows in BALLOTS.items()}
    assert lesson.numbers(backwards, {p: list(reversed(r)) for p, r in PERSPECTIVES.items()}, SECRET) == numbered
    assert lesson.numbers(BALLOTS, PERSPECTIVES, "another room's key") != numbered


def test_the_class_csv(case) -> None:
    got = lesson.class_csv("ABCDEF", case, titles(case), BALLOTS, PERSPECTIVES, SECRET)
    assert "dev-" not in got  # the device ids stay in the store
    assert got == CSV


def test_the_one_page_summary(case) -> None:
    ballots = {p: [b for _, b in rows] for p, rows in BALLOTS.items()}
    got = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), ballots, PERSPECTIVES, when="2 December 2026")
    assert got == SUMMARY


def summary_of(case, perspectives) -> str:
    return lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), {"before": [], "after": []}, perspectives)


def test_a_class_of_one_is_not_called_agreement(case) -> None:
    got = summary_of(case, {"before": [("dev-a", Perspective(trust={"beta": 1.0}))]})
    assert "1 student sent their own weighing of the evidence or their own order (before the debate): " \
           "1 weighing, 0 orders." in got
    assert "Only one student sent a ranking, so there is no class agreement to report." in got
    assert "Kendall" not in got
    assert "Only one student weighed the sources, so there is no spread to show." in got


def test_the_summary_says_when_the_two_class_rankings_put_different_explanations_first(case) -> None:
    # all three put harvest first; their middle settings (alpha 0, beta 1, backing 0.5) put prestige first
    split = [Perspective(trust={"alpha": 0.0}), Perspective(trust={"alpha": 0.0, "beta": 1.0}, weights={"backing": 2}),
             Perspective(trust={"beta": 1.0})]
    got = summary_of(case, {"before": [(f"dev-{i}", p) for i, p in enumerate(split)]})
    assert "| The harvest | 1st | 1st (1.00) | 2nd | 3 |" in got
    assert "| Lost prestige | 3rd | 2nd (2.00) | 1st | 0 |" in got
    assert ("The two class rankings put different explanations first: the engine on the class's middle settings "
            "can put first what few students, or none, put first.") in got
    # the deciding passages are between the mean place's top two, harvest and prestige, on the middle settings
    assert "the class's top two by mean place, The harvest and Lost prestige, on the class's middle settings" in got
    # three weighings: the lowest and highest, not an interpolated middle half
    assert "The settings with the widest spread (the lowest and highest values, over 3 weighings):" in got
    assert "- Trust in Alpha: from 0 to 0.8" in got


def test_the_background_switch_is_counted_not_averaged(case) -> None:
    on, off = Perspective(points={"context": 1}), Perspective()
    got = summary_of(case, {"before": [(f"dev-{i}", p) for i, p in enumerate([on, on, off, off])]})
    assert "- What a background passage counts for: 2 of 4 count background" in got
    assert "middle half of the class, over 4 weighings" in got


def test_a_class_of_orders_has_no_middle_settings(case) -> None:
    got = summary_of(case, {"before": [("dev-a", Perspective(order=("prestige",))),
                                       ("dev-b", Perspective(order=("army", "prestige")))]})
    assert "No student weighed the sources, so the class has no middle settings." in got
    assert "| Lost prestige | 3rd | 1st (1.50) | 1 |" in got  # (1 + 2) / 2; no column for the middle settings
    assert "No student weighed the sources (an order has no settings)." in got
    assert "on the engine's default settings, as no student weighed the sources" in got


def test_a_summary_without_perspectives_says_so(case) -> None:
    got = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), {"before": [], "after": []}, {})
    assert "No student sent their own weighing." in got
    assert "| The harvest | 0 | 0 |  |" in got  # no change without both polls


CSV = """\
room,participant,poll,record,name,label,value
ABCDEF,P2,Before the debate,vote,harvest,The harvest,1
ABCDEF,P1,Before the debate,vote,army,The army's anger,1
ABCDEF,P1,Before the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P1,Before the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P1,Before the debate,setting,w_backing,How much “Scholarly backing” counts,0
ABCDEF,P1,Before the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P1,Before the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P1,Before the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P1,Before the debate,setting,t_beta,Trust in Beta,0.24
ABCDEF,P1,Before the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P1,Before the debate,ranking,army,The army's anger,1
ABCDEF,P1,Before the debate,ranking,harvest,The harvest,1
ABCDEF,P1,Before the debate,ranking,prestige,Lost prestige,3
ABCDEF,P2,Before the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P2,Before the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P2,Before the debate,setting,w_backing,How much “Scholarly backing” counts,0.5
ABCDEF,P2,Before the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P2,Before the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P2,Before the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P2,Before the debate,setting,t_beta,Trust in Beta,0.24
ABCDEF,P2,Before the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P2,Before the debate,ranking,harvest,The harvest,1
ABCDEF,P2,Before the debate,ranking,army,The army's anger,2
ABCDEF,P2,Before the debate,ranking,prestige,Lost prestige,3
ABCDEF,P1,After the debate,vote,prestige,Lost prestige,1
ABCDEF,P3,After the debate,vote,prestige,Lost prestige,1
ABCDEF,P1,After the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P1,After the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P1,After the debate,setting,w_backing,How much “Scholarly backing” counts,0.5
ABCDEF,P1,After the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P1,After the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P1,After the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P1,After the debate,setting,t_beta,Trust in Beta,1
ABCDEF,P1,After the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P1,After the debate,ranking,harvest,The harvest,1
ABCDEF,P1,After the debate,ranking,prestige,Lost prestige,2
ABCDEF,P1,After the debate,ranking,army,The army's anger,3
ABCDEF,P3,After the debate,setting,w_support,How much “Support” counts,1
ABCDEF,P3,After the debate,setting,w_corroboration,How much “Corroboration” counts,0.5
ABCDEF,P3,After the debate,setting,w_backing,How much “Scholarly backing” counts,0
ABCDEF,P3,After the debate,setting,w_contestation,How much “Contestation (against)” counts,0.5
ABCDEF,P3,After the debate,setting,p_1,What a background passage counts for,0
ABCDEF,P3,After the debate,setting,t_alpha,Trust in Alpha,0.8
ABCDEF,P3,After the debate,setting,t_beta,Trust in Beta,0.5
ABCDEF,P3,After the debate,setting,t_gamma_book,Trust in Gamma,1
ABCDEF,P3,After the debate,ranking,army,The army's anger,1
ABCDEF,P3,After the debate,ranking,harvest,The harvest,1
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

3 students sent their own weighing of the evidence or their own order (after the debate): 2 weighings, 1 order. The engine ranks on its default settings. The class (mean place) puts together every student's own ranking, weighings and orders alike: the smaller an explanation's mean place, the higher it comes. The engine on the class's middle settings ranks on the median of each setting over the 2 weighings. Orders count only in first places and in the mean place, not in the middle settings or the spreads.

| Explanation | The engine | The class (mean place) | The engine on the class's middle settings | Students who put it first |
| --- | --- | --- | --- | --- |
| The harvest | 1st | 1st (1.50) | 1st | 2 |
| The army's anger | 2nd | 3rd (2.50) | 3rd | 1 |
| Lost prestige | 3rd | 2nd (2.00) | 2nd | 1 |

In 1 student's ranking, explanations tie for first place; a tie counts for each explanation in it.

Agreement of the class's ranking (mean place) with the engine's (Kendall's tau, 1 the same order, -1 the reverse): 0.33.

## Where the class disagrees

The settings with the widest spread (the lowest and highest values, over 2 weighings):

- Trust in Beta: from 0.5 to 1
- How much “Scholarly backing” counts: from 0 to 0.5

The passages that decide between the class's top two by mean place, The harvest and Lost prestige, on the class's middle settings: the recorded passages that move the gap between the two most when left out:

- “The harvest of 1963 failed.” (Alpha; counts for The harvest)
- “Abroad, the retreat over Cuba was a humiliation.” (Beta; counts for Lost prestige)

## What changed during the debate

Students in the poll before the debate: 2; after it: 3; in both: 1. The changes are over the 1 student who answered both.

Students who put each explanation first, before → after: The harvest 1 → 1; The army's anger 1 → 0; Lost prestige 0 → 0.

- Trust in Beta: 0.24 → 1 (the middle setting of those who weighed both times)
- How much “Scholarly backing” counts: 0 → 0.5 (the middle setting of those who weighed both times)

These numbers model the evidence recorded in the case, and what this class made of it, not the truth.
"""
