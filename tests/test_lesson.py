"""The lesson's exports: the room's ballots and perspectives as CSV, and the one-page summary, exact to the byte.

The small case (tests/conftest.py) with `army`; its numbers are worked by hand in tests/test_perspective.py. After
the debate the class's median trusts Beta 0.75 and weights backing 0.25: harvest 0.311667, prestige 0.075 + 0.125
= 0.2, army 0.186667, so the class ranks prestige second where the engine ranks it third (Kendall's tau (2 - 1) / 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ARMY, write_case

from explorer.classroom import lesson
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.perspective import Perspective
from explorer.load import load_case

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


SECRET = "KEYAB-CDEFG-HJKLM-00029"  # the room's moderator key (its shape: four groups of five)


def test_participants_are_numbered_by_a_keyed_hash_not_by_arrival() -> None:
    numbered = {"dev-bbbb2222": "P1", "dev-aaaa1111": "P2", "dev-cccc3333": "P3", "dev-dddd4444": "P4"}
    assert lesson.numbers(BALLOTS, PERSPECTIVES, SECRET) == numbered
    # the same numbers whatever the order in which the rows come (a ballot sent again moves to the end)
    backwards = {p: list(reversed(rows)) for p, rows in BALLOTS.items()}
    assert lesson.numbers(backwards, {p: list(reversed(r)) for p, r in PERSPECTIVES.items()}, SECRET) == numbered
    assert lesson.numbers(BALLOTS, PERSPECTIVES, "another room's key") != numbered
    assert lesson.numbers(BALLOTS, PERSPECTIVES, SECRET.lower().replace("-", " ")) == numbered  # however typed


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
    # all three put harvest first; their typical settings (alpha 0, beta 1, backing 0.5) put prestige first
    split = [Perspective(trust={"alpha": 0.0}), Perspective(trust={"alpha": 0.0, "beta": 1.0}, weights={"backing": 2}),
             Perspective(trust={"beta": 1.0})]
    got = summary_of(case, {"before": [(f"dev-{i}", p) for i, p in enumerate(split)]})
    assert "| The harvest | 1st | 1st (1.00) | 2nd | 3 |" in got
    assert "| Lost prestige | 3rd | 2nd (2.00) | 1st | 0 |" in got
    assert ("The two class rankings put different explanations first: the engine on the class's typical settings "
            "can put first what few students, or none, put first.") in got
    # the deciding passages are between the average place's top two, harvest and prestige, on the typical settings
    assert "the class's top two by average place, “The harvest” and “Lost prestige”, on the class's typical settings" in got
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
    assert "No student weighed the sources, so the class has no typical settings." in got
    assert "| Lost prestige | 3rd | 1st (1.50) | 1 |" in got  # (1 + 2) / 2; no column for the typical settings
    assert "No student weighed the sources (an order has no settings)." in got
    assert "on the engine's default settings, as no student weighed the sources" in got


def test_a_summary_without_perspectives_says_so(case) -> None:
    got = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), {"before": [], "after": []}, {})
    assert "No student sent their own weighing." in got
    assert "| The harvest | 0 | 0 |  |" in got  # no change without both polls



def test_a_lesson_on_the_default_case_names_no_reference_or_thesis_id() -> None:
    """The summary and the CSV a teacher downloads, on the Khrushchev case: explanations by their titles and
    passages by their words, never `lost_prestige#3` or `lost_prestige`; in the CSV, ids only in the last
    column, which says that it is for the command line."""
    import csv
    import io

    from test_brief import internal_codes


    claims, problems = load_case(Path(__file__).resolve().parent.parent / "claims")
    assert problems == []
    theses = ["lost_authority", "lost_prestige", "hardliner_backlash", "personal_style"]
    setup = Setup(theses=theses, teams=[Team(name="Reds", thesis="lost_prestige"),
                                        Team(name="Blues", thesis="hardliner_backlash")],
                  rounds=[Round(name="Opening", minutes=3)])
    playing = claims.only(theses)
    names = {t: claims.theses[t].title for t in theses}
    sent = {"before": [("dev-a", Perspective(weights={"backing": 0})),
                       ("dev-b", Perspective(trust={"downfall_essay": 1.0})),
                       ("dev-c", Perspective(order=("hardliner_backlash", "personal_style")))],
            "after": [("dev-a", Perspective(weights={"support": 2})),
                      ("dev-b", Perspective(trust={"downfall_essay": 0.0}, points={"background": 1})),
                      ("dev-c", Perspective(order=("personal_style",)))]}
    cast = {"before": [("dev-a", {"lost_prestige": 1.0}), ("dev-b", {"personal_style": 1.0})],
            "after": [("dev-a", {"hardliner_backlash": 1.0})]}
    ballots = {p: [b for _, b in rows] for p, rows in cast.items()}
    summary = lesson.summary_markdown("ABCDEF", playing, setup, names, ballots, sent, when="2 December 2026")
    assert "## What changed during the debate" in summary and "The passages that decide" in summary
    assert internal_codes(summary, claims) == []
    rows = list(csv.reader(io.StringIO(lesson.class_csv("ABCDEF", playing, names, cast, sent, SECRET))))
    assert rows[0][-1] == "Reference (for the command line)"
    assert internal_codes("\n".join(",".join(row[:-1]) for row in rows), claims) == []
    assert {row[-1] for row in rows[1:] if row[3] != "setting"} == set(theses)

def test_how_a_passage_bears_on_two_explanations_the_eisenhower_case() -> None:
    """The 1959 Eisenhower passage and the nuclear-testing passage count nothing for “His erratic personal and
    administrative style” and 0.56 against “Setbacks abroad” (strength 2 x the wiki article's trust 0.28,
    disputing): they help the first only by counting against the second. The record says so, never "counts for"
    the first."""
    from explorer.classroom import perspective as pv

    claims, _ = load_case(Path(__file__).resolve().parent.parent / "claims")
    theses = ["lost_authority", "lost_prestige", "hardliner_backlash", "personal_style"]
    playing = claims.only(theses)
    names = {t: claims.theses[t].title for t in theses}
    style, prestige = "personal_style", "lost_prestige"
    found = {d.quote: d for d in pv.deciding_passages(playing, pv.weighting(playing), (style, prestige), most=99)}
    eisenhower = next(d for q, d in found.items() if "Eisenhower" in q)
    assert lesson.bearing(eisenhower, style, prestige, names) == (
        "counts nothing for “His erratic personal and administrative style”, 0.56 against “Setbacks abroad and "
        "the loss of prestige, Cuba above all”")
    # left out, prestige's score rises by 0.5 x 0.56 / 30 = 0.00933: the gap moves towards prestige
    assert lesson.helps(eisenhower, style, prestige, names) == (
        "it helps “His erratic personal and administrative style”: left out, the gap between the two moves "
        "0.009 towards “Setbacks abroad and the loss of prestige, Cuba above all”")
    nuclear = next(d for q, d in found.items() if "limitations and power of nuclear" in q)
    assert lesson.bearing(nuclear, style, prestige, names) == lesson.bearing(eisenhower, style, prestige, names)
    # the record of a lesson whose class puts those two first says the same
    sent = {"before": [("dev-a", Perspective()), ("dev-b", Perspective())]}
    setup = Setup(theses=theses, teams=[Team(name="Reds", thesis="lost_prestige")], rounds=[Round(name="Opening", minutes=3)])
    record = lesson.report("ABCDEF", playing, setup, names, {}, sent)
    first, second = lesson.results(playing, sent).latest.top_two
    assert {first, second} == {style, prestige}
    cards = [b for part in record.parts for b in part.blocks if hasattr(b, "quote")]
    assert len(cards) == 6
    for card in cards:
        d = next(d for d in found.values() if d.quote == card.quote)
        assert dict(card.lines)["How it bears on the two"] == lesson.bearing(d, first, second, names)
    md = lesson.summary_markdown("ABCDEF", playing, setup, names, {}, sent)
    assert "counts for “His erratic" not in md.replace("\\", "")


def test_the_record_prints_on_a_page_and_in_word(case) -> None:
    import io

    from docx import Document

    ballots = {p: [b for _, b in rows] for p, rows in BALLOTS.items()}
    page = lesson.summary_html("ABCDEF", case, SETUP, titles(case), ballots, PERSPECTIVES, when="2 December 2026")
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4;" in page
    assert "<h2>The passages that decide between the class&#x27;s top two</h2>" in page
    assert ("<dt>How it bears on the two</dt><dd>counts nothing for “The harvest”, 2.25 for “Lost prestige”</dd>"
            in page)
    word = Document(io.BytesIO(lesson.summary_docx("ABCDEF", case, SETUP, titles(case), ballots, PERSPECTIVES,
                                                   when="2 December 2026")))
    said = [p.text for p in word.paragraphs]
    assert said[0] == "Class debate ABCDEF: the lesson in one page"
    assert "How it bears on the two: counts 1.6 for “The harvest”, nothing for “Lost prestige”" in said
    assert [c.text for c in word.tables[0].rows[1].cells] == ["The harvest", "1", "0", "-1"]
    # the same record, numbered students and all, with the room's key
    md = lesson.summary_markdown("ABCDEF", case, SETUP, titles(case), ballots, PERSPECTIVES, secret=SECRET)
    assert "## Each student's ranking" in md and "| P1 | weighing | 1st The harvest; 2nd Lost prestige; 3rd The army's anger |" in md


CSV = """\
Room,Student,Poll,What,Explanation or setting,"Value (votes, setting or place)",Reference (for the command line)
ABCDEF,P2,Before the debate,vote,The harvest,1,harvest
ABCDEF,P1,Before the debate,vote,The army's anger,1,army
ABCDEF,P1,Before the debate,setting,How much “Passages for it (support)” counts,1,weight support
ABCDEF,P1,Before the debate,setting,How much “Sources that agree (corroboration)” counts,0.5,weight corroboration
ABCDEF,P1,Before the debate,setting,How much “Historians who argue it (scholarly backing)” counts,0,weight backing
ABCDEF,P1,Before the debate,setting,How much “Passages against it (contestation)” counts,0.5,weight contestation
ABCDEF,P1,Before the debate,setting,What a background passage counts for,0,points background
ABCDEF,P1,Before the debate,setting,Trust in Alpha,0.8,trust alpha
ABCDEF,P1,Before the debate,setting,Trust in Beta,0.24,trust beta
ABCDEF,P1,Before the debate,setting,Trust in Gamma,1,trust gamma_book
ABCDEF,P1,Before the debate,ranking,The army's anger,1,army
ABCDEF,P1,Before the debate,ranking,The harvest,1,harvest
ABCDEF,P1,Before the debate,ranking,Lost prestige,3,prestige
ABCDEF,P2,Before the debate,setting,How much “Passages for it (support)” counts,1,weight support
ABCDEF,P2,Before the debate,setting,How much “Sources that agree (corroboration)” counts,0.5,weight corroboration
ABCDEF,P2,Before the debate,setting,How much “Historians who argue it (scholarly backing)” counts,0.5,weight backing
ABCDEF,P2,Before the debate,setting,How much “Passages against it (contestation)” counts,0.5,weight contestation
ABCDEF,P2,Before the debate,setting,What a background passage counts for,0,points background
ABCDEF,P2,Before the debate,setting,Trust in Alpha,0.8,trust alpha
ABCDEF,P2,Before the debate,setting,Trust in Beta,0.24,trust beta
ABCDEF,P2,Before the debate,setting,Trust in Gamma,1,trust gamma_book
ABCDEF,P2,Before the debate,ranking,The harvest,1,harvest
ABCDEF,P2,Before the debate,ranking,The army's anger,2,army
ABCDEF,P2,Before the debate,ranking,Lost prestige,3,prestige
ABCDEF,P1,After the debate,vote,Lost prestige,1,prestige
ABCDEF,P3,After the debate,vote,Lost prestige,1,prestige
ABCDEF,P1,After the debate,setting,How much “Passages for it (support)” counts,1,weight support
ABCDEF,P1,After the debate,setting,How much “Sources that agree (corroboration)” counts,0.5,weight corroboration
ABCDEF,P1,After the debate,setting,How much “Historians who argue it (scholarly backing)” counts,0.5,weight backing
ABCDEF,P1,After the debate,setting,How much “Passages against it (contestation)” counts,0.5,weight contestation
ABCDEF,P1,After the debate,setting,What a background passage counts for,0,points background
ABCDEF,P1,After the debate,setting,Trust in Alpha,0.8,trust alpha
ABCDEF,P1,After the debate,setting,Trust in Beta,1,trust beta
ABCDEF,P1,After the debate,setting,Trust in Gamma,1,trust gamma_book
ABCDEF,P1,After the debate,ranking,The harvest,1,harvest
ABCDEF,P1,After the debate,ranking,Lost prestige,2,prestige
ABCDEF,P1,After the debate,ranking,The army's anger,3,army
ABCDEF,P3,After the debate,setting,How much “Passages for it (support)” counts,1,weight support
ABCDEF,P3,After the debate,setting,How much “Sources that agree (corroboration)” counts,0.5,weight corroboration
ABCDEF,P3,After the debate,setting,How much “Historians who argue it (scholarly backing)” counts,0,weight backing
ABCDEF,P3,After the debate,setting,How much “Passages against it (contestation)” counts,0.5,weight contestation
ABCDEF,P3,After the debate,setting,What a background passage counts for,0,points background
ABCDEF,P3,After the debate,setting,Trust in Alpha,0.8,trust alpha
ABCDEF,P3,After the debate,setting,Trust in Beta,0.5,trust beta
ABCDEF,P3,After the debate,setting,Trust in Gamma,1,trust gamma_book
ABCDEF,P3,After the debate,ranking,The army's anger,1,army
ABCDEF,P3,After the debate,ranking,The harvest,1,harvest
ABCDEF,P3,After the debate,ranking,Lost prestige,3,prestige
ABCDEF,P4,After the debate,own order,Lost prestige,1,prestige
ABCDEF,P4,After the debate,own order,The harvest,2,harvest
ABCDEF,P4,After the debate,ranking,Lost prestige,1,prestige
ABCDEF,P4,After the debate,ranking,The harvest,2,harvest
ABCDEF,P4,After the debate,ranking,The army's anger,3,army
"""

SUMMARY = r"""# Class debate ABCDEF: the lesson in one page

