"""The workshop's pure edits of claim files: text in, text out, comments, order and the modeline kept."""

from __future__ import annotations

import pytest

from explorer import workshop
from explorer.workshop import WorkshopError

CLAIM = """\
# yaml-language-server: $schema=../schema/thesis.schema.json
id: alliances
title: The alliance system  # the title a class sees
statement: The alliances turned a local war into a general one.
summary: The alliances widened the war.
scope: structural
evidence:
  # --- the web page
  - source: web
    quote: The alliance system turned a local quarrel into a general war.
    stance: supports
    strength: 3
    note: The alliances widened the war.
  - source: essay
    quote: Others disagree.
    stance: disputes
    strength: 1
    note: A dissent.
    bears_on:
      fischer: {stance: supports, strength: 2}
links:
  - thesis: fischer
    relation: competes_with
    note: One or the other.
"""


def test_a_new_thesis_has_the_modeline_and_the_fields_in_order() -> None:
    text = workshop.new_thesis({"scope": "foreign", "id": "fischer", "title": "Germany's aims",
                                "statement": "Germany wanted war.", "summary": "Fischer's thesis.", "links": []})
    assert text == ("# yaml-language-server: $schema=../schema/thesis.schema.json\n"
                    "id: fischer\ntitle: Germany's aims\nstatement: Germany wanted war.\nsummary: Fischer's thesis.\n"
                    "scope: foreign\n")


def test_update_thesis_keeps_comments_passages_and_a_links_note() -> None:
    new = workshop.update_thesis(CLAIM, "theses/alliances.yaml", {
        "title": "The alliances", "scope": "foreign",
        "links": [{"thesis": "fischer", "relation": "reinforces"}, {"thesis": "mobilisation", "relation": "causes"}],
        "proponents": [{"historian": "clark", "source": "web"}]})
    # the comment stays in its column
    assert new == CLAIM.replace("title: The alliance system  #", "title: The alliances        #").replace(
        "scope: structural\n", "scope: foreign\n").replace(
        "    relation: competes_with\n", "    relation: reinforces\n").replace(
        "evidence:\n  # ---", "proponents:\n  - historian: clark\n    source: web\nevidence:\n  # ---") + (
        "  - thesis: mobilisation\n    relation: causes\n")


def test_update_thesis_removes_a_list_left_empty() -> None:
    new = workshop.update_thesis(CLAIM, "theses/alliances.yaml", {"links": []})
    assert new == CLAIM[:CLAIM.index("links:")]


def test_add_update_and_remove_a_passage_address_the_passage_as_written() -> None:
    record = workshop.passage("web", "  The alliance\n system ", "qualifies", 2, "A second look.",
                              {"fischer": "disputes"})
    assert record == {"source": "web", "quote": "The alliance system", "stance": "qualifies", "strength": 2,
                      "note": "A second look.", "bears_on": {"fischer": "disputes"}}
    added = workshop.add_passage(CLAIM, "t.yaml", record)
    third = ("  - source: web\n    quote: The alliance system\n    stance: qualifies\n    strength: 2\n"
             "    note: A second look.\n    bears_on:\n      fischer: disputes\n")
    assert added == CLAIM.replace("links:\n", third + "links:\n")
    # the second passage: its stance on fischer changes, its own strength there stays; comments stay
    changed = workshop.update_passage(added, "t.yaml", 1, workshop.passage(
        "essay", "Others disagree.", "qualifies", 2, "A dissent, in part.", {"fischer": "disputes"}))
    assert changed == added.replace(
        "    stance: disputes\n    strength: 1\n    note: A dissent.\n",
        "    stance: qualifies\n    strength: 2\n    note: A dissent, in part.\n").replace(
        "fischer: {stance: supports, strength: 2}", "fischer: {stance: disputes, strength: 2}")
    unbound = workshop.update_passage(added, "t.yaml", 1, workshop.passage("essay", "Others disagree.", "disputes", 1,
                                                                          "A dissent."))
    assert workshop.passages_in(unbound)[1] == {"source": "essay", "quote": "Others disagree.", "stance": "disputes",
                                                "strength": 1, "note": "A dissent."}
    removed = workshop.remove_passage(added, "t.yaml", 0)
    assert removed == added.replace(
        "  - source: web\n    quote: The alliance system turned a local quarrel into a general war.\n"
        "    stance: supports\n    strength: 3\n    note: The alliances widened the war.\n", "")
    assert [p["quote"] for p in workshop.passages_in(removed)] == ["Others disagree.", "The alliance system"]
    with pytest.raises(WorkshopError) as err:
        workshop.remove_passage(CLAIM, "theses/alliances.yaml", 5)
    assert str(err.value) == ("theses/alliances.yaml has no passage 6 any more (it has 2); reload the page and "
                              "choose the passage again")


