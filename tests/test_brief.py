"""Debate briefs on the small case, with exact expectations worked by hand."""

import re
from pathlib import Path

import pytest

from explorer import brief
from explorer.load import load_case
from explorer.weighting import Weighting

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


@pytest.fixture
def three(tmp_path):
    """The small case with `army`: three theses, one team each."""
    from conftest import ARMY, write_case

    loaded, _ = load_case(write_case(tmp_path / "three", {"theses/army.yaml": ARMY}))
    return brief.debate(loaded, ["harvest", "prestige", "army"],
                        Weighting.of(loaded, {"backing": 0}, points={"context": 1}), samples=0,
                        teams={"harvest": "Reds", "prestige": "Blues", "army": "Greens"})


def test_the_passages_that_decide_are_worked_out_for_each_team(three) -> None:
    """Scores (support / 30 + 0.5 x corroboration / 3 - 0.5 x contestation / 30; backing weighed 0): army 1.6 / 30 +
    0.5 x 0.8 / 3 = 0.1867; harvest the same less 0.5 x 0.48 / 30 = 0.1787; prestige 0.72 / 30 + 0.5 x 0.24 / 3 -
    0.5 x 0.52 / 30 = 0.0553. Without harvest's own passage harvest falls to -0.008, last; without army's, army
    falls to 0 and harvest comes first."""
    assert three.base == ("army", "harvest", "prestige")
    assert three.without["harvest#1"] == ("army", "prestige", "harvest")
    assert three.without["army#1"] == ("harvest", "prestige", "army")
    harvest, prestige, army = brief.all_briefs(three)
    assert [x.line for x in harvest.defend] == [
        ("“The harvest of 1963 failed.” (Alpha): without it, you would fall from 2nd to 3rd place, behind “Lost "
        "prestige”")]
    assert [x.line for x in harvest.attack] == [
        "“The army disliked the cuts.” (Alpha): without it, you would come first, above “The army's anger”"]
    # prestige rises to 2nd without harvest's passage (army stays first): an attack; without army's passage it rises
    # to 2nd too, but harvest would come first, which helps another team: never told to prestige
    assert prestige.defend == ()
    assert [x.line for x in prestige.attack] == [
        "“The harvest of 1963 failed.” (Alpha): without it, you would rise from 3rd to 2nd place, above “The harvest”"]
    # the teacher's key: each passage with the change that moves this team, said as Compare says it (for prestige,
    # harvest#1's second change: it would put harvest first if read as explicit, which leaves prestige 3rd)
    assert prestige.key.turning[0] == (
        "“The harvest of 1963 failed.” (Alpha): “The harvest” and “Lost prestige” would swap 2nd and 3rd place if "
        "this passage were left out, or read as disputing or qualifying “The harvest” instead of supporting it.")
    assert harvest.key.turning[0] == (
        "“The harvest of 1963 failed.” (Alpha): “The harvest” would come first instead of “The army's anger” if this "
        "passage were read as explicit about “The harvest” instead of relevant.")
    assert [x.line for x in army.defend] == [
        ("“The army disliked the cuts.” (Alpha): without it, you would fall from 1st to 3rd place, behind “The "
        "harvest” and “Lost prestige”")]
    assert army.attack == ()
    assert [(d.place_before, d.place_after) for d in army.defend] == [(1, 3)]


def test_a_brief_for_harvest(three) -> None:
    b = brief.brief_for(three, "harvest")
    # trusts: alpha (reference work, no defects) 0.8; beta (student essay, one factual error) 0.25 x 0.96 = 0.24
    assert [(c.ref, c.weight, c.label, c.kind, c.faults) for c in b.best] == [
        ("harvest#1", 1.6, "relevant, weight 1.60", "Reference work", "")]
    # against it: harvest#2 disputes (1 x 0.24) and prestige#1 disputes through bears_on (1 x 0.24); ties by order
    assert [(f.passage.ref, f.passage.stance, f.passage.weight, f.passage.home) for f in b.facing] == [
        ("harvest#2", "disputes", 0.24, ""), ("prestige#1", "disputes", 0.24, "Lost prestige")]
    # beta (0.24) is trusted less than alpha (0.8), the source of the team's best passage; both are background
    assert b.facing[0].prepare == (
        "Ask how far to trust it: it comes from a student essay with recorded faults, a weaker source than yours. It "
        "does not say in so many words that this was not a cause. Set against it: “The harvest of 1963 "
        "failed.” (Alpha).")
    assert b.facing[0].question == ("“At home, the harvest was fine.” (Beta). If that is so, how can “The harvest” "
                                    "stand?")
    assert [(r.id, r.rank, r.team, [c.ref for c in r.best]) for r in b.rivals] == [
        ("army", 1, "Greens", ["army#1"]), ("prestige", 3, "Blues", ["prestige#1"])]
    assert (b.rank, b.of, b.team) == (2, 3, "Reds")
    assert b.proponents == ("Jane Doe (according to Gamma)",)
    # questions to ask a rival come from what disputes or qualifies it: nothing is against army; prestige#2 qualifies
    # prestige (0.5 x 1 x 0.8 = 0.4)
    assert b.questions_to_ask == (
        ("“Critics said the “bold schemes” of the leader—all of them—had failed.” (Alpha). Does that not make “Lost "
        "prestige” one cause among several rather than the cause?"),)
    assert [(s.title, s.words) for s in b.sources] == [
        ("Alpha", ("Reference work: an unsigned article in a reference book, edited and checked, but with no author to "
                  "answer for it.")),
        ("Beta", ("Student essay: a student's essay, useful for what it reports historians saying, not as an "
                 "authority. Recorded faults: factual error (1)."))]
    # the answer key: the engine's plain answer and this team's score written out
    assert b.key.headline == ("“The army's anger” comes first on these settings (a score of 0.19 against 0.18 for "
                              "“The harvest”, the next).")
    assert b.key.score == ("0.05 for the passages for it + 0.13 because several sources agree + 0.00 for historians "
                           "who argue it − 0.01 for the passages against it = 0.18 (each figure rounded)")


