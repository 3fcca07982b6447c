"""The essay outline: which passages, which notes, the suggested order, and the Markdown and Word files."""

import io
import os
import re
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ARMY, FILES, write_case
from docx import Document
from docx.shared import Inches
from lxml import etree

from explorer import essay, weigh
from explorer.load import load_case
from explorer.weighting import Weighting

ROOT = Path(__file__).resolve().parent.parent


def office_or_skip() -> str:
    """LibreOffice's soffice (apt-get install libreoffice-writer-nogui): skipped on a developer's machine without
    it, required under CI=true."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required under CI=true (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return found


# A historian who argues `prestige`, for the small case with a third thesis (conftest.ARMY).
ROE = """\
  - id: roe
    name: Richard Roe
    views:
      - summary: Blames Cuba.
        source: beta
        quote: Abroad, the retreat over Cuba was a humiliation.
        thesis: prestige
"""


@pytest.fixture
def case(tmp_path: Path):
    folder = write_case(tmp_path / "case", {"theses/army.yaml": ARMY,
                                            "historians.yaml": textwrap.dedent(FILES["historians.yaml"]) + ROE})
    loaded, problems = load_case(folder)
    assert problems == []
    return loaded


@pytest.fixture
def outline(case):
    """The harvest, with the army's anger as its factor, answering the lost prestige that Richard Roe argues."""
    return essay.build_outline(case, "harvest", ["army"], "prestige")


@pytest.fixture
def ordered(case):
    """Two factors in the order the weighting does not suggest, and no counter-argument (background given a
    point, so that the weights are the student's)."""
    return essay.build_outline(case, "harvest", ["prestige", "army"],
                               weighting=Weighting.of(case, points={"context": 1}))


@pytest.fixture(scope="module")
def claims():
    loaded, problems = load_case(ROOT / "claims")
    assert problems == []
    return loaded


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


def test_suggest_order_for_the_planner(case) -> None:
    assert essay.suggest_order(case, ["prestige", "army", "harvest"]) == ("harvest", "army", "prestige")
    assert essay.suggest_order(case, ["prestige", "nope", "army"]) == ("army", "prestige")
    assert (essay.suggest_order(case, ["prestige", "army"], weighting=Weighting.of(case, trust={"alpha": 0}))
            == ("prestige", "army"))


ORDER = ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize(("order", "thesis", "factors", "counter", "plan"), [
    # first visit: the three best-ranked others as factors, the next as the counter-argument
    (ORDER, "a", None, None, (("b", "c", "d"), "e")),
    (ORDER, "c", None, None, (("a", "b", "d"), "e")),
    # few theses: the counter-argument is the last of the others, never also a factor
    (["a", "b", "c"], "a", None, None, (("b",), "c")),
    (["a", "b", "c", "d"], "b", None, None, (("a", "c"), "d")),
    (["a", "b"], "a", None, None, (("b",), None)),
    # a counter-argument the student chose is kept, and the default factors leave it out
    (ORDER, "a", None, "c", (("b", "d", "e"), "c")),
    # the main thesis was a factor (the student switched to it): new factors, without the counter-argument
    (ORDER, "b", ["b", "c", "d"], "c", (("a", "d", "e"), "c")),
    # the main thesis was the counter-argument: a new one, not among the kept factors
    (ORDER, "e", ["b", "c", "d"], "e", (("b", "c", "d"), "a")),
    # the student's choices are kept as they are, even an empty list of factors (check_plan says why)
    (ORDER, "a", ["d", "b"], "f", (("d", "b"), "f")),
    (ORDER, "a", [], "f", ((), "f")),
    # a factor of another case: the defaults again
    (ORDER, "a", ["zz"], None, (("b", "c", "d"), "e")),
])
def test_the_planners_defaults(order, thesis, factors, counter, plan) -> None:
    assert essay.default_plan(order, thesis, factors, counter) == plan
    chosen, rival = plan
    if factors is None or thesis in factors:
        assert thesis not in chosen and rival != thesis and rival not in chosen


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


def test_a_source_trusted_0_is_never_quoted(case) -> None:
    outline = essay.build_outline(case, "harvest", ["prestige"], "army",
                                  weighting=Weighting.of(case, trust={"beta": 0}))
    prestige = outline.sections[0]
    assert prestige.quotations == ()
    assert prestige.prompt.startswith("No passage recorded in the case supports this factor")
    assert outline.weighting.endswith("on the sliders as you set them")
    assert "beta" not in {q.source for q in outline.quotations}


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