def test_the_first_passage_of_a_new_thesis_goes_before_its_links() -> None:
    text = workshop.new_thesis({"id": "fischer", "title": "T", "statement": "S.", "summary": "S.",
                                "scope": "foreign", "links": [{"thesis": "alliances", "relation": "causes"}]})
    added = workshop.add_passage(text, "t.yaml", workshop.passage("web", "Q q.", "supports", 2, "N."))
    assert added.endswith("scope: foreign\nevidence:\n  - source: web\n    quote: Q q.\n    stance: supports\n"
                          "    strength: 2\n    note: N.\nlinks:\n  - thesis: alliances\n    relation: causes\n")
    assert workshop.remove_passage(added, "t.yaml", 0) == text


def test_ids_that_would_leave_the_folder_are_refused() -> None:
    for bad in ("../case", "a/b", "Alliances", ".hidden", "", "x" * 65):
        with pytest.raises(WorkshopError) as err:
            workshop.thesis_file(bad)
        assert str(err.value).startswith(f"“{bad}” cannot be the thesis's short name: use only the letters a to z")
    assert workshop.thesis_file("alliances") == "theses/alliances.yaml"
    assert workshop.id_from("1914: The Alliance System!") == "the_alliance_system"


def test_a_run_of_sentences_is_quoted_on_one_line() -> None:
    text = "The first one. The second\none follows.\n\nA third.\n"
    found = workshop.sentences(text)
    assert workshop.quote_from(text, found, 1, 3) == "The second one follows. A third."
    with pytest.raises(WorkshopError):
        workshop.quote_from(text, found, 2, 1)


def test_update_thesis_leaves_an_unchanged_block_as_written_and_writes_paragraphs_as_a_block() -> None:
    text = CLAIM.replace("summary: The alliances widened the war.\n",
                         "summary: >\n  The alliances\n  widened the war.\n")
    assert workshop.update_thesis(text, "t.yaml", {"summary": "The alliances widened  the war."}) == text
    new = workshop.update_thesis(text, "t.yaml", {"summary": "The alliances widened the war.\n\nOthers disagree."})
    assert "summary: |\n  The alliances widened the war.\n\n  Others disagree.\nscope: structural\n" in new


def test_changing_a_passages_note_leaves_its_folded_quote_as_written() -> None:
    text = CLAIM.replace("    quote: Others disagree.\n", "    quote: >-\n      Others\n      disagree.\n")
    new = workshop.update_passage(text, "t.yaml", 1, workshop.passage("essay", "Others disagree.", "disputes", 1,
                                                                      "A dissent, briefly.", {"fischer": "supports"}))
    assert new == text.replace("note: A dissent.\n", "note: A dissent, briefly.\n")


def test_a_forms_record_is_checked_as_the_loader_would() -> None:
    from explorer.model import Evidence, Source

    record = workshop.source_record("web", "reference_work", " ", ["Clark, Christopher", " "], "2012", "", "page.html")
    assert record == {"id": "web", "kind": "reference_work", "title": "web", "authors": ["Clark, Christopher"],
                      "issued": "2012", "description": "Reference work, imported from page.html."}
    assert workshop.check(Source, record, "sources.yaml") == []
    pasted = workshop.source_record("notes", "textbook", "Notes", [], "", "", "")  # a text pasted in: its kind alone
    assert pasted["description"] == "Textbook."
    found = workshop.check(Evidence, workshop.passage("web", "Some words here.", "applauds", 2, " "), "t.yaml",
                           "evidence[0]")
    assert [str(p) for p in found] == [
        "t.yaml:0: evidence[0].stance: `applauds` is not a known stance; use one of: supports, disputes, qualifies",
        "t.yaml:0: evidence[0].note: `note` is empty; write it"]