def test_the_teams_version_has_no_weights_and_the_teachers_has_the_key(three) -> None:
    b = brief.brief_for(three, "harvest")
    team, teacher = brief.to_markdown(b), brief.to_markdown(b, teacher=True)
    assert team.startswith("# Reds: The harvest\n\n*Debate brief. Your team defends “The harvest”.*\n\n**Your "
                           "explanation.** The leader fell because the harvest failed.\n")
    assert re.search(r"weight \d", team) is None and "answer key" not in team and "ranked" not in team
    assert [line for line in team.splitlines() if line.startswith("## ")] == [
        "## Your best evidence", "## What the other teams will say against you",
        "## The passages that decide the debate for you", "## Your rivals", "## Cross-examination: questions to ask",
        "## Can you trust these sources?"]
    # the team's version gives the whole passage and what its loss does, but no places: no verdict to hand out
    assert ("- Defend “The harvest of 1963 failed.” (Alpha): without it, “Lost prestige” would overtake your "
            "explanation.") in team
    assert " place" not in team.split("## The passages that decide")[1].split("## ")[0]
    assert ("- Defend “The harvest of 1963 failed.” (Alpha): without it, you would fall from 2nd to 3rd place, behind "
            "“Lost prestige”.") in teacher
    assert "> — Alpha · reference work\n\n- **Why it matters:** The failure itself.\n" in team
    assert teacher.split("\n## ")[1].startswith("For the teacher: the answer key\n\n**What the evidence engine "
                                                  "thinks.** “The army's anger” comes first")
    assert "> — Alpha · reference work · supports, relevant, weight 1.60\n" in teacher
    assert "- Greens defends “The army's anger” (ranked 1st): The army turned against" in teacher


def test_no_heading_over_nothing(case) -> None:
    """Background only against harvest, and nothing against prestige's rival that counts: no heading over an empty
    list, no "Nothing recorded"."""
    b = brief.build(case, "harvest", samples=0)
    # every passage against harvest is background: nothing counts against it, and no question is built on it
    assert b.facing == () and b.questions_to_expect == () and b.questions_to_ask == ()
    assert b.defend == () and b.attack == ()
    md = brief.to_markdown(b)
    for missing in ("What the other teams will say", "questions to ask", "decide the debate", "Nothing recorded",
                    "(none recorded)"):
        assert missing not in md


def test_background_counts_for_nothing_but_is_shown_to_the_teacher(case) -> None:
    strong = case.theses["harvest"].model_copy(update={"evidence": [
        e.model_copy(update={"stance": "supports"}) if e.ref == "harvest#2" else e
        for e in case.theses["harvest"].evidence]})
    changed = case.model_copy(update={"theses": {**case.theses, "harvest": strong}})
    b = brief.build(changed, "harvest", samples=0)
    assert [(c.ref, c.weight, c.label) for c in b.background] == [("harvest#2", 0.0, "background, weight 0.00")]
    assert [c.ref for c in b.best] == ["harvest#1"]
    # a relevant passage from a source trusted 0 counts for nothing, but it is not background
    untrusted = brief.build(changed, "harvest", weighting=Weighting.of(changed, trust={"alpha": 0.0}), samples=0)
    assert ([c.ref for c in untrusted.best], [c.ref for c in untrusted.background]) == ([], ["harvest#2"])
    assert "## Background" not in brief.to_markdown(b)  # the team's page is kept to its evidence
    assert ("## Background (sets the scene, but is not evidence for you)\n\n> “At home, the harvest was fine.”"
            in brief.to_markdown(b, teacher=True))
    # a team with no evidence that counts is told so, and gets its background instead
    md = brief.to_markdown(untrusted)
    assert "Nothing recorded in the case counts for your explanation on these settings" in md
    assert "## Background (sets the scene, but is not evidence for you)" in md


def test_a_qualifying_passage_weighs_what_the_engine_says(case) -> None:
    b = brief.build(case, "prestige", weighting=Weighting.of(case, points={"context": 2}), samples=0)
    # harvest#2 and prestige#2 qualify prestige: half of 2 x trust, as weigh.passage_weight says
    assert [(f.passage.ref, f.passage.weight) for f in b.facing] == [("prestige#2", 0.8), ("harvest#2", 0.24)]
    assert b.facing[0].prepare.startswith("It limits your explanation rather than denying it: agree that there was "
                                          "more than one cause, and argue that yours weighed most.")


