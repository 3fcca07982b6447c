"""The essay plan built (explorer/essay/building.py): which passages, which notes, the sections framed by the recorded links, the counter-argument, the judgement."""
# ruff: noqa: F811 (the shared fixtures of essay_cases, imported here, are the tests' parameters)

import textwrap
from pathlib import Path

import pytest
from conftest import ARMY, FILES, write_case
from essay_cases import case, claims, ordered, outline  # noqa: F401 (fixtures)

from explorer import essay, weigh
from explorer.essay import building
from explorer.load import load_case
from explorer.weighting import Weighting


def test_passages_and_note_numbers(outline) -> None:
    """Default weights: alpha is trusted 0.8, beta (a student essay with one factual error) 0.24. The main section
    quotes the harvest's passage; the worked example cites it again (note 2); notes locate by paragraph."""
    main = outline.main
    assert [(q.ref, q.footnote, q.locator) for q in main.quotations] == [("harvest#1", 1, "para. 1")]
    assert (main.example.quotation.ref, main.example.quotation.footnote) == ("harvest#1", 2)
    assert [(s.thesis, [(q.ref, q.footnote, q.locator) for q in s.quotations]) for s in outline.sections] == [
        ("army", [("army#1", 3, "para. 3")])]
    counter = outline.counter
    rivals = [(r.name, r.source, r.summary, r.footnote) for r in counter.rivals]
    assert rivals == [("Richard Roe", "beta", "Blames Cuba.", 4)]
    assert [(q.ref, q.stance, q.footnote, q.weight, q.authority) for q in counter.quotations] == [
        ("prestige#1", "supports", 5, pytest.approx(0.72), False)]
    assert [(n.number, n.source, n.locator) for n in outline.notes] == [
        (1, "alpha", "1"), (2, "alpha", "1"), (3, "alpha", "3"), (4, "beta", "1"), (5, "beta", "1")]


def test_the_counter_argument_quotes_only_evidence_for_the_chosen_rival(case) -> None:
    """harvest#2 disputes the harvest but bears on the lost prestige, not on the army's anger: answering the
    army's anger, the outline quotes the army's own passage, not evidence for another rival."""
    outline = essay.build_outline(case, "harvest", ["prestige"], "army",
                                  weighting=Weighting.of(case, points={"context": 1}))
    assert [(q.ref, q.stance, q.footnote) for q in outline.counter.quotations] == [("army#1", "supports", 4)]
    assert "harvest#2" not in {q.ref for q in outline.quotations}


def test_on_the_real_case_the_counter_argument_quotes_only_its_own_evidence(claims) -> None:
    """Every plan of the real case: each passage the counter-argument quotes supports the counter-argument."""
    passages = {e.ref: (t.id, e) for t, e in claims.passages()}
    order = list(claims.within().theses)  # a plan's theses answer one question
    quoted = 0
    for thesis in order:
        for counter in order:
            if counter == thesis:
                continue
            factors = [t for t in order if t not in (thesis, counter)][:3]
            for q in essay.build_outline(claims, thesis, factors, counter).counter.quotations:
                home, evidence = passages[q.ref]
                assert evidence.stances(home).get(counter, ("none",))[0] == "supports", (thesis, counter, q.ref)
                assert q.stance == "supports"
                quoted += 1
    assert quoted > 100


def test_notes_are_chicago_full_then_short(outline) -> None:
    """Notes end with a full stop and separate their parts with commas; the locator is the paragraph of the
    source as published; the student essay's note names its kind."""
    assert [n.text.text for n in outline.notes] == [
        "\u201cAlpha,\u201d n.d., para. 1.",
        "\u201cAlpha,\u201d para. 1.",
        "\u201cAlpha,\u201d para. 3.",
        "\u201cBeta\u201d (Student essay, n.d.), para. 1.",
        "\u201cBeta,\u201d para. 1.",
    ]


def test_the_bibliography_lists_what_the_notes_cite_and_the_rest_is_further_reading(outline, case) -> None:
    """Bibliography entries separate their parts with full stops, never the note's comma."""
    assert [b.markdown for b in outline.bibliography] == ["\u201cAlpha.\u201d N.d.",
                                                          "\u201cBeta.\u201d Student essay. N.d."]
    assert outline.bibliography_sources == ("alpha", "beta")
    assert [b.markdown for b in outline.further_reading] == ["Doe, Jane. *Gamma*, 1990."]
    assert outline.further_reading_sources == ("gamma_book",)
    # answering the harvest, which Jane Doe argues in her book: the note cites it, so it is in the bibliography
    cited = essay.build_outline(case, "prestige", ["army"], "harvest")
    assert [(r.name, r.source, r.footnote) for r in cited.counter.rivals] == [("Jane Doe", "gamma_book", 4),
                                                                             ("Jane Doe", "alpha", 5)]
    assert cited.bibliography_sources == ("gamma_book", "alpha", "beta")
    assert (cited.further_reading, cited.further_reading_sources) == ((), ())
    assert "## Further reading" not in essay.to_markdown(cited)