**The question:** Why did the leader fall?

*2 December 2026*

**Teams:** Reds defended “The harvest”; =Blues defended “Lost prestige”.

## The votes, before and after

Ballots: 2 before the debate, 2 after it (votes).

| Explanation | Before | After | Change |
| --- | --- | --- | --- |
| The harvest | 1 | 0 | -1 |
| Lost prestige | 0 | 2 | +2 |
| The army's anger | 1 | 0 | -1 |

## The class's weighing beside the evidence engine

3 students sent their own weighing of the evidence or their own order (after the debate): 2 weighings, 1 order. The engine ranks on its default settings. The class (average place) puts together every student's own ranking, weighings and orders alike: the smaller an explanation's average place, the higher it comes. The engine on the class's typical settings ranks on the median of each setting over the 2 weighings. Orders count only in first places and in the average place, not in the typical settings or the spreads.

| Explanation | The engine (default settings) | The class (average place) | The engine on the class's typical settings | Students who put it first |
| --- | --- | --- | --- | --- |
| The harvest | 1st | 1st (1.50) | 1st | 2 |
| The army's anger | 2nd | 3rd (2.50) | 3rd | 1 |
| Lost prestige | 3rd | 2nd (2.00) | 2nd | 1 |

In 1 student's ranking, explanations tie for first place; a tie counts for each explanation in it.