def test_unknown_thesis(case) -> None:
    with pytest.raises(brief.BriefError, match=r"unknown thesis `harvst` \(did you mean `harvest`\?\); use one of: "
                                               r"harvest, prestige"):
        brief.build(case, "harvst")
    with pytest.raises(brief.BriefError, match="unknown thesis `army`"):
        brief.build(case, "harvest", rivals=["army"])


def test_markdown_printable_page_and_word(three) -> None:
    import io

    from docx import Document

    b = brief.brief_for(three, "prestige")
    page = brief.to_html(b)
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4;" in page and "@media print" in page
    assert ("<div class=card><blockquote>“Abroad, the retreat over Cuba was a humiliation.”</blockquote><p "
            "class=source>Beta · student essay · has recorded faults</p><dl><dt>Why it matters</dt><dd>The "
            "humiliation.</dd></dl></div>") in page
    word = Document(io.BytesIO(brief.to_docx(b)))
    said = [p.text for p in word.paragraphs]
    assert said[:2] == ["Blues: Lost prestige", "Debate brief. Your team defends “Lost prestige”."]
    assert "“Abroad, the retreat over Cuba was a humiliation.”" in said
    assert internal_codes(page, three.case) == [] and internal_codes("\n".join(said), three.case) == []


def test_print_all_puts_each_team_on_new_pages(three) -> None:
    import io

    from docx import Document

    briefs = brief.all_briefs(three)
    page = brief.print_all(briefs)
    assert page.count("<article>") == 3 and "article { break-after: page; page-break-after: always; }" in page
    assert [m for m in re.findall(r"<h1>(.*?)</h1>", page)] == [
        "Reds: The harvest", "Blues: Lost prestige", "Greens: The army&#x27;s anger"]
    word = Document(io.BytesIO(brief.print_all(briefs, fmt="docx")))
    breaks = word.element.body.xml.count('w:type="page"')
    assert breaks == 2  # between the three teams
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [
        "Reds: The harvest", "Blues: Lost prestige", "Greens: The army's anger"]
    assert brief.print_all(briefs, fmt="md").count("\n---\n") == 2
    teacher = brief.print_all(briefs, teacher=True)
    assert teacher.count("For the teacher: the answer key") == 3 and "<title>Debate briefs for the teacher" in teacher


def test_a_brief_names_passages_by_their_words_never_by_reference(claims) -> None:
    """On the Khrushchev case, every brief's Markdown and printable page name passages by their first words and
    source, and theses by their titles: no `lost_prestige#3`, no `lost_prestige`."""
    for tid in claims.theses:
        made = brief.build(claims, tid, samples=0)
        for teacher in (False, True):
            for text in (brief.to_markdown(made, teacher), brief.to_html(made, teacher)):
                assert internal_codes(text, claims) == [], tid
    made = brief.build(claims, "lost_prestige", samples=0)
    assert ("“By 1964, discontent among the party faithful and concern over …” (Khrushchev Retires from Soviet "
            "Leadership): without it, you would fall from 1st to 2nd place, behind “His erratic personal and "
            "administrative style”") in [x.line for x in made.defend]


def test_no_team_is_told_to_attack_a_passage_that_puts_another_team_first(claims) -> None:
    """For any debate of the default case: every passage a team is told to attack, taken out, lifts that team and
    leaves first either the leader or that team; every passage it is told to defend, taken out, drops it. The
    cross-examination questions quote a source in brackets, never as a speaker."""
    theses = ["lost_authority", "lost_prestige", "hardliner_backlash", "personal_style", "agriculture"]
    for n in (2, 3, 4, 5):
        d = brief.debate(claims, theses[:n], samples=0)
        for b in brief.all_briefs(d):
            place = d.base.index(b.id)
            for x in b.attack:
                after = d.without[x.ref]
                assert after.index(b.id) < place and after[0] in (d.base[0], b.id), (b.id, x.line)
            for x in b.defend:
                assert d.without[x.ref].index(b.id) > place
            assert all(" says:" not in q for q in b.questions_to_ask)


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
        for c in made.best + tuple(f.passage for f in made.facing) + made.background:
            assert c.weight == round(weigh.passage_weight(c.stance, c.strength, trusts[c.source]), 3)
            seen += c.stance == "qualifies"
    assert seen > 0
    others = [t for t in claims.theses if t != "hardliner_backlash"]
    outline = essay.build_outline(claims, "hardliner_backlash", others[:2], others[2])
    quotations = list(outline.main.quotations) + [q for s in outline.sections for q in s.quotations] + list(
        outline.counter.quotations)
    assert len(quotations) >= 6
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
    assert seen(md).startswith(f"# Debate brief: {hostile('The harvest')}\n\n**Your explanation.** "
                               f"{hostile('The leader fell because the harvest failed.')}\n")
    assert md.count(EVIL) == 0 and seen(md).count(EVIL) >= 5