def test_update_thesis_with_what_the_form_was_filled_from_writes_only_the_changes() -> None:
    text = ("id: a\ntitle: Old\nscope: personal\nproponents:\n  - historian: smith\n    source: s\n"
            "  - historian: doe\n    source: s\nlinks:\n  - thesis: gone\n    relation: competes_with\n"
            "  - thesis: b\n    relation: complements\n")
    filled = {"title": "Old", "scope": "foreign", "proponents": [{"historian": "doe", "source": "s"}],
              "links": [{"thesis": "b", "relation": "complements"}]}
    record = {"title": "New", "scope": "foreign", "proponents": [], "links": [{"thesis": "b", "relation": "enables"}]}
    assert workshop.update_thesis(text, "t.yaml", record, filled) == (
        "id: a\ntitle: New\nscope: personal\nproponents:\n  - historian: smith\n    source: s\nlinks:\n"
        "  - thesis: gone\n    relation: competes_with\n  - thesis: b\n    relation: enables\n")


def test_update_passage_keeps_how_it_bears_on_theses_the_form_did_not_show() -> None:
    text = ("evidence:\n  - source: s\n    quote: Q.\n    stance: supports\n    strength: 2\n    note: N.\n"
            "    bears_on:\n      gone: disputes\n      b: qualifies\n")
    new = workshop.update_passage(text, "t.yaml", 0, workshop.passage("s", "Q.", "supports", 2, "N2."), {"b"})
    assert new == ("evidence:\n  - source: s\n    quote: Q.\n    stance: supports\n    strength: 2\n    note: N2.\n"
                   "    bears_on:\n      gone: disputes\n")


def test_a_passage_is_found_again_where_it_moved_or_refused_when_it_changed() -> None:
    one = "evidence:\n  - source: s\n    quote: Q.\n    note: N.\n"
    written = workshop.as_written(workshop.passages_in(one)[0])
    moved = one.replace("evidence:\n", "evidence:\n  - source: s\n    quote: Other.\n")
    assert workshop.find_passage(moved, "t.yaml", 0, written) == 1
    with pytest.raises(WorkshopError) as err:
        workshop.find_passage(one.replace("N.", "M."), "t.yaml", 0, written)
    assert str(err.value).startswith("passage 1 of t.yaml was changed or removed on disk after you chose it")


@pytest.mark.parametrize("value", ["a" * 64, "a" * 65, "lost_prestige", "1a", "a-b", "A"])
def test_the_loader_and_the_workshop_take_the_same_ids(value: str) -> None:
    from pydantic import TypeAdapter, ValidationError

    from explorer.model import Id

    try:
        TypeAdapter(Id).validate_python(value)
        loads = True
    except ValidationError:
        loads = False
    assert loads == workshop.is_id(value) == (value in ("a" * 64, "lost_prestige"))


SECTIONED = """\
id: a
scope: foreign
evidence:
  - source: web
    note: N.  # mine

# --- links
links:
  - thesis: b
    relation: causes
# end
"""


def test_the_comment_lines_after_a_list_stay_after_it_when_an_item_is_added_or_removed() -> None:
    added = workshop.add_passage(SECTIONED, "t.yaml", workshop.passage("web", "Q two.", "supports", 2, "M."))
    assert added == SECTIONED.replace("# mine\n", "# mine\n  - source: web\n    quote: Q two.\n    stance: supports\n"
                                                 "    strength: 2\n    note: M.\n")
    assert workshop.remove_passage(SECTIONED, "t.yaml", 0) == (
        "id: a\nscope: foreign\n\n# --- links\nlinks:\n  - thesis: b\n    relation: causes\n# end\n")
    assert workshop.update_thesis(SECTIONED, "t.yaml", {"links": []}) == SECTIONED.replace(
        "links:\n  - thesis: b\n    relation: causes\n", "")
    sources = "sources:\n  - id: a\n    title: A\n# still to add: fischer\n"
    assert workshop.add_source(sources, {"id": "b", "title": "B"}) == (
        "sources:\n  - id: a\n    title: A\n  - id: b\n    title: B\n# still to add: fischer\n")