def test_what_the_case_does_not_know_is_said_and_the_student_essay_is_no_authority(outline) -> None:
    assert [g.text for g in outline.gaps] == [
        ("\u201cAlpha\u201d: the case records no author, date (the notes say \u201cn.d.\u201d), publisher or "
         "website, web address and date of access (add the date you read it, if you read it online)."),
        ("\u201cBeta\u201d: the case records no author, date (the notes say \u201cn.d.\u201d), publisher or "
         "website, web address and date of access (add the date you read it, if you read it online)."),
    ]
    assert [(c.source, c.reason, [b.markdown for b in c.instead]) for c in outline.cautions] == [
        ("beta", "A student's essay, useful for what it reports historians saying, not as an authority.",
         ["Doe, *Gamma* (1990)"])]
    assert outline.counter.rivals[0].caution == (
        "Only \u201cBeta\u201d, a student essay and no authority, credits this view to Richard Roe; the case lists no "
        "work by Richard Roe. Do not cite it as your authority for what Richard Roe argues: if you use it, write "
        "\u201caccording to a student essay\u201d, and read the further reading listed under Notes for the debate "
        "itself.")
    assert essay.gloss(outline.counter.quotations[0]) == "— The humiliation. (Beta: not an authority, see the notes)"


def test_a_known_address_and_access_date_reach_the_note_and_leave_the_gaps(tmp_path: Path) -> None:
    sources = textwrap.dedent(FILES["sources.yaml"]).replace(
        "    title: Alpha\n", "    title: Alpha\n    container: Alpha Online\n    url: https://alpha.example/a\n"
        "    accessed: 2026-11-22\n")
    loaded, problems = load_case(write_case(tmp_path / "url", {"sources.yaml": sources, "theses/army.yaml": ARMY}))
    assert problems == []
    outline = essay.build_outline(loaded, "harvest", ["army"], "prestige")
    assert outline.notes[0].text.text == ("\u201cAlpha,\u201d in Alpha Online, para. 1, accessed November 22, 2026, "
                                          "https://alpha.example/a.")
    assert outline.gaps[0].text == "\u201cAlpha\u201d: the case records no author and date (the notes say \u201cn.d.\u201d)."


def test_a_german_book_keeps_its_title_in_further_reading(tmp_path: Path) -> None:
    sources = textwrap.dedent(FILES["sources.yaml"]).replace(
        "    title: Gamma\n", "    title: Griff nach der Weltmacht\n    language: de\n")
    loaded, problems = load_case(write_case(tmp_path / "de", {"sources.yaml": sources, "theses/army.yaml": ARMY}))
    assert problems == []
    outline = essay.build_outline(loaded, "harvest", ["army"], "prestige")
    assert [b.markdown for b in outline.further_reading] == ["Doe, Jane. *Griff nach der Weltmacht*, 1990."]
    assert essay.to_markdown(outline).endswith("## Further reading\n\n- Doe, Jane. *Griff nach der Weltmacht*, "
                                               "1990.\n")


def test_the_engines_order_is_offered_as_information_only(ordered, case) -> None:
    intro = ordered.introduction
    assert (intro.thesis, intro.rank, intro.of) == ("harvest", 1, 3)
    assert intro.factors == ("prestige", "army")
    assert intro.suggested == ("army", "prestige")
    assert intro.order_note == ("This measures only how strongly the evidence recorded in the case backs each "
                                "factor; it is not the order your essay must follow. Put your factors in the order "
                                "your argument needs, and say why.")
    text = essay.to_markdown(ordered)
    assert "departs" not in text and "**For information only.** The recorded evidence backs your factors in this order" in text
    assert [s.thesis for s in ordered.sections] == ["prestige", "army"]  # the student's order
    assert ordered.weighting == "the order in which the explorer ranks them, “Weighted evidence”, on the sliders as you set them"
    default = essay.build_outline(case, "harvest", ["prestige", "army"])
    assert default.weighting == "the order in which the explorer ranks them, “Weighted evidence”, on the default settings"


