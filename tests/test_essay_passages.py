"""Which passages the essay plan quotes (explorer/essay/passages.py): trusted ones, close in words to the section, whole sentences."""

# ruff: noqa: F811 (the shared fixtures of essay_cases, imported here, are the tests' parameters)

from essay_cases import case, claims, outline  # noqa: F401 (fixtures)

from explorer import essay
from explorer.weighting import Weighting


def test_a_source_trusted_0_is_never_quoted(case) -> None:
    outline = essay.build_outline(case, "harvest", ["prestige"], "army",
                                  weighting=Weighting.of(case, trust={"beta": 0}))
    prestige = outline.sections[0]
    assert prestige.quotations == ()
    assert prestige.prompt.startswith("No passage recorded in the case supports this factor")
    assert outline.weighting.endswith("on the sliders as you set them")
    assert "beta" not in {q.source for q in outline.quotations}


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