# --- quoting by reading ---------------------------------------------------------------------------------------

READ = "The harvest of 1963 failed. Critics said the bold schemes had failed.\nThe army disliked the cuts."


def test_a_selection_quotes_its_words_whole_and_a_click_its_sentence() -> None:
    from explorer.workshop import selection_quote, sentences

    found = sentences(READ)
    assert selection_quote(READ, found, 5, 12) == ("harvest", 0, 0)
    assert selection_quote(READ, found, 6, 10) == ("harvest", 0, 0)  # a word cut at both edges is taken whole
    assert selection_quote(READ, found, 3, 3) == ("The harvest of 1963 failed.", 0, 0)  # a click
    end = READ.index("cuts") + 2
    assert selection_quote(READ, found, 40, end) == ("the bold schemes had failed. The army disliked the cuts", 1, 2)
    assert selection_quote(READ, found, end + 10, 0)[1:] == (0, 2)  # backwards and past the end


def test_a_misquote_is_refused_with_the_sources_words_and_a_copy_is_refused() -> None:
    from explorer.workshop import Misquote, WorkshopError, check_quote

    with pytest.raises(Misquote) as refused:
        check_quote("The harvest of 1964 failed.", READ, "Alpha", [], "alpha")
    assert str(refused.value) == ("The passage is not word for word in Alpha, so nothing was written. The source has "
                                  "“The harvest of 1963 failed.”; it differs in: \"1964\" where the source has \"1963\". "
                                  "Use the source's words, or select the passage again in the text")
    assert refused.value.fix == "The harvest of 1963 failed."
    with pytest.raises(Misquote) as far:
        check_quote("Nothing like it at all here.", READ, "Alpha", [], "alpha")
    assert far.value.fix is None
    check_quote("Critics said the “bold  schemes”", READ.replace("the bold schemes", "the \"bold schemes\""), "Alpha",
                [], "alpha")  # quote marks and whitespace never make a quote wrong
    with pytest.raises(WorkshopError, match=r"already recorded under this thesis \(passage 2\)"):
        check_quote("The army disliked the cuts.", READ, "Alpha",
                    [{"source": "beta", "quote": "x"}, {"source": "alpha", "quote": "The army  disliked the cuts."}],
                    "alpha")
    check_quote("The army disliked the cuts.", READ, "Alpha", [{"source": "beta", "quote": "The army disliked the cuts."}],
                "alpha")  # the same words from another source are another passage


def test_sentences_know_abbreviations_initials_and_numbered_lines() -> None:
    from explorer.workshop import sentences

    text = ("Flavius Aetius, a.k.a. the last of the Romans, fought. Dr. Smith disagrees. Paul H. Du Quenoy wrote it "
            "in 2001.\n\n1. A numbered line.\n2. Another one, at 3.5 percent. “Quoted?” he asked. Yes!")
    found = sentences(text)
    assert [s.text for s in found] == [
        "Flavius Aetius, a.k.a. the last of the Romans, fought.", "Dr. Smith disagrees.",
        "Paul H. Du Quenoy wrote it in 2001.", "1. A numbered line.", "2. Another one, at 3.5 percent.",
        "“Quoted?” he asked.", "Yes!"]
    assert all(text[s.start:s.end] == s.text for s in found)
    assert [s.line for s in found] == [1, 1, 1, 3, 4, 4, 4]


# --- forms for the timeline, the contested facts, a thesis's question and gaps, the case's questions, a writer ---

