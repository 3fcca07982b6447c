"""Debate briefs on the small case, with exact expectations worked by hand."""

import re
from pathlib import Path

import pytest

from explorer import brief
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"\b[a-z][a-z0-9_]*#\d+\b")  # a passage's reference: thesis id, '#', number


def internal_codes(text: str, case) -> list[str]:
    """The passage references and thesis ids in a text people read (none may be there). A thesis id is looked
    for only when it holds an underscore: `agriculture` is also a word of the sources. Markdown escapes
    (`lost\\_prestige`, `harvest\\#1`) and word joiners are taken off first, as a reader sees the text."""
    plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u2060", "")
    found = REFERENCE.findall(plain)
    return found + [tid for tid in case.theses if "_" in tid and tid in plain]


@pytest.fixture(scope="module")
def claims():
    loaded, problems = load_case(ROOT / "claims")
    assert problems == []
    return loaded


@pytest.fixture
def case(small_case):
    loaded, _ = load_case(small_case)
    return loaded


def test_brief_for_harvest(case) -> None:
    # background (strength 1) given a point, as a reader may, and backing weighed 0, so that passages decide
    b = brief.build(case, "harvest", weights={"backing": 0}, points={"context": 1}, samples=0)
    # trusts: alpha (reference work, no defects) 0.8; beta (student essay, one factual error) 0.25 x 0.96 = 0.24
    # harvest's only supporting passage: harvest#1, strength 2 x 0.8 = 1.6
    assert [(c.ref, c.weight, c.label) for c in b.best] == [("harvest#1", 1.6, "relevant, weight 1.60")]
    # against it: harvest#2 disputes (1 x 0.24) and prestige#1 disputes through bears_on (1 x 0.24); ties by ref
    assert [(c.ref, c.stance, c.weight, c.home) for c in b.facing] == [
        ("harvest#2", "disputes", 0.24, ""), ("prestige#1", "disputes", 0.24, "Lost prestige")]
    assert [(r.id, r.rank, [c.ref for c in r.best]) for r in b.rivals] == [("prestige", 2, ["prestige#1"])]
    assert (b.rank, b.of) == (1, 2)
    assert b.proponents == ("Jane Doe (according to Gamma)",)
    # removing harvest#1 leaves harvest (1.6 - 1.6) / 30 + 0 - 0.5 x 0.48 / 30 = -0.008, below prestige's
    # 0.72 / 30 + 0.5 x 0.24 / 3 - 0.5 x 0.52 / 30 = 0.0553
    assert b.defend == (("“The harvest of 1963 failed.” (Alpha): without it, “Lost prestige” would come first "
                        "instead of “The harvest”"),)
    # read against harvest, harvest#1 has the same effect; prestige#2 read as supporting prestige, not qualifying
    # it, adds alpha's 0.8 to prestige's support and corroboration: 0.222 > harvest's 0.179
    assert b.judgements == (
        ("“The harvest of 1963 failed.” (Alpha), on “The harvest”: read as disputing, not supporting, “Lost "
         "prestige” would come first instead of “The harvest”"),
        ("“The harvest of 1963 failed.” (Alpha), on “The harvest”: read as qualifying, not supporting, “Lost "
         "prestige” would come first instead of “The harvest”"),
        ("“Critics said the “bold schemes” of the leader—all of them—had …” (Alpha), on “Lost prestige”: read as "
         "supporting, not qualifying, “Lost prestige” would come first instead of “The harvest”"),
    )
    # questions to ask the rival come from what disputes or qualifies prestige: prestige#2 qualifies it
    # (0.5 x 1 x 0.8 = 0.4), harvest#2 too (0.5 x 1 x 0.24 = 0.12)
    assert b.questions_to_ask == (
        ("Alpha says: “Critics said the “bold schemes” of the leader—all of them—had failed.” Does that not make "
        "“Lost prestige” one factor among several rather than the cause?"),
        ("Beta says: “At home, the harvest was fine.” Does that not make “Lost prestige” one factor among several "
        "rather than the cause?"),
    )
    assert b.questions_to_expect[0] == ("Beta says: “At home, the harvest was fine.” How can “The harvest” stand "
                                        "if that is true?")


def test_background_counts_for_nothing_but_is_shown(case) -> None:
    b = brief.build(case, "harvest", samples=0)
    # every passage against harvest is background: nothing counts against it, and no question is built on it
    assert b.facing == () and b.questions_to_expect == () and b.questions_to_ask == ()
    assert b.defend == () and b.judgements == ()
    strong = case.theses["harvest"].model_copy(update={"evidence": [
        e.model_copy(update={"stance": "supports"}) if e.ref == "harvest#2" else e
        for e in case.theses["harvest"].evidence]})
    b = brief.build(case.model_copy(update={"theses": {**case.theses, "harvest": strong}}), "harvest", samples=0)
    assert [(c.ref, c.weight, c.label) for c in b.background] == [("harvest#2", 0.0, "background, weight 0.00")]
    assert [c.ref for c in b.best] == ["harvest#1"]
    # a relevant passage from a source trusted 0 counts for nothing, but it is not background
    untrusted = brief.build(case.model_copy(update={"theses": {**case.theses, "harvest": strong}}), "harvest",
                            trust={"alpha": 0.0}, samples=0)
    assert ([c.ref for c in untrusted.best], [c.ref for c in untrusted.background]) == ([], ["harvest#2"])
    md = brief.to_markdown(b)
    assert ("## Background (sets the scene; counts for nothing in the weighing)\n\n- “At home, the harvest was "
            "fine.” (Beta; supports, background, weight 0.00)") in md
    assert "<h2>Background (sets the scene; counts for nothing in the weighing)</h2>" in brief.to_html(b)