def test_the_students_own_thesis_statement_is_echoed(case) -> None:
    own = essay.build_outline(case, "harvest", ["army"], "prestige", statement="  The bad harvest of 1963\n doomed him. ")
    assert own.introduction.statement == essay.Statement("The bad harvest of 1963 doomed him.", True)
    assert own.main.point == "The bad harvest of 1963 doomed him."
    text = essay.to_markdown(own)
    assert "**Your thesis statement.** The bad harvest of 1963 doomed him." in text and essay.OWN_STATEMENT not in text
    start = essay.build_outline(case, "harvest", ["army"], "prestige", statement="   ")
    assert start.introduction.statement == essay.Statement("The leader fell because the harvest failed.", False)
    assert f"*{essay.OWN_STATEMENT}*" in essay.to_markdown(start)


def test_factors_are_framed_against_the_main_argument_by_the_recorded_links(ordered, case) -> None:
    first, last = ordered.sections
    assert (first.bearing.role, first.bearing.relation) == ("limits", "competes_with")
    assert first.heading == "A limit on your argument: Lost prestige"
    assert first.bearing.text == (
        "The case records that \u201cThe harvest\u201d competes with \u201cLost prestige\u201d. Use it to test the "
        "limits of your argument: what does it explain that \u201cThe harvest\u201d does not, and why does your main "
        "explanation still matter more?")
    assert first.claim == "The leader fell because of Cuba."  # to weigh, not adopted as "the" cause
    assert (last.bearing.role, last.heading) == ("open", "A contributing factor: The army's anger")
    assert last.bearing.text.startswith("No link between \u201cThe army's anger\u201d and \u201cThe harvest\u201d is "
                                        "recorded in the case")
    added = essay.build_outline(case, "prestige", ["army"], "harvest").sections[0]
    assert (added.bearing.role, added.bearing.text) == ("adds", (
        "The case records that \u201cThe army's anger\u201d reinforces \u201cLost prestige\u201d: Angry generals made "
        "the retreat look worse. Argue how far it added to \u201cLost prestige\u201d, not that it was the cause on its own."))
    text = essay.to_markdown(ordered)
    assert "First, " not in text and "Finally, " not in text
    # the link to the next factor is recorded in army.yaml (army -> prestige) and read either way round
    assert (first.link.to, first.link.relation, first.link.source_thesis) == ("army", "reinforces", "army")
    assert first.link.text == ("The case records that \u201cThe army's anger\u201d reinforces "
                               "\u201cLost prestige\u201d: Angry generals made the retreat look worse.")
    assert last.link is None


def test_a_worked_example_paragraph_and_a_judgement(outline) -> None:
    e = outline.main.example
    assert (e.point, e.evidence, e.quotation.quote) == ("The leader fell because the harvest failed.",
                                                        "As a reference work (\u201cAlpha\u201d) puts it,",
                                                        "The harvest of 1963 failed.")
    assert e.explanation == ("The failure itself. It comes from an unsigned article in a reference book, edited and "
                             "checked, but with no author to answer for it.")
    assert e.link == ("This is why the harvest belongs at the centre of an answer to \u201cWhy did the leader "
                      "fall?\u201d; the next paragraphs weigh what the other factors added.")
    assert [part for part, _ in outline.guidance] == ["Point", "Evidence", "Explanation", "Link"]
    assert outline.judgement.questions[0] == ("Could \u201cThe harvest\u201d have brought about the outcome on its "
                                              "own, or only with the other factors?")


def test_a_ranking_from_the_dashboard_gives_the_order(case) -> None:
    ranking = weigh.weigh(case, model="ach", samples=0)
    outline = essay.build_outline(case, "harvest", ["prestige", "army"], ranking=ranking)
    assert outline.introduction.suggested == tuple(t.id for t in ranking.theses if t.id != "harvest")
    assert outline.weighting == "the order in which the explorer ranks them, “Least contradicted (ACH)”, on the sliders as you set them"


def test_prompts_say_the_writing_is_the_students(outline) -> None:
    assert outline.scaffold.startswith("This is a plan to write from, not an essay.")
    prompts = [outline.introduction.prompt, outline.counter.prompt, outline.conclusion]
    prompts += [s.prompt for s in outline.sections]
    assert all("(write this yourself)" in p for p in prompts)


def test_a_title_inside_a_sentence_keeps_names_capitalised(claims) -> None:
    assert building._lower_first(claims, claims.theses["lost_prestige"].title).startswith("setbacks abroad")
    assert building._lower_first(claims, "Khrushchev's style") == "Khrushchev's style"