TIMELINE = """\
# yaml-language-server: $schema=schema/timeline.schema.json
events:
  - id: bad_harvest
    date: '1963'
    title: The harvest fails  # as the reference work dates it
    source: alpha
    quote: >-
      The harvest of 1963
      failed.
    theses: [harvest]
    contested: harvest_size
# --- more to come
"""

CONTESTED = """\
contested:
  - id: harvest_size
    question: Did the harvest fail?
    readings:
      - source: alpha
        quote: The harvest of 1963 failed.
        says: It failed.  # the reference work
      - source: beta
        quote: the harvest was fine
        says: It was fine.
    theses: [harvest]
"""


def test_an_event_is_added_to_a_new_timeline_changed_in_place_and_removed() -> None:
    first = workshop.event_record("cuts", "1964-02", " The army's  budget is cut ", "alpha", "The army disliked\nthe cuts.",
                                  ["army", "harvest"], None)
    assert workshop.add_event(None, first) == (
        "# yaml-language-server: $schema=schema/timeline.schema.json\nevents:\n  - id: cuts\n    date: 1964-02\n"
        "    title: The army's budget is cut\n    source: alpha\n    quote: The army disliked the cuts.\n"
        "    theses: [army, harvest]\n")
    added = workshop.add_event(TIMELINE, first)
    assert added.startswith(TIMELINE.removesuffix("# --- more to come\n"))
    assert added.endswith("    theses: [army, harvest]\n# --- more to come\n")  # the comment after the list stays last
    changed = workshop.update_event(TIMELINE, "bad_harvest", workshop.event_record(
        "bad_harvest", "1963", "The harvest fails badly", "alpha", "The harvest of 1963 failed.", [], None))
    assert changed == TIMELINE.replace("fails  #", "fails badly #").replace(
        "    theses: [harvest]\n    contested: harvest_size\n", "")  # the folded quote, same words, stays as written
    assert workshop.remove_event(added, "cuts") == TIMELINE
    assert workshop.remove_event(TIMELINE, "bad_harvest") == (
        "# yaml-language-server: $schema=schema/timeline.schema.json\nevents: []\n# --- more to come\n")
    with pytest.raises(WorkshopError, match=r"^the event you chose is no longer in timeline.yaml"):
        workshop.update_event(TIMELINE, "gone", first)
    with pytest.raises(WorkshopError, match=r"^timeline.yaml is not a mapping with a `events:` list"):
        workshop.add_event("- a list\n", first)


def test_a_fact_is_added_changed_by_place_and_removed_with_the_events_that_name_it() -> None:
    readings = [workshop.reading("alpha", "The army disliked the cuts.", "The army was angry."),
                workshop.reading("beta", "At home, the harvest was fine.", "All was well.")]
    record = workshop.fact_record("army_mood", "Was the army  angry?", readings, "", ["army"])
    assert workshop.add_fact(None, record) == (
        "# yaml-language-server: $schema=schema/contested.schema.json\ncontested:\n  - id: army_mood\n"
        "    question: Was the army angry?\n    readings:\n      - source: alpha\n        quote: The army disliked the "
        "cuts.\n        says: The army was angry.\n      - source: beta\n        quote: At home, the harvest was fine.\n"
        "        says: All was well.\n    theses: [army]\n")
    now = workshop.update_fact(CONTESTED, "harvest_size", workshop.fact_record(
        "harvest_size", "Did the harvest fail?",
        [workshop.reading("alpha", "The harvest of 1963 failed.", "It failed."),
         workshop.reading("beta", "the harvest was fine", "It was fine, says the essay.")],
        "It failed.", ["harvest", "prestige"]))
    assert now == CONTESTED.replace("says: It was fine.", "says: It was fine, says the essay.").replace(
        "    theses: [harvest]\n", "    theses: [harvest, prestige]\n    scholarship: It failed.\n")
    shorter = workshop.update_fact(CONTESTED, "harvest_size", workshop.fact_record(
        "harvest_size", "Did the harvest fail?", [workshop.reading("beta", "the harvest was fine", "It was fine.")],
        "", []))
    assert shorter == ("contested:\n  - id: harvest_size\n    question: Did the harvest fail?\n    readings:\n"
                       "      - source: beta\n        quote: the harvest was fine\n        says: It was fine.\n")
    contested, timeline, naming = workshop.remove_fact(CONTESTED, TIMELINE, "harvest_size")
    assert (contested, naming) == ("contested: []\n", 1)
    assert timeline == TIMELINE.replace("    contested: harvest_size\n", "")
    assert workshop.remove_fact(CONTESTED, None, "harvest_size")[1:] == (None, 0)