def test_a_qualifying_passage_weighs_what_the_engine_says(case) -> None:
    b = brief.build(case, "prestige", points={"context": 2}, samples=0)
    # harvest#2 and prestige#2 qualify prestige: half of 2 x trust, as weigh.passage_weight says
    assert [(c.ref, c.weight) for c in b.facing] == [("prestige#2", 0.8), ("harvest#2", 0.24)]


def test_unknown_thesis(case) -> None:
    with pytest.raises(brief.BriefError, match=r"unknown thesis `harvst`; did you mean `harvest`\? use one of: "
                                               r"harvest, prestige"):
        brief.build(case, "harvst")
    with pytest.raises(brief.BriefError, match="unknown thesis `army`"):
        brief.build(case, "harvest", rivals=["army"])


def test_markdown_and_printable_page(case) -> None:
    b = brief.build(case, "prestige", points={"context": 1}, samples=0)
    md = brief.to_markdown(b)
    assert md.startswith("# Debate brief: Lost prestige\n\n**Your thesis.** The leader fell because of Cuba.\n")
    assert ("## Your best evidence\n\n- “Abroad, the retreat over Cuba was a humiliation.” (Beta; supports, "
            "explicit causal claim, weight 0.72) The humiliation.\n") in md  # no reference after the note
    assert ("- “At home, the harvest was fine.” (Beta; qualifies, background, weight 0.12) Recorded under “The "
            "harvest”: Says the opposite.\n") in md  # harvest#2 qualifies prestige
    page = brief.to_html(b)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert ("<blockquote>“Abroad, the retreat over Cuba was a humiliation.”</blockquote><p class='meta'>Beta · "
            "supports, explicit causal claim, weight 0.72</p><p>The humiliation.</p>") in page
    assert internal_codes(md, case) == [] and internal_codes(page, case) == []


def test_a_brief_names_passages_by_their_words_never_by_reference(claims) -> None:
    """On the Khrushchev case, every brief's Markdown and printable page name passages by their first words and
    source, and theses by their titles: no `lost_prestige#3`, no `lost_prestige`."""
    for tid in claims.theses:
        made = brief.build(claims, tid, samples=0)
        assert made.defend or made.attack or made.judgements or tid != "lost_prestige"
        for text in (brief.to_markdown(made), brief.to_html(made)):
            assert internal_codes(text, claims) == [], tid
    made = brief.build(claims, "lost_prestige", samples=0)
    assert ("“By 1964, discontent among the party faithful and concern over …” (Khrushchev Retires from Soviet "
            "Leadership): without it, “His erratic personal and administrative style” would come first instead of "
            "“Setbacks abroad and the loss of prestige, Cuba above all”") in made.defend


def test_the_check_finds_references_and_ids() -> None:
    """The check itself: a reference or an underscored id is found, escaped for Markdown or not."""
    claims_like = type("C", (), {"theses": {"lost_prestige": None, "agriculture": None}})()
    assert internal_codes("see lost\\_prestige\\#3 and agriculture", claims_like) == ["lost_prestige#3",
                                                                                       "lost_prestige"]
    assert internal_codes("farming and agriculture in 1963", claims_like) == []


def test_printable_page_escapes_case_text(case) -> None:
    hostile = case.theses["prestige"].model_copy(update={"title": "<script>x</script>"})
    changed = case.model_copy(update={"theses": {**case.theses, "prestige": hostile}})
    page = brief.to_html(brief.build(changed, "prestige", samples=0))
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_briefs_and_outlines_weigh_a_passage_alike() -> None:
    """One rule for a passage's weight: the brief, the essay outline and weigh.passage_weight agree, qualifying
    passages included (they count half)."""
    from explorer import essay, weigh

    claims, _ = load_case(ROOT / "claims")
    trusts = weigh.trusts(claims)
    seen = 0
    for tid in claims.theses:
        made = brief.build(claims, tid, samples=0)
        for c in made.best + made.facing + made.background:
            assert c.weight == round(weigh.passage_weight(c.stance, c.strength, trusts[c.source]), 3)
            seen += c.stance == "qualifies"
    assert seen > 0
    others = [t for t in claims.theses if t != "hardliner_backlash"]
    outline = essay.build_outline(claims, "hardliner_backlash", others[:2], others[2])
    quotations = list(outline.introduction.evidence) + [q for s in outline.sections for q in s.quotations] + list(
        outline.counter.quotations)
    for q in quotations:
        assert q.weight == pytest.approx(weigh.passage_weight(q.stance, q.strength, q.trust))


def test_the_markdown_download_shows_case_text_as_text(hostile_case) -> None:
    """The brief's Markdown reads, in any Markdown renderer, as the words of the case: no link, image, maths,
    directive, icon or emphasis from them."""
    from hostile import EVIL, hostile, interpreted, seen

    loaded, problems = load_case(hostile_case)
    assert problems == []
    md = brief.to_markdown(brief.build(loaded, "harvest", samples=0))
    assert interpreted(md) == []
    assert seen(md).startswith(f"# Debate brief: {hostile('The harvest')}\n\n**Your thesis.** "
                               f"{hostile('The leader fell because the harvest failed.')}\n")
    assert md.count(EVIL) == 0 and seen(md).count(EVIL) >= 5