def test_on_the_real_case_the_cuba_thesis_quotes_cuba_in_its_main_section(claims) -> None:
    outline = essay.build_outline(claims, "lost_prestige", ["personal_style", "china_split", "agriculture",
                                                            "reorganisation"], "hardliner_backlash")
    main = outline.main
    assert [q.ref for q in main.quotations] == ["lost_prestige#27", "agriculture#11"]
    assert all("Cuba" in q.quote for q in main.quotations)
    assert main.quotations[0].locator == "para. 11 under \u201cSummary of Event\u201d"
    assert outline.notes[0].text.text == ("\u201cKhrushchev Falls from Power,\u201d n.d., para. 11 under "
                                          "\u201cSummary of Event.\u201d")
    assert outline.notes[1].text.text == (
        "\u201cWhy Was Nikita Khrushchev Deposed as the Leader of the USSR,\u201d DailyHistory.org, February 10, "
        "2021, para. 1 under \u201cKhrushchev\u2019s forced removal from office.\u201d")
    refs = [q.ref for q in outline.quotations]
    assert len(refs) == len(set(refs))
    for section in outline.sections:
        assert 2 <= len(section.quotations) <= 3
    assert [r.name for r in outline.counter.rivals] == ["Martin Page"]
    assert outline.counter.rivals[0].caution.startswith("Only Untitled student essay on the causes of Khrushchev's "
                                                        "downfall (excerpt), a student essay and no authority")
    cited = {n.source for n in outline.notes}
    assert set(outline.bibliography_sources) == cited
    books = {"conquest_1967", "khrushchev_remembers", "sergei_khrushchev_1990", "medvedev_1984", "richter_1994",
             "tatu_1969", "taubman_2003", "fursenko_2003", "khrushchev_1964_documents"}
    assert set(outline.further_reading_sources) == books - cited and len(outline.further_reading_sources) >= 6
    assert [c.source for c in outline.cautions] == ["downfall_essay"]
    assert len(outline.cautions[0].instead) == 9
    assert not any("Anonymous" in "".join(r.text for r in f.runs) for f in outline.cautions[0].instead)


def test_quotations_are_whole_sentences_or_say_what_this_is(claims) -> None:
    """"This position further alienated Mao Zedong." comes with the sentence before it; a fragment of a sentence
    is marked with an ellipsis."""
    _, this = claims.passage("china_split#12")
    words, span, context = essay.excerpt(claims, this)
    assert context and words.endswith("This position further alienated Mao Zedong.") and len(words) > 60
    assert claims.texts["dailyhistory"][span[0]:span[1]].split() == words.split()  # verbatim from the source
    _, fragment = claims.passage("lost_prestige#6")  # "as well as being reckless over the Cuban Missiles Crisis ..."
    words, _, context = essay.excerpt(claims, fragment)
    assert words.startswith("\u2026 as well as being reckless") and not context
    assert words.endswith("ignoring advice")  # only the full stop is left of its sentence: no ellipsis at the end


@pytest.mark.parametrize(("thesis", "factors", "counter", "problems"), [
    ("harvst", ["prestige"], "army", [("thesis", ("unknown thesis `harvst` (did you mean `harvest`?); use one of: "
                                                 "army, harvest, prestige"))]),
    ("harvest", ["prestige", "prestige"], "army", [("factors", ("factor `prestige` is given twice; list each factor "
                                                               "once"))]),
    ("harvest", ["prestige"], "harvest", [("counter", ("the counter-argument `harvest` is the main thesis; pick a "
                                                      "rival thesis to answer"))]),
    ("harvest", ["harvest", "army"], "prestige", [("factors", ("factor `harvest` is the main thesis; the factors are "
                                                              "the other theses that contribute to it"))]),
    ("harvest", ["prestige", "army"], "army", [("counter", (
        "the counter-argument `army` is also one of your factors; a factor supports your thesis and the "
        "counter-argument is a rival to answer: pick another counter-argument or drop the factor"))]),
    ("harvest", [], "prestige", [("factors", ("no factors given; name at least one other thesis as a contributing "
                                             "factor"))]),
    ("harvest", ["armyy"], "prestije", [
        ("factors", "unknown thesis `armyy` (did you mean `army`?); use one of: army, harvest, prestige"),
        ("counter", "unknown thesis `prestije` (did you mean `prestige`?); use one of: army, harvest, prestige")]),
])
def test_bad_plans(case, thesis, factors, counter, problems) -> None:
    assert essay.check_plan(case, thesis, factors, counter) == problems
    with pytest.raises(essay.OutlineError) as error:
        essay.build_outline(case, thesis, factors, counter)
    assert error.value.problems == problems
    assert str(error.value) == "; ".join(message for _, message in problems)