def test_a_contested_fact_needs_two_sources() -> None:
    one = workshop.reading("alpha", "The harvest of 1963 failed.", "It failed.")
    cases = (([], "no reading yet"), ([one], "one reading only"), ([one, one], "readings from one source only"))
    for readings, have in cases:
        with pytest.raises(WorkshopError) as err:
            workshop.check_readings(readings)
        assert str(err.value) == (f"A contested fact needs the readings of two different sources at least, and it has "
                                  f"{have}: select what another source says in the text, then add it as a reading")
    workshop.check_readings([one, workshop.reading("beta", "x", "y")])


def test_fresh_ids_are_made_from_words_and_never_taken() -> None:
    assert workshop.fresh_id("The harvest fails!", set(), "event") == "the_harvest_fails"
    assert workshop.fresh_id("The harvest fails", {"the_harvest_fails", "the_harvest_fails_2"}, "event") == (
        "the_harvest_fails_3")
    assert workshop.fresh_id("Пала ли империя?", {"fact"}, "fact") == "fact_2"
    assert len(workshop.fresh_id("word " * 40, set(), "event")) <= 60


def test_a_thesis_answers_another_question_and_records_what_the_scholarship_says() -> None:
    text = workshop.update_thesis(CLAIM, "theses/alliances.yaml", {
        "question": "how_peaceful",
        "gaps": [workshop.gap("The archives show it.", ["taubman", "fursenko"])]})
    assert "scope: structural\nquestion: how_peaceful\nevidence:\n" in text
    assert text.endswith("    note: One or the other.\ngaps:\n  - says: The archives show it.\n"
                         "    works: [taubman, fursenko]\n")
    again = workshop.update_thesis(text, "theses/alliances.yaml", {"question": None, "gaps": []})
    assert again == CLAIM
    filled = {"question": "how_peaceful", "gaps": []}
    assert workshop.update_thesis(text, "theses/alliances.yaml", dict(filled), filled) == text  # nothing changed


def test_the_case_records_its_other_questions_by_place() -> None:
    case = ("title: A case\nquestion: Why?\n# the questions\nperiod:\n  start: 1\n  end: 2\nsummary: S.\n")
    text = workshop.update_case_info(case, {"other_questions": [
        {"id": "how", "question": "How?", "note": ""}, {"id": "when", "question": "When?", "note": "Not why."}]})
    assert text == ("title: A case\nquestion: Why?\nother_questions:\n  - id: how\n    question: How?\n"
                    "  - id: when\n    question: When?\n    note: Not why.\n# the questions\nperiod:\n  start: 1\n"
                    "  end: 2\nsummary: S.\n")
    fewer = workshop.update_case_info(text, {"other_questions": [{"id": "how", "question": "How could it?"}]})
    assert fewer == text.replace("How?", "How could it?").replace(
        "  - id: when\n    question: When?\n    note: Not why.\n", "")
    assert workshop.update_case_info(fewer, {"other_questions": []}) == case


def test_a_writers_kind_is_written_after_the_name_and_only_where_it_says_something() -> None:
    text = "historians:\n  - id: doe\n    name: Jane Doe\n    works: [gamma]\n"
    same = workshop.update_historian(text, "doe", {"name": "Jane Doe", "kind": "historian", "about": "",
                                                   "works": ["gamma"]})
    assert same == text
    now = workshop.update_historian(text, "doe", {"name": "Jane Doe", "kind": "journalist", "about": "A reporter.",
                                                  "works": []})
    assert now == "historians:\n  - id: doe\n    name: Jane Doe\n    kind: journalist\n    about: A reporter.\n"
    with pytest.raises(WorkshopError, match="no historian with the id `roe`"):
        workshop.update_historian(text, "roe", {"name": "R"})


