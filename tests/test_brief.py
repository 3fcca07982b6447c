"""Debate briefs on the small case, with exact expectations worked by hand."""

import pytest

from explorer import brief
from explorer.load import load_case


@pytest.fixture
def case(small_case):
    loaded, _ = load_case(small_case)
    return loaded


def test_brief_for_harvest(case) -> None:
    b = brief.build(case, "harvest", samples=0)
    # trusts: alpha (reference work, no defects) 0.8; beta (student essay, one factual error) 0.25 x 0.96 = 0.24
    # harvest's only supporting passage: harvest#1, strength 2 x 0.8 = 1.6
    assert [(c.ref, c.weight) for c in b.best] == [("harvest#1", 1.6)]
    # against it: harvest#2 disputes (1 x 0.24) and prestige#1 disputes through bears_on (1 x 0.24); ties by ref
    assert [(c.ref, c.stance, c.weight, c.home) for c in b.facing] == [
        ("harvest#2", "disputes", 0.24, ""), ("prestige#1", "disputes", 0.24, "Lost prestige")]
    assert [(r.id, r.rank, [c.ref for c in r.best]) for r in b.rivals] == [("prestige", 2, ["prestige#1"])]
    assert (b.rank, b.of) == (1, 2)
    assert b.proponents == ("Jane Doe (according to Gamma)",)
    # removing harvest#1 makes prestige first: a passage to defend
    assert b.defend == ("harvest#1 (Alpha): removing it changes first: harvest -> prestige",)
    # questions to ask the rival come from what disputes or qualifies prestige: harvest#2 qualifies it,
    # prestige#2 qualifies it too (both strength 1; alpha 0.8 outweighs beta 0.24)
    assert b.questions_to_ask == (
        "Alpha says: “Critics said the “bold schemes” of the leader—all of them—had failed.” Does that not make "
        "“Lost prestige” one factor among several rather than the cause?",
        "Beta says: “At home, the harvest was fine.” Does that not make “Lost prestige” one factor among several "
        "rather than the cause?",
    )
    assert b.questions_to_expect[0] == ("Beta says: “At home, the harvest was fine.” How can “The harvest” stand "
                                        "if that is true?")


def test_unknown_thesis(case) -> None:
    with pytest.raises(brief.BriefError, match=r"unknown thesis `harvst`; did you mean `harvest`\? use one of: "
                                               r"harvest, prestige"):
        brief.build(case, "harvst")
    with pytest.raises(brief.BriefError, match="unknown thesis `army`"):
        brief.build(case, "harvest", rivals=["army"])


def test_markdown_and_printable_page(case) -> None:
    b = brief.build(case, "prestige", samples=0)
    md = brief.to_markdown(b)
    assert md.startswith("# Debate brief: Lost prestige\n\n**Your thesis.** The leader fell because of Cuba.\n")
    assert "## Your best evidence\n\n- “Abroad, the retreat over Cuba was a humiliation.” (Beta; supports" in md
    assert "Recorded under “The harvest”: Says the opposite." in md  # harvest#2 qualifies prestige
    page = brief.to_html(b)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_printable_page_escapes_case_text(case) -> None:
    hostile = case.theses["prestige"].model_copy(update={"title": "<script>x</script>"})
    changed = case.model_copy(update={"theses": {**case.theses, "prestige": hostile}})
    page = brief.to_html(brief.build(changed, "prestige", samples=0))
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