def test_markdown(outline) -> None:
    text = essay.to_markdown(outline)
    assert text.startswith("# Essay plan: Why did the leader fall?\n\n*This is a plan to write from, not an essay.")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Your thesis", "## Introduction", "## How to write each paragraph",
                        "## 1\\. Your main argument: The harvest", "## 2\\. A contributing factor: The army's anger",
                        "## Counter-argument: Lost prestige", "## Judgement: which mattered most, and why",
                        "## Conclusion", "## Notes", "## Bibliography", "## Further reading"]
    assert "> \u201cAbroad, the retreat over Cuba was a humiliation.\u201d[^5]" in text
    # after a quotation, only its note and its source: what a student copies holds no reference, strength or trust
    assert "> \u201cThe harvest of 1963 failed.\u201d[^1]\n>\n> — The failure itself. (Alpha)\n" in text
    assert not re.search(r"#\d|strength|trust 0", text)
    assert "**Who argues it.** Richard Roe: Blames Cuba.[^4]" in text
    assert "**\\[Evidence\\]** As a reference work (\u201cAlpha\u201d) puts it, \u201cThe harvest of 1963 failed.\u201d[^2]" in text
    markers = re.findall(r"\[\^(\d+)\](?!:)", text)
    definitions = re.findall(r"^\[\^(\d+)\]: ", text, flags=re.MULTILINE)
    assert sorted(set(markers), key=int) == definitions == ["1", "2", "3", "4", "5"]
    assert "[^4]: \u201cBeta\u201d (Student essay, n.d.), para. 1." in text
    assert text.endswith("## Bibliography\n\n- \u201cAlpha.\u201d N.d.\n- \u201cBeta.\u201d Student essay. N.d.\n\n"
                         "## Further reading\n\n- Doe, Jane. *Gamma*, 1990.\n")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def docx_parts(data: bytes) -> dict[str, etree._Element]:
    """The XML parts of a .docx file, read with zipfile and lxml (not python-docx)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith((".xml", ".rels"))}


def footnote_texts(parts: dict[str, etree._Element]) -> dict[str, str]:
    """The numbered footnotes of word/footnotes.xml (not the separators), id -> text."""
    return {n.get(f"{W}id"): "".join(n.itertext()) for n in parts["word/footnotes.xml"].iter(f"{W}footnote")
            if n.get(f"{W}type") is None}


def test_docx_notes_are_words_own_footnotes(outline) -> None:
    """One w:footnote per note in word/footnotes.xml, wired up as Word wires it (content type, relationship,
    styles, settings), and one w:footnoteReference per note in the body, in the order of the notes."""
    parts = docx_parts(essay.to_docx(outline))
    types = {o.get("PartName"): o.get("ContentType") for o in parts["[Content_Types].xml"]}
    assert types["/word/footnotes.xml"] == FOOTNOTES_TYPE
    rels = [r.get("Target") for r in parts["word/_rels/document.xml.rels"] if r.get("Type") == FOOTNOTES_REL]
    assert rels == ["footnotes.xml"]
    notes = parts["word/footnotes.xml"].findall(f"{W}footnote")
    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in notes] == [
        ("-1", "separator"), ("0", "continuationSeparator"), ("1", None), ("2", None), ("3", None), ("4", None),
        ("5", None)]
    assert footnote_texts(parts) == {str(n.number): " " + n.text.text for n in outline.notes}
    for note in notes[2:]:
        p = note.find(f"{W}p")
        assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
        mark = p.find(f"{W}r")
        assert mark.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
        assert mark.find(f"{W}footnoteRef") is not None  # Word prints the note's number here
    body = parts["word/document.xml"]
    references = list(body.iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in references] == ["1", "2", "3", "4", "5"]
    for r in references:
        run = r.getparent()
        assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
    # right after the words it belongs to: at the end of a quotation, and inside the worked example, after its quote
    example = references[1].getparent()
    assert "".join(example.getprevious().itertext()).endswith("\u201cThe harvest of 1963 failed.\u201d")
    assert "".join(example.getnext().itertext()) == " [Explanation] "
    styles = {s.get(f"{W}styleId"): s for s in parts["word/styles.xml"].iter(f"{W}style")}
    assert styles["FootnoteText"].find(f"{W}name").get(f"{W}val") == "footnote text"
    reference = styles["FootnoteReference"]
    assert reference.find(f"{W}name").get(f"{W}val") == "footnote reference"
    assert reference.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"
    special = parts["word/settings.xml"].find(f"{W}footnotePr")
    assert [f.get(f"{W}id") for f in special] == ["-1", "0"]
    assert special.getnext().tag == f"{W}compat"  # where the schema's sequence puts it


def test_docx_footnotes_keep_the_italics(case) -> None:
    """Jane Doe's book is cited in a footnote with its title in italics, as the style sets it."""
    outline = essay.build_outline(case, "prestige", ["army"], "harvest")
    parts = docx_parts(essay.to_docx(outline))
    assert footnote_texts(parts)["4"] == " Jane Doe, Gamma, 1990."
    note = next(n for n in parts["word/footnotes.xml"].iter(f"{W}footnote") if n.get(f"{W}id") == "4")
    runs = [("".join(r.itertext()), r.find(f"{W}rPr/{W}i") is not None) for r in note.iter(f"{W}r")]
    assert runs == [("", False), (" ", False), ("Jane Doe, ", False), ("Gamma", True), (", 1990.", False)]