@pytest.mark.parametrize(("value", "said"), [
    ("1963-13", "“1963-13” is not a date that can be put on the timeline"),
    ("1963-02-30", "“1963-02-30” is not a date that can be put on the timeline"),
    ("October 1964", "“October 1964” is not a date that can be put on the timeline"),
    ("  ", "Write when it happened")])
def test_a_date_that_cannot_be_put_on_the_timeline_is_said_with_how_to_write_one(value: str, said: str) -> None:
    with pytest.raises(WorkshopError) as err:
        workshop.check_date(value)
    assert str(err.value) == (f"{said}: write the year first, then the month (01 to 12) and the day, such as 1964, "
                              "1964-10 or 1964-10-14")
    assert [workshop.check_date(d) for d in (" 1964", "1964-10", "1964-02-29")] == ["1964", "1964-10", "1964-02-29"]


def test_the_sources_words_offered_for_a_misquote_have_no_stray_full_stop() -> None:
    """The teacher's misquote: "the government" for "a government", in the second sentence of the text. The
    source's words offered start at "Our", not at the full stop before it (". Our worst enemy ...")."""
    from explorer.workshop import Misquote, check_quote

    text = ("The villas of Gaul lay empty after the raids. Our worst enemy is a government that takes our grain and "
            "sends no soldiers. My brother, the tax men came again in spring.")
    with pytest.raises(Misquote) as refused:
        check_quote("Our worst enemy is the government that takes our grain and sends no soldiers.", text, "Paulinus",
                    [], "letter")
    assert refused.value.fix == "Our worst enemy is a government that takes our grain and sends no soldiers."
    assert str(refused.value) == (
        "The passage is not word for word in Paulinus, so nothing was written. The source has “Our worst enemy is a "
        "government that takes our grain and sends no soldiers.”; it differs in: \"the\" where the source has \"a\". "
        "Use the source's words, or select the passage again in the text")


def test_defects_from_a_form_leave_out_empty_rows_and_say_what_a_row_lacks() -> None:
    from explorer.workshop import WorkshopError, defects_from_form

    rows = [{"kind": "", "note": " ", "quote": ""}, {"kind": "typo", "note": " “harvset”  for\n“harvest”. ", "quote": ""},
            {"kind": "factual_error", "note": "1963, not 1964.", "quote": " the harvest  of 1964 "}]
    assert defects_from_form(rows) == [{"kind": "typo", "note": "“harvset” for “harvest”."},
                                       {"kind": "factual_error", "note": "1963, not 1964.", "quote": "the harvest of 1964"}]
    with pytest.raises(WorkshopError, match=r"^Defect 2: choose what is wrong with the text"):
        defects_from_form([{}, {"note": "A date is wrong."}])
    with pytest.raises(WorkshopError, match=r"^Defect 1 \(garbled text\): say in a sentence what is wrong"):
        defects_from_form([{"kind": "garbled_text", "quote": "x"}])
    assert defects_from_form([]) == []


def test_words_taken_say_to_check_the_stance_and_louder_when_a_not_comes_or_goes() -> None:
    check = ("The passage now has the source's own words. Before you record it, check that how it bears on this thesis "
             "and why it matters still fit them.")
    assert workshop.words_taken("The alliances made war likely.", "The alliances made war inevitable.") == check
    assert workshop.words_taken("The alliances made war inevitable.", "The alliances did not make war inevitable.") == (
        "Careful: the source's words add “not”, so they may say the opposite of what you typed. The passage now has "
        "the source's own words. Check that how it bears on this thesis and why it matters still fit them.")
    assert workshop.words_taken("It wasn't planned.", "It was planned.").startswith(
        "Careful: the source's words drop “not”,")
    assert workshop.words_taken("No one wanted it.", "Everyone wanted it, never Russia.").startswith(
        "Careful: the source's words add “never” and drop “no”, so they may say the opposite")
    assert workshop.words_taken("It did not fail.", "It did not fail, they said.") == check  # the same "not"