How alike the class's order (by average place) and the engine's are, from 1 (the same order) to -1 (the reverse; statisticians call this Kendall's tau): 0.33.

## Where the class disagrees

The settings with the widest spread (the lowest and highest values, over 2 weighings):

- Trust in Beta: from 0.5 to 1
- How much “Historians who argue it (scholarly backing)” counts: from 0 to 0.5

| Setting | The engine | The class's typical setting | Lowest to highest |
| --- | --- | --- | --- |
| Trust in Beta | 0.24 | 0.75 | from 0.5 to 1 |
| How much “Historians who argue it (scholarly backing)” counts | 0.5 | 0.25 | from 0 to 0.5 |

## The passages that decide between the class's top two

The passages that decide between the class's top two by average place, “The harvest” and “Lost prestige”, on the class's typical settings: the recorded passages that move the gap between the two most when left out. Each counts for or against each explanation by its weight (the points for its strength times the trust in its source).

> “The harvest of 1963 failed.”
>
> — Alpha

- **How it bears on the two:** counts 1.6 for “The harvest”, nothing for “Lost prestige”
- **So:** it helps “The harvest”: left out, the gap between the two moves 0.187 towards “Lost prestige”

> “Abroad, the retreat over Cuba was a humiliation.”
>
> — Beta

- **How it bears on the two:** counts nothing for “The harvest”, 2.25 for “Lost prestige”
- **So:** it helps “Lost prestige”: left out, the gap between the two moves 0.200 towards “The harvest”

## What changed during the debate

Students in the poll before the debate: 2; after it: 3; in both: 1. The changes are over the 1 student who answered both.

| Explanation | First for, before | First for, after | Change |
| --- | --- | --- | --- |
| The harvest | 1 | 1 | +0 |
| The army's anger | 1 | 0 | -1 |
| Lost prestige | 0 | 0 | +0 |

The typical settings of those who weighed both times moved:

- Trust in Beta: 0.24 → 1
- How much “Historians who argue it (scholarly backing)” counts: 0 → 0.5

How alike their class order (by average place) was before and after, from 1 (the same) to -1 (the reverse): 0.00.

*These numbers model the evidence recorded in the case, and what this class made of it, not the truth.*
"""