def test_docx_read_back_by_python_docx(outline) -> None:
    doc = Document(io.BytesIO(essay.to_docx(outline)))
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Essay plan: Why did the leader fall?"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Your thesis", "Introduction", "How to write each paragraph", "1. Your main argument: The harvest",
                        "2. A contributing factor: The army's anger", "Counter-argument: Lost prestige",
                        "Judgement: which mattered most, and why", "Conclusion", "Notes", "Bibliography",
                        "Further reading"]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        "A worked example paragraph, made from this evidence"]
    # the same blocks as the Markdown: every heading of one is a heading of the other
    md = [line.lstrip("#").strip().replace("\\", "") for line in essay.to_markdown(outline).splitlines()
          if line.startswith(("## ", "### "))]
    assert md == [p.text for p in paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    quotes = [p for p in paragraphs if p.style.name == "Quote"]
    assert [p.text for p in quotes] == [  # the note numbers are Word's, not text
        "\u201cThe harvest of 1963 failed.\u201d", "\u201cThe army disliked the cuts.\u201d",
        "\u201cAbroad, the retreat over Cuba was a humiliation.\u201d"]
    assert [p._p[-1].find(f"{W}footnoteReference").get(f"{W}id") for p in quotes] == ["1", "3", "5"]
    glosses = [paragraphs[paragraphs.index(q) + 1].text for q in quotes]  # the paragraph under each quotation
    assert glosses == ["— The failure itself. (Alpha)", "— The army's mood. (Alpha)",
                       "— The humiliation. (Beta: not an authority, see the notes)"]
    texts = [p.text for p in paragraphs]
    assert not any(t.startswith(("1. \u201cAlpha", "\u201cAlpha,\u201d l.")) for t in texts)  # no list of endnotes
    notes = texts.index("Notes")
    assert texts[notes + 1] == outline.locations and paragraphs[notes + 1].runs[0].italic
    start, further = texts.index("Bibliography"), texts.index("Further reading")
    bibliography = paragraphs[start + 1: further]
    assert [p.text for p in bibliography] == ["\u201cAlpha.\u201d N.d.", "\u201cBeta.\u201d Student essay. N.d."]
    reading = paragraphs[further + 1:]
    assert [p.text for p in reading] == ["Doe, Jane. Gamma, 1990."]
    book = reading[0]
    runs = [(r.text, bool(r.italic)) for r in book.runs]
    assert runs == [("Doe, Jane. ", False), ("Gamma", True), (", 1990.", False)]
    for entry in bibliography + reading:
        assert entry.paragraph_format.left_indent == Inches(0.5)
        assert entry.paragraph_format.first_line_indent == -Inches(0.5)
    rival = next(p for p in paragraphs if p.text.startswith("Who argues it."))
    assert rival.text == "Who argues it. Richard Roe: Blames Cuba."
    assert rival._p[-1].find(f"{W}footnoteReference").get(f"{W}id") == "4"


def test_libreoffice_reads_footnotes_and_sets_them_at_the_foot_of_the_page(outline, tmp_path: Path) -> None:
    """A real word processor: LibreOffice opens the file, keeps each note as a footnote (not an endnote) with
    its number and text, and prints it at the foot of the page that refers to it."""
    soffice = office_or_skip()
    source = tmp_path / "plan.docx"
    source.write_bytes(essay.to_docx(outline))
    for fmt in ("odt", "pdf"):
        done = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                               "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0 and (tmp_path / f"plan.{fmt}").exists(), done.stderr
    with zipfile.ZipFile(tmp_path / "plan.odt") as z:
        content = etree.fromstring(z.read("content.xml"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    notes = content.findall(f".//{{{text}}}note")
    assert [n.get(f"{{{text}}}note-class") for n in notes] == ["footnote"] * 5
    assert [n.findtext(f"{{{text}}}note-citation") for n in notes] == ["1", "2", "3", "4", "5"]
    assert ["".join(n.find(f"{{{text}}}note-body").itertext()).strip() for n in notes] == [
        n.text.text for n in outline.notes]
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is required under CI=true (apt-get install poppler-utils)")
        return
    printed = subprocess.run([pdftotext, "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in printed.split("\f")]
    note_lines = {str(n.number) for n in outline.notes} | {n.text.text for n in outline.notes}
    for n in outline.notes:
        page = next(page for page in pages if n.text.text in page)
        at = page.index(n.text.text)
        assert page[at - 1] == str(n.number)  # the number Word or LibreOffice prints, then the note
        assert set(page[at + 1:]) <= note_lines  # only notes below it: the foot of the page
        if n.number == 1:
            assert page.index("\u201cThe harvest of 1963 failed.\u201d1") < at - 1  # the passage it is for, above


def test_a_title_inside_a_sentence_keeps_names_capitalised(claims) -> None:
    assert essay._lower_first(claims, claims.theses["lost_prestige"].title).startswith("setbacks abroad")
    assert essay._lower_first(claims, "Khrushchev's style") == "Khrushchev's style"


def test_quoted_turns_inner_quotation_marks_single() -> None:
    assert essay.quoted('an end to \u201charebrained scheming\u201d and\n "hasty decisions"') == (
        "\u201can end to \u2018harebrained scheming\u2019 and \u2018hasty decisions\u2019\u201d")


def test_the_outline_shows_case_text_as_text(hostile_case: Path) -> None:
    """The outline's Markdown (shown in the app and downloaded) reads as the case's words; the Word file takes
    them as they are, a title past Word's 255 characters for a document property cut short there."""
    from hostile import EVIL, hostile, interpreted, seen

    army = ARMY.replace("title: The army's anger", f"title: '{hostile('The army')}'")
    (hostile_case / "theses" / "army.yaml").write_text(army, encoding="utf-8")
    loaded, problems = load_case(hostile_case)
    assert problems == []
    # the harvest as the counter-argument: Jane Doe (a hostile name) argues it in her book (a hostile title)
    outline = essay.build_outline(loaded, "prestige", ["army"], "harvest")
    assert [r.historian for r in outline.counter.rivals] == ["doe", "doe"]
    md = essay.to_markdown(outline)
    assert interpreted(md) == []
    assert seen(md).startswith(f"# Essay plan: {hostile('Why did the leader fall?')}\n")
    assert md.count(EVIL) == 0 and seen(md).count(EVIL) >= 5
    data = essay.to_docx(outline)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == f"Essay plan: {hostile('Why did the leader fall?')}"
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert f"Who argues it. {hostile('Jane Doe')}: {hostile('Blames the harvest.')}" in [p.text for p in doc.paragraphs]
    book = footnote_texts(docx_parts(data))["4"]  # the footnote takes the words as they are, with no escapes
    assert book == " " + outline.notes[3].text.text and "# Evil Gamma [click](https://evil.example/a) ![x]" in book


def test_an_outline_on_the_default_case_names_no_reference_or_thesis_id(claims) -> None:
    """What a student copies into an essay, in Markdown and in Word (body and footnotes, read back with
    python-docx and lxml), holds no passage reference (`lost_prestige#3`) and no thesis id (`lost_prestige`)."""
    from test_brief import internal_codes

    others = [t for t in claims.within().theses if t != "lost_authority"]  # the theses of its question
    for factors, counter in ((others[:3], others[3]), (others[4:8], others[8]), (others[8:], others[0])):
        outline = essay.build_outline(claims, "lost_authority", factors, counter)
        assert outline.quotations
        text = essay.to_markdown(outline)
        assert internal_codes(text, claims) == [], factors
        data = essay.to_docx(outline)
        doc = Document(io.BytesIO(data))
        words = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(footnote_texts(docx_parts(data)).values())
        assert internal_codes(words, claims) == [], factors
        for q in outline.quotations:
            assert essay.gloss(q) in words