def test_a_case_is_copied_into_the_workshop_folder_through_the_bounded_writer(tmp_path) -> None:
    from conftest import write_case

    from explorer import disk
    from explorer.load import load_case
    from explorer.workshop import shipped

    served = write_case(tmp_path / "served")
    (served / "notes.txt").write_text("not a case file")
    (served / "texts" / ".hidden.txt").write_text("skipped")
    root = tmp_path / "cases"
    name = shipped.copy_name("served", {"served"})
    assert name == "served_copy"
    assert shipped.copy_name("served", {"served", "served_copy"}) == "served_copy_2"
    target, change = disk.copy_case(served, root, name, shipped.copied("A small case"))
    assert target == root / "served_copy"
    assert change.what == "copy the case “A small case” into the workshop"
    assert sorted(w.rel for w in change.writes) == sorted(disk.case_files(served))
    assert not (target / "notes.txt").exists() and not (target / "texts" / ".hidden.txt").exists()
    assert load_case(target)[1] == []  # the served case's hidden file is not copied, so not noted
    assert load_case(target)[0].theses.keys() == load_case(served)[0].theses.keys()
    with pytest.raises(disk.WriteRefused, match="already in the workshop folder"):
        disk.copy_case(served, root, name, "again")
    with pytest.raises(disk.WriteRefused, match="leads out of the workshop folder"):
        disk.copy_case(served, root, "../out", "out")
    disk.undo(target, change)  # the copy is one change: undone, its files are gone
    assert not (target / "case.yaml").exists()


def test_only_the_workshops_own_cases_are_changed_unless_the_server_allows_more() -> None:
    from explorer.workshop import shipped

    assert shipped.changeable(in_workshop=True, allowed=False)
    assert not shipped.changeable(in_workshop=False, allowed=False)
    assert shipped.changeable(in_workshop=False, allowed=True)


def test_unsaved_changes_are_what_differs_from_the_form_as_filled() -> None:
    from explorer.workshop import unsaved

    filled = {"ws_th_title": "The harvest", "ws_th_proponents": ["doe|alpha"]}
    assert unsaved.changes(filled, dict(filled)) == {}
    assert unsaved.changes(filled, {**filled, "ws_th_title": "The harvests"}) == {"ws_th_title": "The harvests"}
    assert unsaved.changes(filled, {**filled, "ws_th_gap_1_says": ""}) == {}  # an empty row added is no change
    assert unsaved.changes(filled, {**filled, "ws_th_gap_1_says": "A point"}) == {"ws_th_gap_1_says": "A point"}
    assert unsaved.kept_for(["The harvest"]) == ("Changes not saved yet are kept for “The harvest”: choose it above "
                                                 "to go on with them, or to drop them.")
    assert unsaved.kept_for(["A", "B", "C"]).startswith("Changes not saved yet are kept for “A”, “B” and “C”: choose "
                                                        "one above")


def test_a_quote_shortened_with_an_ellipsis_is_offered_the_whole_stretch() -> None:
    from explorer.workshop import Misquote, check_quote
    from explorer.workshop.quoting import elided

    text = ("The alliances were meant to deter war.\nIn the end they did the opposite: they spread it.\n"
            "Nobody planned a general war.\n")
    whole = "The alliances were meant to deter war. In the end they did the opposite: they spread it."
    for shortened in ("The alliances were meant to deter war … they spread it.",
                      "The alliances were meant to deter war...they spread it."):
        with pytest.raises(Misquote) as refused:
            check_quote(shortened, text, "Lecture 4", [], "lecture")
        assert refused.value.fix == whole
        assert str(refused.value).startswith("A passage is one unbroken stretch of the source's words, so a quote "
                                             "with words left out (…) cannot be recorded")
    assert elided("they spread it … The alliances were meant", text) is None  # the parts out of order
    assert elided("The alliances were meant to deter war.", text) is None  # nothing left out
    assert elided("The alliances … a general peace", text) is None  # a part not in the source
