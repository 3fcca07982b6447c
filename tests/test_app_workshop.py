"""AppTest: a small case built from nothing through the workshop pages (a new case, sources from pasted text
and from uploaded files, a thesis, a passage recorded from sentences, changed and removed), with a refused stale
write, an undo that restores the file exactly, and the problems of a change shown where it was made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_case
from streamlit.testing.v1 import AppTest

from explorer.load import load_case
from explorer.text import WORD_JOINER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "explorer/ui/pages/{}.py"
HTML = (b"<html><head><title>T</title><script>var x = 1;</script></head><body><nav>Home | About</nav>"
        b"<h1>The alliances</h1><p>The alliance system turned a <em>local</em> quarrel into a general war. "
        b"Russia stood by Serbia.</p></body></html>")


@pytest.fixture
def at(tmp_path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("EXPLORER_CASE", str(write_case(tmp_path / "served")))
    monkeypatch.setenv("EXPLORER_WORKSHOP_ROOT", str(tmp_path / "cases"))
    monkeypatch.setenv("EXPLORER_EDIT_SERVED_CASE", "on")  # these tests change the served case, as a case author may
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    return app


@pytest.fixture
def school(tmp_path: Path, monkeypatch) -> AppTest:
    """A school's server: the served case outside the workshop folder, which the workshop does not change."""
    monkeypatch.setenv("EXPLORER_CASE", str(write_case(tmp_path / "served")))
    monkeypatch.setenv("EXPLORER_WORKSHOP_ROOT", str(tmp_path / "cases"))
    monkeypatch.delenv("EXPLORER_EDIT_SERVED_CASE", raising=False)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    return app


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def said(markdown: str) -> str:
    """What a reader sees of Markdown made by explorer.text.literal: the escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def successes(at: AppTest) -> list[str]:
    return [said(s.value) for s in at.success]


def errors(at: AppTest) -> list[str]:
    return [said(e.value) for e in at.error]


def change_note(at: AppTest, source: str, note: str) -> None:
    """On Record passages, reading `source` under the harvest thesis: start changing passage 1 and type its note."""
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = source
    ok(at.switch_page(PAGE.format("build_passages")).run())
    ok(at.button(key="ws_edit_1").click().run())
    at.text_input(key="ws_note").input(note)


def test_a_case_built_from_nothing_in_the_workshop(at: AppTest, tmp_path: Path) -> None:
    case = tmp_path / "cases" / "ww1"
    # --- a new case
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Why did the First World War break out?")
    at.number_input(key="ws_case_start").set_value(1900)
    at.number_input(key="ws_case_end").set_value(1914)
    at.text_input(key="ws_case_name").input("ww1")
    ok(button(at, "Start the case").click().run())
    assert successes(at) == ["Saved: start the case “Why did the First World War break out?”."]
    assert at.selectbox(key="ws_case_pick").value == "ww1"
    assert (case / "case.yaml").read_text().startswith("# yaml-language-server: $schema=schema/case.schema.json\n")
    assert load_case(case)[1] == []

    # --- a source from pasted text, one from an uploaded web page; a Latin-1 text file is refused, the form kept
    at.text_input(key="ws_src_id").input("essay")
    at.selectbox(key="ws_src_kind").set_value("student_essay")
    at.text_input(key="ws_src_title").input("An essay")
    at.text_area(key="ws_src_text").input("Meanwhile some historians, such as Fischer, argue that Germany wanted "
                                          "war.\r\nOthers disagree.")
    ok(button(at, "Add the source").click().run())
    assert successes(at) == [("Saved: add the source “An essay” (92 characters, 2 lines, from text pasted into the "
                             "workshop).")]
    assert (case / "texts" / "essay.txt").read_text() == (
        "Meanwhile some historians, such as Fischer, argue that Germany wanted war.\nOthers disagree.\n")
    assert at.text_input(key="ws_src_id").value == ""  # a saved source empties the form

    at.text_input(key="ws_src_id").input("old")
    at.file_uploader[0].set_value(("old.txt", "Caf\u00e9\n".encode("latin-1"), "text/plain"))
    ok(button(at, "Add the source").click().run())
    assert errors(at) == [("old.txt: line 1 is not UTF-8 text (byte 0xe9); save the file with UTF-8 encoding and "
                          "add it again")]
    assert at.text_input(key="ws_src_id").value == "old"  # nothing typed is lost
    assert not (case / "texts" / "old.txt").exists()

    at.text_input(key="ws_src_id").input("web")
    at.selectbox(key="ws_src_kind").set_value("reference_work")
    at.text_input(key="ws_src_title").input("The web page")
    at.file_uploader[0].set_value(("page.html", HTML, "text/html"))
    ok(button(at, "Add the source").click().run())
    assert (case / "texts" / "web.txt").read_text() == (
        "The alliances\n\nThe alliance system turned a local quarrel into a general war. Russia stood by Serbia.\n")
    sources = (case / "sources.yaml").read_text()
    assert sources.startswith("# yaml-language-server: $schema=schema/sources.schema.json\nsources:\n  - id: essay\n")
    assert sources.endswith("  - id: web\n    kind: reference_work\n    title: The web page\n"
                            "    description: Reference work, imported from page.html.\n")

    # --- a thesis
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="ws_case_pick").value == "ww1"
    at.text_input(key="ws_th_title").input("The alliance system")
    at.text_area(key="ws_th_statement").input("The alliances turned a local war into a general one.")
    at.text_area(key="ws_th_summary").input("The alliances widened the war.")
    at.selectbox(key="ws_th_scope").set_value("structural")
    ok(button(at, "Write the thesis").click().run())
    assert successes(at) == ["Saved: write the thesis “The alliance system”."]
    claim = case / "theses" / "the_alliance_system.yaml"
    assert claim.read_text() == (
        "# yaml-language-server: $schema=../schema/thesis.schema.json\nid: the_alliance_system\n"
        "title: The alliance system\nstatement: The alliances turned a local war into a general one.\n"
        "summary: The alliances widened the war.\nscope: structural\n")
    assert at.selectbox(key="thesis").value == "the_alliance_system"

    # --- a passage from a run of sentences
    ok(at.switch_page(PAGE.format("build_passages")).run())
    at.selectbox(key="source").set_value("web").run()
    at.selectbox(key="ws_first").set_value(1).run()
    at.selectbox(key="ws_last").set_value(2).run()
    assert at.text_area(key="ws_quote").value == (
        "The alliance system turned a local quarrel into a general war. Russia stood by Serbia.")
    at.radio(key="ws_strength").set_value(3)
    at.text_input(key="ws_note").input("The alliances widened the war.")
    ok(at.button(key="ws_record").click().run())
    assert successes(at) == ["Saved: record a passage of The web page under “The alliance system”."]
    passage = ("evidence:\n  - source: web\n    quote: The alliance system turned a local quarrel into a general war. "
               "Russia stood by Serbia.\n    stance: supports\n    strength: 3\n    note: The alliances widened the war.\n")
    assert claim.read_text().endswith("scope: structural\n" + passage)
    assert load_case(case)[1] == []

    # --- change it: the file changes on disk between the page's reading and the save: refused, form kept
    ok(at.button(key="ws_edit_0").click().run())
    at.radio(key="ws_stance").set_value("qualifies")
    at.text_input(key="ws_note").input("The alliances widened the war, in part.")
    before = claim.read_text()
    claim.write_text(before.replace("title: The alliance system", "title: The alliances"))  # someone else saves
    ok(at.button(key="ws_save_edit").click().run())
    assert errors(at) == [
        ("theses/the_alliance_system.yaml changed on disk after this page read it (someone else, or another "
        "program, saved it), so nothing was written. What you typed is still in the form. The page now shows the "
        "file as it is: check it, then save again.")]
    assert at.text_input(key="ws_note").value == "The alliances widened the war, in part."
    assert at.radio(key="ws_stance").value == "qualifies"
    assert claim.read_text() == before.replace("title: The alliance system", "title: The alliances")
    ok(at.button(key="ws_save_edit").click().run())  # the second save, on the file as it now is, is written
    edited = claim.read_text()
    assert edited == before.replace("title: The alliance system", "title: The alliances").replace(
        "stance: supports", "stance: qualifies").replace("note: The alliances widened the war.\n",
                                                    "note: The alliances widened the war, in part.\n")

    # --- undo: the file as it was before the change, exactly
    ok(at.button(key="ws_undo").click().run())
    assert successes(at)[0] == "Undone: change passage 1 of “The alliances”. The case is as it was before it."
    assert claim.read_text() == before.replace("title: The alliance system", "title: The alliances")

    # --- a passage whose words were changed: refused before anything is written, fixed in one click
    at.selectbox(key="ws_first").set_value(1).run()
    at.selectbox(key="ws_last").set_value(1).run()
    at.text_area(key="ws_quote").input("The alliance system turned a quarrel into a war.")
    at.text_input(key="ws_note").input("Said loosely.")
    undone = claim.read_text()
    ok(at.button(key="ws_record").click().run())
    assert errors(at) == [
        ("The passage is not word for word in The web page, so nothing was written. The source has “The alliance "
         "system turned a local quarrel into a general war.”; it differs in: the source has \"local\" after \"a\"; "
         "the source has \"general\" after \"a\". Use the source's words, or select the passage again in the text")]
    assert claim.read_text() == undone
    ok(at.button(key="ws_use_fix").click().run())
    assert at.text_area(key="ws_quote").value == "The alliance system turned a local quarrel into a general war."
    assert errors(at) == []
    assert at.text_input(key="ws_note").value == "Said loosely."
    ok(at.button(key="ws_record").click().run())
    assert successes(at) == ["Saved: record a passage of The web page under “The alliances”."]
    assert at.text_area(key="ws_quote").value == ""  # the form is empty for the next passage
    ok(at.button(key="ws_record").click().run())
    assert errors(at) == ["Select the words to quote in the text (or click a sentence), then record the passage"]
    at.text_area(key="ws_quote").input("The alliance system turned a local quarrel into a general war.")
    at.text_input(key="ws_note").input("Again.")
    ok(at.button(key="ws_record").click().run())  # the same passage twice: refused
    assert errors(at) == [("This passage is already recorded under this thesis (passage 2), so it was not written "
                           "again. To change how it bears on the thesis, choose “Change it” below it")]

    # --- remove it
    ok(at.button(key="ws_remove_1").click().run())
    assert claim.read_text() == before.replace("title: The alliance system", "title: The alliances")
    assert load_case(case)[1] == []


def test_changing_a_thesis_keeps_its_passages_and_comments(at: AppTest, tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    claim.write_text("# the harvest, as the class first argued it\n" + claim.read_text())
    before = claim.read_text()
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.text_input(key="ws_th_title").value == "The harvest"
    assert at.multiselect(key="ws_th_proponents").value == ["doe|gamma_book"]
    assert at.selectbox(key="ws_th_link_prestige").value == "competes_with"
    at.text_input(key="ws_th_title").input("The failed harvest")
    at.multiselect(key="ws_th_proponents").set_value([])
    at.selectbox(key="ws_th_link_prestige").set_value("causes")
    ok(button(at, "Save the changes").click().run())
    assert successes(at) == ["Saved: change the thesis “The failed harvest”."]
    assert claim.read_text() == before.replace("title: The harvest\n", "title: The failed harvest\n").replace(
        "proponents:\n  - historian: doe\n    source: gamma_book\n", "").replace(
        "relation: competes_with", "relation: causes")
    at.text_area(key="ws_th_statement").input("")  # a statement left empty is refused, the rest of the form kept
    ok(button(at, "Save the changes").click().run())
    assert errors(at) == ["The statement is empty; write it"]
    assert at.text_input(key="ws_th_title").value == "The failed harvest"
    ok(at.button(key="ws_undo").click().run())
    assert claim.read_text() == before
    assert at.text_input(key="ws_th_title").value == "The harvest"  # the form shows the file as it is again


def test_suggestions_are_accepted_or_dismissed(at: AppTest, tmp_path: Path) -> None:
    text = tmp_path / "served" / "texts" / "alpha.txt"
    text.write_text(text.read_text() + "The failed harvest cost the leader his colleagues' trust.\n")
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = "alpha"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    offered = [said(m.value) for m in at.markdown if "(line " in m.value and "as the thesis does" in m.value]
    assert offered[0] == ("The failed harvest cost the leader his colleagues' trust. (line 4: it uses “leader”, "
                          "“failed” and “harvest”, as the thesis does)")
    ok(at.button(key="ws_use_0").click().run())
    assert at.text_area(key="ws_quote").value == "The failed harvest cost the leader his colleagues' trust."
    assert at.selectbox(key="ws_first").value == 3
    before = (tmp_path / "served" / "theses" / "harvest.yaml").read_text()
    ok(at.button(key="ws_record").click().run())  # no note: refused, in the form's words, and nothing written
    assert errors(at) == ["Why it matters is empty; write it"]
    assert at.text_area(key="ws_quote").value == "The failed harvest cost the leader his colleagues' trust."
    assert (tmp_path / "served" / "theses" / "harvest.yaml").read_text() == before
    ok(at.button(key="ws_dismiss_0").click().run())
    assert not any("colleagues' trust. (line 4" in said(m.value) for m in at.markdown)


BROKEN_FIRST = """\
id: prestige
title: Lost prestige
statement: The leader fell because of Cuba.
summary: Cuba humiliated him.
scope: foreign
evidence:
  - source: beta
    quote: "Abroad, the retreat over Cuba was a humiliation."
    stance: applauds
    strength: 3
    note: The humiliation.
  - source: alpha
    quote: The army disliked the cuts.
    stance: supports
    strength: 2
    note: The army's mood.
"""


def test_a_broken_passage_does_not_shift_the_passage_that_is_changed(at: AppTest, tmp_path: Path) -> None:
    """The first passage does not load; the workshop lists both as written, and a change to the second (its
    problems beside it, its reference prestige#2) is made to the second."""
    claim = tmp_path / "served" / "theses" / "prestige.yaml"
    claim.write_text(BROKEN_FIRST)
    at.query_params["thesis"] = "prestige"
    at.query_params["source"] = "alpha"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    captions = [said(c.value) for c in at.caption if c.value.startswith("Passage ")]
    assert captions == ["Passage 1 · Beta · applauds · explicit (says it in so many words)",
                        "Passage 2 · Alpha · supports · relevant"]
    assert "This passage has: 1 problem to fix.\n\n- theses/prestige.yaml, line 9, passage 1, how it bears on this thesis: `applauds` is " \
           "not a known stance; use one of: supports, disputes, qualifies" in errors(at)
    ok(at.button(key="ws_edit_1").click().run())
    assert at.text_area(key="ws_quote").value == "The army disliked the cuts."
    assert (at.selectbox(key="ws_first").value, at.selectbox(key="ws_last").value) == (2, 2)  # its sentence
    at.text_input(key="ws_note").input("The army's mood, as the source says.")
    ok(at.button(key="ws_save_edit").click().run())
    assert claim.read_text() == BROKEN_FIRST.replace("note: The army's mood.", "note: The army's mood, as the source says.")


def test_a_class_server_offers_no_workshop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EXPLORER_CASE", str(write_case(tmp_path / "served")))
    monkeypatch.setenv("EXPLORER_WORKSHOP", "off")
    at = AppTest.from_file(APP, default_timeout=60).run()
    ok(at.switch_page(PAGE.format("build_passages")).run())
    assert [i.value for i in at.info] == [
        ("This server does not offer the workshop (it was started for a class, with --no-workshop or "
        "EXPLORER_WORKSHOP=off). Build a case on your own computer: make run.")]
    assert not at.button


def test_a_new_case_stays_in_the_workshop_folder_and_can_be_undone(at: AppTest, tmp_path: Path) -> None:
    ok(at.switch_page(PAGE.format("build_case")).run())
    ok(button(at, "Start the case").click().run())
    assert errors(at) == ["Write the question the case asks, such as “Why did the First World War break out?”"]
    at.text_input(key="ws_question").input("Why did Rome fall?")
    ok(button(at, "Start the case").click().run())
    assert errors(at) == ["Give the period the case covers: its first year and its last year"]
    at.number_input(key="ws_case_start").set_value(376)
    at.number_input(key="ws_case_end").set_value(476)
    at.text_input(key="ws_case_name").input("../rome")
    ok(button(at, "Start the case").click().run())
    assert errors(at) == [("“../rome” cannot be the case's short name: use only the letters a to z in lower case, "
                          "digits and _, starting with a letter, such as lost_prestige (64 characters at most)")]
    assert not (tmp_path / "rome").exists()
    at.text_input(key="ws_case_name").input("")  # the name is made from the question
    ok(button(at, "Start the case").click().run())
    assert successes(at) == ["Saved: start the case “Why did Rome fall?”."]
    assert (tmp_path / "cases" / "why_did_rome_fall" / "case.yaml").is_file()
    ok(at.button(key="ws_undo").click().run())
    assert not (tmp_path / "cases" / "why_did_rome_fall" / "case.yaml").exists()
    assert at.selectbox(key="ws_case_pick").value == "served"  # back on the served case: the undone one is no case any more
    ok(button(at, "Start the case").click().run())  # the same name again: the emptied folder is free
    assert successes(at) == ["Saved: start the case “Why did Rome fall?”."]


def test_the_workshop_shows_case_text_as_text(tmp_path: Path, monkeypatch, hostile_case: Path) -> None:
    from test_app import check_page

    monkeypatch.setenv("EXPLORER_CASE", str(hostile_case))
    monkeypatch.setenv("EXPLORER_WORKSHOP_ROOT", str(tmp_path / "cases"))
    monkeypatch.setenv("EXPLORER_EDIT_SERVED_CASE", "on")  # the forms filled with the case's text
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = "alpha"
    at.run()
    for name in ("build_case", "build_thesis", "build_passages"):
        check_page(at.switch_page(PAGE.format(name)).run(), name)


def test_a_stale_thesis_form_is_refused_and_a_word_file_is_read(at: AppTest, tmp_path: Path) -> None:
    import io

    import docx

    claim = tmp_path / "served" / "theses" / "prestige.yaml"
    at.query_params["thesis"] = "prestige"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    at.text_input(key="ws_th_title").input("Prestige lost over Cuba")
    claim.write_text(claim.read_text().replace("scope: foreign", "scope: personal"))  # saved elsewhere meanwhile
    changed = claim.read_text()
    ok(button(at, "Save the changes").click().run())
    assert errors(at)[0].startswith("theses/prestige.yaml changed on disk after this page read it")
    assert claim.read_text() == changed
    assert at.text_input(key="ws_th_title").value == "Prestige lost over Cuba"

    word = docx.Document()
    word.add_paragraph("Russia mobilised first, on 30 July 1914.")
    word.add_paragraph("Germany declared war on 1 August.")
    data = io.BytesIO()
    word.save(data)
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_src_id").input("notes")
    at.selectbox(key="ws_src_kind").set_value("student_essay")
    at.file_uploader[0].set_value(("notes.docx", data.getvalue(),
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    ok(button(at, "Add the source").click().run())
    assert (tmp_path / "served" / "texts" / "notes.txt").read_text() == (
        "Russia mobilised first, on 30 July 1914.\n\nGermany declared war on 1 August.\n")
    assert "  - id: notes\n    kind: student_essay\n    title: notes\n    description: Student essay, imported from " \
           "notes.docx.\n" in (tmp_path / "served" / "sources.yaml").read_text()


def test_the_workshop_settings_from_the_command_line(monkeypatch, tmp_path: Path) -> None:
    from explorer.ui import building

    monkeypatch.delenv("EXPLORER_WORKSHOP_ROOT", raising=False)
    monkeypatch.delenv("EXPLORER_WORKSHOP", raising=False)
    assert building.workshop_root([]) == ROOT / "cases"
    assert building.workshop_root(["--case", "claims", "--workshop-root", str(tmp_path)]) == tmp_path
    assert building.enabled([]) and not building.enabled(["--case", "claims", "--no-workshop"])
    monkeypatch.setenv("EXPLORER_WORKSHOP", "off")
    assert not building.enabled([])


# --- what the reviewer found: each a defect that the workshop had ------------------------------------------------


def test_a_new_case_is_not_started_through_a_link_in_the_workshop_folder(at: AppTest, tmp_path: Path) -> None:
    cases, outside = tmp_path / "cases", tmp_path / "outside"
    cases.mkdir()
    outside.mkdir()
    (cases / "ww1").symlink_to(outside)
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Why did the First World War break out?")
    at.text_input(key="ws_case_name").input("ww1")
    ok(button(at, "Start the case").click().run())
    assert errors(at) == [(f"ww1 in {cases} is a link (to {outside}), so the workshop will not start a case "
                           "there; give another name")]
    assert list(outside.iterdir()) == []
    assert at.text_input(key="ws_question").value == "Why did the First World War break out?"


def test_a_workshop_folder_that_is_a_file_is_said_in_words(at: AppTest, tmp_path: Path) -> None:
    (tmp_path / "cases").write_text("")
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Why did Rome fall?")
    ok(button(at, "Start the case").click().run())
    assert errors(at) == [(f"the workshop folder {tmp_path / 'cases'} is a file, not a folder, so no case can "
                           "be started in it; give the server another --workshop-root")]


def test_a_passage_being_changed_is_found_again_when_another_is_inserted_before_it(at: AppTest,
                                                                                   tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    change_note(at, "alpha", "Edited.")
    inserted = ("evidence:\n  - source: beta\n    quote: At home, the harvest was fine.\n    stance: disputes\n"
                "    strength: 2\n    note: Inserted in an editor.\n")
    before = claim.read_text().replace("evidence:\n", inserted, 1)
    claim.write_text(before)  # meanwhile, in an editor, a passage is put first
    ok(at.button(key="ws_save_edit").click().run())
    assert errors(at)[0] == (
        "theses/harvest.yaml changed on disk after this page read it (someone else, or another program, saved it), "
        "so nothing was written. What you typed is still in the form. The page now shows the file as it is: check "
        "it, then save again.")
    assert [s.value for s in at.subheader][1] == "Change passage 3"
    ok(at.button(key="ws_save_edit").click().run())
    assert successes(at) == ["Saved: change passage 3 of “The harvest”."]
    assert claim.read_text() == before.replace("note: Says the opposite.", "note: Edited.")


def test_a_passage_changed_on_disk_while_being_changed_is_not_overwritten(at: AppTest, tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    change_note(at, "alpha", "Edited.")
    before = claim.read_text().replace("note: Says the opposite.", "note: Changed in an editor.")
    claim.write_text(before)
    ok(at.button(key="ws_save_edit").click().run())
    assert errors(at) == [(
        "passage 2 of theses/harvest.yaml was changed or removed on disk after you chose it, so nothing was written. "
        "What you typed is still in the form: record it as a new passage, or choose the passage again under "
        "“Passages recorded”")]
    assert [s.value for s in at.subheader][1] == "Record a passage"
    assert at.text_input(key="ws_note").value == "Edited."
    assert claim.read_text() == before


def test_the_thesis_form_writes_only_what_was_changed_over_another_programs_change(at: AppTest,
                                                                                  tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "prestige.yaml"
    at.query_params["thesis"] = "prestige"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    at.text_input(key="ws_th_title").input("Prestige lost over Cuba")
    other = claim.read_text().replace("scope: foreign", "scope: personal")
    claim.write_text(other)  # an editor changes the scope meanwhile
    ok(button(at, "Save the changes").click().run())
    assert errors(at) == [(
        "theses/prestige.yaml changed on disk after this page read it (someone else, or another program, saved it), "
        "so nothing was written. What you typed is still in the form. Saving again writes only the fields you "
        "changed in the form over the file as it is now, so that the other change is kept.")]
    ok(button(at, "Save the changes").click().run())
    assert claim.read_text() == other.replace("title: Lost prestige", "title: Prestige lost over Cuba")


def test_a_thesis_save_keeps_what_the_form_cannot_show(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    claim = served / "theses" / "harvest.yaml"
    other = served / "theses" / "prestige.yaml"
    other.write_text(other.read_text().replace("scope: foreign", "scope: [foreign"))  # does not load
    before = claim.read_text().replace("proponents:\n", "proponents:\n  - historian: smith\n    source: alpha\n")
    claim.write_text(before)  # smith is not in historians.yaml
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    at.text_input(key="ws_th_title").input("The failed harvest")
    ok(button(at, "Save the changes").click().run())
    assert successes(at) == ["Saved: change the thesis “The failed harvest”."]
    assert claim.read_text() == before.replace("title: The harvest", "title: The failed harvest")


def test_a_passage_save_keeps_how_it_bears_on_a_thesis_that_does_not_load(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    claim = served / "theses" / "harvest.yaml"
    other = served / "theses" / "prestige.yaml"
    other.write_text(other.read_text().replace("scope: foreign", "scope: [foreign"))
    before = claim.read_text()
    change_note(at, "beta", "Says the opposite, plainly.")
    ok(at.button(key="ws_save_edit").click().run())
    assert claim.read_text() == before.replace("note: Says the opposite.", "note: Says the opposite, plainly.")


def test_a_passage_of_a_source_without_a_text_keeps_its_source(at: AppTest, tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    before = claim.read_text().replace('  - source: beta\n    quote: "At home, the harvest was fine."',
                                       '  - source: gamma_book\n    quote: "The harvest was poor, Doe writes."')
    claim.write_text(before)
    change_note(at, "alpha", "In Doe's book.")
    ok(at.button(key="ws_save_edit").click().run())
    assert claim.read_text() == before.replace("note: Says the opposite.", "note: In Doe's book.")


@pytest.mark.parametrize("odd", [("strength: 2\n", "strength: [2]\n"), ("stance: supports\n", "stance: {supports: 1}\n"),
                                 ("prestige: qualifies", "prestige: [qualifies]"),
                                 ("relation: competes_with", "relation: [competes_with]")])
def test_odd_values_in_a_claim_file_do_not_break_the_pages(at: AppTest, tmp_path: Path, odd) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    claim.write_text(claim.read_text().replace(*odd, 1))
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = "alpha"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    ok(at.button(key="ws_edit_0").click().run())
    ok(at.switch_page(PAGE.format("build_thesis")).run())


def test_an_empty_text_is_said_in_words(at: AppTest, tmp_path: Path) -> None:
    (tmp_path / "served" / "texts" / "alpha.txt").write_text("")
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = "alpha"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    assert [said(w.value) for w in at.warning] == [(
        "This source's text has no sentences to quote (it is empty). Choose another source above, or add the source's "
        "text again on the page “Start a case or add a source”.")]


def test_a_thesis_whose_file_name_differs_from_its_id_is_named_and_linked_rightly(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / "theses" / "prestige.yaml").rename(served / "theses" / "cuba.yaml")  # its id stays `prestige`
    at.query_params["thesis"] = "cuba"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="thesis").options == [
        "A new thesis", "Lost prestige (the file cuba.yaml, whose id is prestige)", "The harvest"]
    assert [s.key for s in at.selectbox if s.key and s.key.startswith("ws_th_link_")] == ["ws_th_link_harvest"]


def test_an_id_that_cannot_be_made_from_a_non_latin_question_is_asked_for(at: AppTest) -> None:
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Почему сняли Хрущёва?")
    at.number_input(key="ws_case_start").set_value(1953)
    at.number_input(key="ws_case_end").set_value(1964)
    ok(button(at, "Start the case").click().run())
    assert errors(at) == [("no short name can be made from “Почему сняли Хрущёва?” (a short name has only the letters "
                           "a to z, digits and _); give the case a short name, such as ww1")]
    at.text_input(key="ws_case_name").input("khrushchev")
    ok(button(at, "Start the case").click().run())
    assert successes(at) == ["Saved: start the case “Почему сняли Хрущёва?”."]
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    at.text_input(key="ws_th_title").input("Ο ρόλος του στρατού")
    ok(button(at, "Write the thesis").click().run())
    assert errors(at) == [("no short name can be made from “Ο ρόλος του στρατού” (a short name has only the letters "
                           "a to z, digits and _); give it a short name, such as alliances")]


def test_a_forms_problem_is_said_in_the_forms_words(at: AppTest) -> None:
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_src_id").input("delta")
    at.text_input(key="ws_src_year").input("around 1961")
    at.text_area(key="ws_src_text").input("A text. More.")
    ok(button(at, "Add the source").click().run())
    assert errors(at) == ["The year published: `around 1961` is not a date; write the date as YYYY, YYYY-MM or YYYY-MM-DD"]


def test_a_folder_that_cannot_be_read_is_said_as_a_refusal(at: AppTest, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "cases" / "ww1").mkdir(parents=True)

    rglob = Path.rglob

    def unreadable(self, pattern, **options):
        if self.name == "ww1":
            raise PermissionError(13, "Permission denied", str(self))
        return rglob(self, pattern, **options)

    monkeypatch.setattr(Path, "rglob", unreadable)
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Why did the First World War break out?")
    at.text_input(key="ws_case_name").input("ww1")
    ok(button(at, "Start the case").click().run())
    assert errors(at) == [(f"{tmp_path / 'cases' / 'ww1'} could not be used: permission denied; nothing was "
                           "written, and what you typed is still in the form")]


@pytest.mark.parametrize("page", ["build_thesis", "build_passages"])
def test_the_workshop_pages_read_hostile_case_files_as_the_loader_does(tmp_path: Path, monkeypatch, page: str) -> None:
    """A claim file nested 5,000 deep, a 400-byte alias bomb and a pipe under a claim file's name: each page shows
    the case and its problems, without a traceback, at once (no recursion, no expansion, no wait on the pipe)."""
    import os
    import time

    from hostile import ALIAS_BOMB, deep_claim

    served = write_case(tmp_path / "served", {"theses/deep.yaml": deep_claim(), "theses/bomb.yaml": ALIAS_BOMB})
    os.mkfifo(served / "theses" / "pipe.yaml")
    monkeypatch.setenv("EXPLORER_CASE", str(served))
    monkeypatch.setenv("EXPLORER_WORKSHOP_ROOT", str(tmp_path / "cases"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for chosen in ("deep", "bomb", "pipe", "harvest"):
        at.query_params["thesis"] = chosen
        started = time.monotonic()
        ok(at.switch_page(PAGE.format(page)).run())
        assert time.monotonic() - started < 20


# --- a case chosen once stays chosen; a library of cases on one server ------------------------------------------


def started(at: AppTest, name: str = "ww1") -> AppTest:
    """A new case `name` started on the first workshop page."""
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_question").input("Why did the First World War break out?")
    at.number_input(key="ws_case_start").set_value(1900)
    at.number_input(key="ws_case_end").set_value(1914)
    at.text_input(key="ws_case_name").input(name)
    return ok(button(at, "Start the case").click().run())


def test_the_chosen_case_and_typed_text_survive_every_page(at: AppTest, tmp_path: Path) -> None:
    started(at)
    assert at.query_params["case"] == "ww1"
    for name in ("build_thesis", "build_passages", "compare", "sources", "build_case", "problems", "build_thesis"):
        at.query_params.clear()  # the navigation drops the address's parameters
        ok(at.switch_page(PAGE.format(name)).run())
        assert at.query_params["case"] == "ww1", name
        if name.startswith("build"):
            assert at.selectbox(key="ws_case_pick").value == "ww1", name
    at.text_input(key="ws_th_title").input("The alliance system")
    at.text_area(key="ws_th_statement").input("The alliances turned a local war into a general one.")
    ok(at.run())
    for name in ("build_passages", "compare", "build_case", "build_thesis"):
        at.query_params.clear()
        ok(at.switch_page(PAGE.format(name)).run())
    assert at.text_input(key="ws_th_title").value == "The alliance system"
    assert at.text_area(key="ws_th_statement").value == "The alliances turned a local war into a general one."
    at.text_area(key="ws_th_summary").input("The sources disagree.")
    ok(button(at, "Write the thesis").click().run())  # one click saves
    assert successes(at) == ["Saved: write the thesis “The alliance system”."]
    assert (tmp_path / "cases" / "ww1" / "theses" / "the_alliance_system.yaml").is_file()
    assert not (tmp_path / "served" / "theses" / "the_alliance_system.yaml").exists()
    at.text_input(key="ws_th_title").input("The alliances")  # a change clears the message about the last save
    ok(at.run())
    assert successes(at) == []


def test_the_compare_page_shows_a_case_built_in_the_workshop_at_once(at: AppTest, tmp_path: Path) -> None:
    started(at)
    ok(at.switch_page(PAGE.format("compare")).run())
    assert at.query_params["case"] == "ww1"
    ok(at.switch_page(PAGE.format("cases")).run())
    assert [said(s.value) for s in at.subheader] == ["A small case", "Why did the First World War break out?"]
    assert [said(c.value) for c in at.caption][-2:] == [
        ("2 explanations, 2 sources with a text, 4 passages · the case this server was started on · its name in a "
         "link: case=served"),
        "0 explanations, 0 sources with a text, 0 passages · built in the workshop · its name in a link: case=ww1"]
    ok(at.button(key="open_case_0").click().run())
    assert "case" not in at.query_params  # the served case needs no name in the address


@pytest.mark.parametrize("asked", ["../served", "/etc", "linked", str(Path("/tmp")), "ww1/../../served"])
def test_an_address_opens_no_case_outside_the_configured_folders(at: AppTest, tmp_path: Path, asked: str) -> None:
    outside = write_case(tmp_path / "outside")
    (tmp_path / "cases").mkdir(exist_ok=True)
    (tmp_path / "cases" / "linked").symlink_to(outside)
    at.query_params["case"] = asked
    ok(at.switch_page(PAGE.format("sources")).run())
    assert next(said(w.value) for w in at.warning) == (
        f"This server offers no case named “{asked}”, so the page shows “A small case”. The page “Choose a case” "
        "lists the cases it offers.")
    assert "case" not in at.query_params
    at.query_params["case"] = asked
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="ws_case_pick").options == ["A small case (the case this server was started on)"]


def test_a_room_records_its_case_and_opens_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EXPLORER_CASE", str(write_case(tmp_path / "served")))
    monkeypatch.setenv("EXPLORER_CASES", str(tmp_path / "more"))
    monkeypatch.setenv("EXPLORER_POLL_DB", str(tmp_path / "polls.db"))
    write_case(tmp_path / "more" / "other", {"case.yaml": "title: Another case\nquestion: Why?\nperiod: {start: 1, "
                                             "end: 2}\nsummary: Another.\n"})
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["case"] = "other"
    ok(at.run())
    ok(at.switch_page(PAGE.format("debate_setup")).run())
    ok(button(at, "Create the debate room").click().run())
    code = at.session_state["created_room"]
    from explorer.classroom.store import open_store

    assert open_store(str(tmp_path / "polls.db")).room(code).setup.case == "other"
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["room"] = code
    ok(fresh.switch_page(PAGE.format("briefs")).run())
    assert fresh.query_params["case"] == "other"


# --- forms for everything a case holds -----------------------------------------------------------------------


def test_the_case_and_a_sources_details_are_changed_in_forms(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    ok(at.switch_page(PAGE.format("build_case")).run())
    assert at.text_input(key="ws_info_question").value == "Why did the leader fall?"
    at.text_area(key="ws_info_summary").input("Why a leader fell, in a small case.")
    at.text_area(key="ws_info_explain").input("Why he fell in 1964\n\nWhy nobody resisted")
    ok(button(at, "Save the case").click().run())
    assert successes(at) == ["Saved: change the case “A small case”."]
    info = load_case(served)[0].info
    assert (info.summary, info.to_explain) == ("Why a leader fell, in a small case.",
                                               ["Why he fell in 1964", "Why nobody resisted"])
    at.selectbox(key="ws_det_source").set_value("alpha").run()
    at.text_input(key="ws_det_publisher").input("Alpha Press")
    at.text_input(key="ws_det_licence").input("CC BY-SA 4.0")
    at.text_input(key="ws_det_short_title").input("Alpha")
    at.text_input(key="ws_det_trust").input("high")
    ok(button(at, "Save the source's details").click().run())
    assert errors(at) == [("the trust “high” is not a number: give one from 0 to 1, or leave it empty for the trust "
                           "of its kind")]
    at.text_input(key="ws_det_trust").input("0.6")
    ok(button(at, "Save the source's details").click().run())
    assert successes(at) == ["Saved: change the details of “Alpha”."]
    alpha = load_case(served)[0].sources["alpha"]
    assert (alpha.publisher, alpha.licence, alpha.short_title, alpha.trust) == ("Alpha Press", "CC BY-SA 4.0", "Alpha",
                                                                               0.6)
    at.selectbox(key="ws_det_source").set_value("beta").run()
    assert at.text_input(key="ws_det_publisher").value == ""  # the form follows the source chosen
    assert successes(at) == []  # the message was about Alpha


def test_a_historian_and_a_view_make_a_proponent_in_one_change(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / "historians.yaml").unlink()
    ok(at.switch_page(PAGE.format("build_historians")).run())
    at.text_input(key="ws_hist_name").input("Ann Beta")
    ok(button(at, "Add the historian").click().run())
    assert successes(at) == ["Saved: add the historian Ann Beta."]
    assert (served / "historians.yaml").read_text() == (
        "# yaml-language-server: $schema=schema/historians.schema.json\nhistorians:\n  - id: ann_beta\n"
        "    name: Ann Beta\n")
    at.selectbox(key="ws_hist_source").set_value("beta")
    at.text_area(key="ws_hist_quote").input("Abroad, the retreat over Cuba was a humilation.")
    at.text_input(key="ws_hist_summary").input("Blames the retreat over Cuba.")
    proponent = at.checkbox(key="ws_hist_proponent")
    assert (proponent.value, proponent.disabled) == (False, True)  # no thesis chosen: nothing to name them for
    at.selectbox(key="ws_hist_thesis").set_value("prestige").run()
    proponent = at.checkbox(key="ws_hist_proponent")
    assert (proponent.value, proponent.disabled) == (False, False)  # choosing the thesis ticks nothing by itself
    proponent.check()
    ok(button(at, "Record the view").click().run())
    assert errors(at)[0].startswith("The passage is not word for word in Beta, so nothing was written.")
    at.text_area(key="ws_hist_quote").input("Abroad, the retreat over Cuba was a humiliation.")
    ok(button(at, "Record the view").click().run())
    assert successes(at) == [("Saved: record what Beta says Ann Beta argues, and name them as a historian who argues "
                             "“Lost prestige”.")]
    case, problems = load_case(served)
    assert [p for p in problems if p.level == "error" and p.file != "theses/harvest.yaml"] == []  # doe is gone
    assert case.historians["ann_beta"].views[0].thesis == "prestige"
    assert [(p.historian, p.source) for p in case.theses["prestige"].proponents][-1] == ("ann_beta", "beta")
    named = len(case.theses["prestige"].proponents)
    assert at.checkbox(key="ws_hist_proponent").value  # the tick stays as it was clicked
    at.checkbox(key="ws_hist_proponent").uncheck()
    at.text_input(key="ws_hist_summary").input("Says the retreat shamed him.")
    ok(button(at, "Record the view").click().run())
    assert successes(at) == ["Saved: record what Beta says Ann Beta argues."]  # a view, no proponent
    assert len(load_case(served)[0].theses["prestige"].proponents) == named


def test_a_link_is_shown_from_both_sides(at: AppTest) -> None:
    at.query_params["thesis"] = "prestige"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert [said(c.value) for c in at.caption if c.value.startswith("Recorded in")] == [
        "Recorded in the other theses' files (change them there): “The harvest” competes with this thesis."]


def test_a_passage_that_says_a_historian_argues_it_writes_the_view_and_the_proponent(at: AppTest,
                                                                                     tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / "texts" / "beta.txt").write_text((served / "texts" / "beta.txt").read_text()
                                               + "Jane Doe argues that Cuba cost him the Presidium.\n")
    at.query_params["thesis"] = "prestige"
    at.query_params["source"] = "beta"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    assert at.selectbox(key="ws_ev_says").options == ["(no)", "Jane Doe"]  # Beta names Doe now
    at.text_area(key="ws_quote").input("Jane Doe argues that Cuba cost him the Presidium.")
    at.text_input(key="ws_note").input("Doe's view, as Beta reports it.")
    at.selectbox(key="ws_ev_says").set_value("doe")
    ok(at.button(key="ws_record").click().run())
    assert successes(at) == [("Saved: record a passage of Beta under “Lost prestige”, and that it says Jane Doe "
                              "argues it.")]
    case, _ = load_case(served)
    assert (case.historians["doe"].views[-1].quote, case.historians["doe"].views[-1].thesis) == (
        "Jane Doe argues that Cuba cost him the Presidium.", "prestige")
    assert ("doe", "beta") in [(p.historian, p.source) for p in case.theses["prestige"].proponents]
    assert at.selectbox(key="ws_ev_says").value is None


# --- forms for the timeline and the contested facts; a thesis's question and gaps; a writer's kind -----------------


def test_a_dated_event_is_added_checked_linked_changed_and_removed(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    ok(at.switch_page(PAGE.format("build_events")).run())
    assert at.selectbox(key="ws_tl_event").value == ""  # a new event
    at.text_input(key="ws_tl_date").input("1963-13")
    at.text_input(key="ws_tl_title").input("The army's budget is cut")
    at.text_area(key="ws_tl_quote").input("The army disliked the cut.")
    at.multiselect(key="ws_tl_theses").set_value(["prestige"])
    at.selectbox(key="ws_tl_contested").set_value("harvest_size")
    ok(at.button(key="ws_event_save").click().run())
    assert errors(at) == [("“1963-13” is not a date that can be put on the timeline: write the year first, then the "
                          "month (01 to 12) and the day, such as 1964, 1964-10 or 1964-10-14")]
    at.text_input(key="ws_tl_date").input("1964-02")
    ok(at.button(key="ws_event_save").click().run())
    assert errors(at) == [("The passage is not word for word in Alpha, so nothing was written. The source has “The army "
                          "disliked the cuts.”; it differs in: \"cut.\" where the source has \"cuts.\". Use the "
                          "source's words, or select the passage again in the text")]
    ok(at.button(key="ws_event_fix").click().run())  # one click takes the source's words
    assert at.text_area(key="ws_tl_quote").value == "The army disliked the cuts."
    ok(at.button(key="ws_event_save").click().run())
    assert successes(at) == ["Saved: add the event “The army's budget is cut” to the timeline."]
    case, problems = load_case(served)
    assert [p for p in problems if p.file == "timeline.yaml"] == []
    made = case.events[-1]
    assert (made.id, made.date, made.source, made.quote, made.theses, made.contested) == (
        "the_army_s_budget_is_cut", "1964-02", "alpha", "The army disliked the cuts.", ["prestige"], "harvest_size")
    assert at.selectbox(key="ws_tl_event").value == made.id  # the event just added is the one shown

    # from the other side: the thesis it names lists it
    at.query_params["thesis"] = "prestige"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert [said(c.value) for c in at.caption if c.value.startswith("Dated")] == [
        ("Dated events linked to it: 1964-02: The army's budget is cut. Change them on the page “Dated events and "
        "contested facts”.")]

    ok(at.switch_page(PAGE.format("build_events")).run())
    at.selectbox(key="ws_tl_event").set_value("bad_harvest").run()
    assert at.text_area(key="ws_tl_quote").value == "The harvest of 1963 failed."  # filled from the file
    assert [said(c.value) for c in at.caption if c.value.startswith("Recorded")] == [
        "Recorded as a passage too, on the same words: “The harvest”, passage 1."]
    at.text_input(key="ws_tl_title").input("The harvest fails badly")
    ok(at.button(key="ws_event_save").click().run())
    assert successes(at) == ["Saved: change the event “The harvest fails badly”."]
    ok(at.button(key="ws_event_remove").click().run())
    assert successes(at) == ["Saved: remove the event “The harvest fails badly”."]
    assert [e.id for e in load_case(served)[0].events] == ["the_army_s_budget_is_cut"]
    assert [said(c.value) for c in at.caption if c.value.startswith("The last change")] == [
        ("The last change to this case, whichever page made it: remove the event “The harvest fails badly” (made on "
        "this page). Undo puts back the case as it was before that change, and nothing else.")]
    ok(at.switch_page(PAGE.format("build_thesis")).run())  # undone from another page: it says which made it
    assert [said(c.value) for c in at.caption if c.value.startswith("The last change")] == [
        ("The last change to this case, whichever page made it: remove the event “The harvest fails badly” (made on "
        "the page “Dated events and contested facts”). Undo puts back the case as it was before that change, and "
        "nothing else.")]
    ok(button(at, "Undo the last change to this case").click().run())
    assert successes(at) == ["Undone: remove the event “The harvest fails badly”. The case is as it was before it."]
    assert [e.id for e in load_case(served)[0].events] == ["bad_harvest", "the_army_s_budget_is_cut"]


def test_a_contested_fact_is_built_from_readings_of_two_sources(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    before = (served / "contested.yaml").read_text()
    ok(at.switch_page(PAGE.format("build_events")).run())
    at.segmented_control(key="ws_tl_what").set_value("fact").run()
    assert at.selectbox(key="ws_cf_fact").value == ""
    at.text_input(key="ws_cf_question").input("Was the army angry?")
    at.text_area(key="ws_cf_quote").input("The army disliked the cuts.")
    ok(at.button(key="ws_reading_add").click().run())
    assert errors(at) == ["Write what this source says, in a few words, such as “It failed”"]
    at.text_input(key="ws_cf_says").input("It was angry")
    ok(at.button(key="ws_reading_add").click().run())
    assert errors(at) == [] and at.text_area(key="ws_cf_quote").value == ""  # ready for the next reading
    ok(at.button(key="ws_fact_save").click().run())
    assert errors(at) == [("A contested fact needs the readings of two different sources at least, and it has one "
                          "reading only: select what another source says in the text, then add it as a reading")]
    assert (served / "contested.yaml").read_text() == before  # nothing written
    at.selectbox(key="source").set_value("beta").run()
    at.text_area(key="ws_cf_quote").input("At home, the harvest was fine.")
    at.text_input(key="ws_cf_says").input("All was calm")
    ok(at.button(key="ws_reading_add").click().run())
    at.multiselect(key="ws_cf_theses").set_value(["prestige"])
    at.text_area(key="ws_cf_scholarship").input("Not settled.")
    ok(at.button(key="ws_fact_save").click().run())
    assert successes(at) == ["Saved: add the contested fact “Was the army angry?”."]
    case, problems = load_case(served)
    assert [p for p in problems if p.file == "contested.yaml"] == []
    fact = case.contested[-1]
    assert (fact.id, [(r.source, r.says) for r in fact.readings], fact.scholarship, fact.theses) == (
        "was_the_army_angry", [("alpha", "It was angry"), ("beta", "All was calm")], "Not settled.", ["prestige"])

    # a fact an event names: removing it takes its name off the event, in the same change
    at.selectbox(key="ws_cf_fact").set_value("harvest_size").run()
    assert [r["says"] for r in at.session_state["ws_cf_readings"]] == ["It failed.", "It was fine."]
    assert [said(c.value) for c in at.caption if c.value.startswith("Dated")] == [
        "Dated events that name it: 1963: The harvest fails (removing the fact takes its name off them)."]
    ok(at.button(key="ws_fact_remove").click().run())
    assert successes(at) == ["Saved: remove the contested fact “Did the harvest fail?”, and its mention in 1 event."]
    case, problems = load_case(served)
    assert [f.id for f in case.contested] == ["was_the_army_angry"] and case.events[0].contested is None
    assert [p for p in problems if p.file in ("timeline.yaml", "contested.yaml")] == []


def test_a_thesis_answers_one_of_the_cases_questions_and_says_what_no_source_shows(at: AppTest,
                                                                                   tmp_path: Path) -> None:
    served = tmp_path / "served"
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_info_q_0_text").input("How could he go quietly?")
    at.text_input(key="ws_info_q_0_note").input("Not why, but how.")
    ok(button(at, "Save the case").click().run())
    assert successes(at) == ["Saved: change the case “A small case”."]
    assert [(q.id, q.question, q.note) for q in load_case(served)[0].info.other_questions] == [
        ("how_could_he_go_quietly", "How could he go quietly?", "Not why, but how.")]
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="ws_th_question").options == ["Why did the leader fall? (the case's main question)",
                                                          "How could he go quietly?"]
    at.selectbox(key="ws_th_question").set_value("how_could_he_go_quietly")
    at.text_area(key="ws_th_gap_0_says").input("The archives show the figures were forged.")
    at.multiselect(key="ws_th_gap_0_works").set_value(["gamma_book"])
    ok(at.button(key="ws_th_save").click().run())
    assert successes(at) == ["Saved: change the thesis “The harvest”."]
    harvest = load_case(served)[0].theses["harvest"]
    assert (harvest.question, [(g.says, g.works) for g in harvest.gaps]) == (
        "how_could_he_go_quietly", [("The archives show the figures were forged.", ["gamma_book"])])
    assert [t.label for t in at.text_area if t.label.startswith("Point")] == ["Point 1: what historians say",
                                                                           "Point 2: what historians say"]
    # a question a thesis answers cannot be taken out of the case
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.text_input(key="ws_info_q_0_text").input("")
    ok(button(at, "Save the case").click().run())
    assert errors(at) == [("“How could he go quietly?” is answered by “The harvest”: keep the question, or choose "
                          "another question for that explanation on the page “Write a thesis” first")]


def test_a_writers_kind_is_chosen_in_words_and_changed(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    ok(at.switch_page(PAGE.format("build_historians")).run())
    assert at.selectbox(key="ws_hist_kind").options[2] == ("Journalist: reported on the events or wrote about them "
                                                          "for the press: worth reading, but not counted as "
                                                          "scholarly backing")
    at.text_input(key="ws_hist_name").input("Ann Reporter")
    at.selectbox(key="ws_hist_kind").set_value("journalist")
    ok(button(at, "Add the historian").click().run())
    assert load_case(served)[0].historians["ann_reporter"].kind == "journalist"
    at.selectbox(key="ws_hist_edit").set_value("doe").run()
    assert at.text_input(key="ws_hist_edit_name").value == "Jane Doe"
    at.selectbox(key="ws_hist_edit_kind").set_value("participant")
    ok(button(at, "Save the historian").click().run())
    assert successes(at) == ["Saved: change the historian Jane Doe."]
    doe = load_case(served)[0].historians["doe"]
    assert (doe.kind, doe.works, len(doe.views)) == ("participant", ["gamma_book"], 1)


def test_an_unsaved_new_thesis_survives_record_passages_and_another_thesis(at: AppTest, tmp_path: Path) -> None:
    """The teacher's draft: typed on "Write a thesis" with "A new thesis" chosen, then Record passages used (the page
    runs more than once: it writes its own thesis into the address), then back. The draft is still there; and when
    an existing thesis is opened meanwhile, the draft waits for "A new thesis" to be chosen again."""
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="thesis").value == ""  # A new thesis
    at.text_input(key="ws_th_title").input("Religious change")
    at.text_area(key="ws_th_statement").input("The new faith drew men away from the army.")
    ok(at.run())
    ok(at.switch_page(PAGE.format("build_passages")).run())  # the address is carried along, as the navigation does
    assert at.selectbox(key="thesis").value == "harvest"
    at.text_input(key="ws_note").input("A note typed on the way.")
    ok(at.run())
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    assert at.selectbox(key="thesis").value == ""
    assert at.text_input(key="ws_th_title").value == "Religious change"
    assert at.text_area(key="ws_th_statement").value == "The new faith drew men away from the army."
    at.selectbox(key="thesis").set_value("harvest")
    ok(at.run())
    assert at.text_input(key="ws_th_title").value == "The harvest"
    assert [said(c.value) for c in at.caption if "not written yet" in c.value] == [
        ("Your new thesis “Religious change” is not written yet: it is kept for you. Choose “A new thesis” above to "
        "go on with it.")]
    at.selectbox(key="thesis").set_value("")
    ok(at.run())
    assert at.text_input(key="ws_th_title").value == "Religious change"
    assert at.text_area(key="ws_th_statement").value == "The new faith drew men away from the army."
    at.text_area(key="ws_th_summary").input("No source of this case says so yet.")
    ok(button(at, "Write the thesis").click().run())
    assert errors(at) == [] and successes(at) == ["Saved: write the thesis “Religious change”."]
    at.selectbox(key="thesis").set_value("")
    ok(at.run())
    assert at.text_input(key="ws_th_title").value == ""  # written: the next new thesis starts empty


def test_a_sources_defects_are_added_and_removed_in_plain_rows(at: AppTest, tmp_path: Path) -> None:
    served = tmp_path / "served"
    ok(at.switch_page(PAGE.format("build_case")).run())
    at.selectbox(key="ws_det_source").set_value("alpha").run()
    kind = at.selectbox(key="ws_det_defect_0_kind")
    assert (kind.label, kind.value) == ("Defect 1: what is wrong", "")
    assert kind.options[:3] == ["(choose)", "Text cut short", "Bits of an index left in the text"]
    assert [b.label for b in at.button if b.key.startswith("ws_det_remove")] == []  # nothing to remove yet
    at.text_input(key="ws_det_defect_0_note").input("It dates the harvest a year late.")
    ok(button(at, "Save the source's details").click().run())
    assert errors(at) == [("Defect 1: choose what is wrong with the text (such as “factual error”), or empty the row to "
                          "leave it out")]
    assert load_case(served)[0].sources["alpha"].defects == []  # nothing written
    at.selectbox(key="ws_det_defect_0_kind").set_value("factual_error").run()
    assert at.selectbox(key="ws_det_defect_1_kind").label == "Defect 2: what is wrong"  # a new row, for the next
    at.selectbox(key="ws_det_defect_1_kind").set_value("typo").run()
    ok(button(at, "Save the source's details").click().run())
    assert errors(at) == ["Defect 2 (typing error): say in a sentence what is wrong, or empty the row to leave it out"]
    at.text_input(key="ws_det_defect_1_note").input("“harvset” for “harvest”.")
    ok(button(at, "Save the source's details").click().run())
    assert successes(at) == ["Saved: change the details of “Alpha”."]
    assert [(d.kind, d.note) for d in load_case(served)[0].sources["alpha"].defects] == [
        ("factual_error", "It dates the harvest a year late."), ("typo", "“harvset” for “harvest”.")]

    at.selectbox(key="ws_det_source").set_value("beta").run()  # its defect is shown, with an empty row after it
    assert (at.selectbox(key="ws_det_defect_0_kind").value, at.text_input(key="ws_det_defect_0_note").value,
            at.text_input(key="ws_det_defect_0_quote").value) == ("factual_error", "The harvest was not fine.",
                                                                  "the harvest was fine")
    assert at.text_input(key="ws_det_defect_1_note").value == ""
    ok(at.button(key="ws_det_remove_0").click().run())
    assert at.text_input(key="ws_det_defect_0_note").value == ""
    assert load_case(served)[0].sources["beta"].defects != []  # only when saved
    ok(button(at, "Save the source's details").click().run())
    assert successes(at) == ["Saved: change the details of “Beta”."]
    assert load_case(served)[0].sources["beta"].defects == []
    assert "defects" not in (served / "sources.yaml").read_text().split("id: beta")[1].split("- id:")[0]


def test_each_stance_is_explained_where_it_is_chosen(at: AppTest) -> None:
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    stance = at.radio(key="ws_stance")
    assert stance.options == ["supports", "disputes", "qualifies"]
    assert list(stance.proto.captions) == ["The passage backs the explanation up",
                                           "The passage goes against the explanation",
                                           ("The passage limits the explanation: true, but only in part (counts half "
                                           "against it)")]
    assert [said(c.value) for c in at.caption if c.value.startswith("Supports:")] == [
        ("Supports: the passage backs the explanation up; disputes: the passage goes against the explanation; "
        "qualifies: the passage limits the explanation: true, but only in part (counts half against it).")]


def test_an_empty_timeline_and_contested_facts_link_to_the_workshop_page_that_adds_them(at: AppTest,
                                                                                         monkeypatch) -> None:
    started(at)
    for page, words, what in (("timeline", "dated events", "event"), ("contested", "contested facts", "fact")):
        ok(at.switch_page(PAGE.format(page)).run())
        links = [link.proto for link in at.get("page_link")
                 if link.proto.label.startswith("Add ")]
        assert [(said(p.label), p.page.rsplit("/", 1)[-1], p.query_string) for p in links] == [
            (f"Add {words} to this case, on the workshop page “Dated events and contested facts”", "build_events",
             f"case=ww1&what={what}")]
    at.query_params.update({"case": "served", "what": "fact"})  # such a link followed: the contested fact's form
    ok(at.switch_page(PAGE.format("build_events")).run())
    assert at.session_state["ws_tl_what"] == "fact" and "what" not in at.query_params
    assert at.text_input(key="ws_cf_question").label == "The point the sources disagree on, as a question"
    monkeypatch.setenv("EXPLORER_WORKSHOP", "off")  # a class's server: no workshop, no link
    ok(at.switch_page(PAGE.format("timeline")).run())
    assert not [link for link in at.get("page_link") if link.proto.label.startswith("Add ")]


def test_the_sources_words_taken_in_one_click_say_to_check_the_stance_and_the_reason(at: AppTest) -> None:
    at.query_params["thesis"] = "harvest"
    at.query_params["source"] = "alpha"
    ok(at.switch_page(PAGE.format("build_passages")).run())
    at.text_area(key="ws_quote").input("The harvest of 1963 did not fail.")
    at.text_input(key="ws_note").input("The harvest was good.")
    ok(at.button(key="ws_record").click().run())
    assert [said(w.value) for w in at.warning] == []
    ok(at.button(key="ws_use_fix").click().run())
    assert at.text_area(key="ws_quote").value == "The harvest of 1963 failed."
    assert at.radio(key="ws_stance").value == "supports"  # kept: the teacher decides
    assert at.text_input(key="ws_note").value == "The harvest was good."
    assert [said(w.value) for w in at.warning] == [
        ("Careful: the source's words drop “not”, so they may say the opposite of what you typed. The passage now has "
        "the source's own words. Check that how it bears on this thesis and why it matters still fit them.")]
    at.text_input(key="ws_note").input("The harvest failed.")
    ok(at.run())
    assert len(at.warning) == 1  # said until the passage is recorded or its words change
    at.text_area(key="ws_quote").input("The harvest of 1963")
    ok(at.run())
    assert [said(w.value) for w in at.warning] == []


UNSAVED = ("You have changed {} and not saved it yet. Your changes are kept while this browser tab stays open, even "
           "if you open something else and come back; reloading the page loses them. Save them, or drop them to go "
           "back to what is saved.")


def warnings(at: AppTest) -> list[str]:
    return [said(w.value) for w in at.warning]


def test_an_unsaved_change_to_a_thesis_is_kept_when_another_is_opened_and_can_be_dropped(at: AppTest,
                                                                                      tmp_path: Path) -> None:
    claim = tmp_path / "served" / "theses" / "harvest.yaml"
    before = claim.read_text()
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    statement = at.text_area(key="ws_th_statement").value
    assert warnings(at) == []
    at.text_area(key="ws_th_statement").input("The harvest failed, and the leader was blamed.")
    ok(at.run())
    assert warnings(at) == [UNSAVED.format("this thesis")]
    ok(at.selectbox(key="thesis").set_value("prestige").run())  # another thesis: the change is kept aside
    assert at.text_area(key="ws_th_statement").value != "The harvest failed, and the leader was blamed."
    assert warnings(at) == []
    assert [said(c.value) for c in at.caption if "not saved yet" in c.value] == [
        "Changes not saved yet are kept for “The harvest”: choose it above to go on with them, or to drop them."]
    ok(at.switch_page(PAGE.format("compare")).run())  # another page, and back
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    ok(at.selectbox(key="thesis").set_value("harvest").run())
    assert at.text_area(key="ws_th_statement").value == "The harvest failed, and the leader was blamed."
    assert warnings(at) == [UNSAVED.format("this thesis")]
    assert claim.read_text() == before  # nothing written
    ok(button(at, "Drop my changes").click().run())
    assert at.text_area(key="ws_th_statement").value == statement
    assert warnings(at) == []
    ok(at.selectbox(key="thesis").set_value("prestige").run())
    assert not [c for c in at.caption if "not saved yet" in c.value]  # nothing kept once dropped
    ok(at.selectbox(key="thesis").set_value("harvest").run())
    at.text_area(key="ws_th_statement").input("The harvest failed.")  # kept, then saved: the line goes
    ok(at.selectbox(key="thesis").set_value("prestige").run())
    ok(at.selectbox(key="thesis").set_value("harvest").run())
    ok(button(at, "Save the changes").click().run())
    assert successes(at) == ["Saved: change the thesis “The harvest”."]
    assert "statement: The harvest failed.\n" in claim.read_text()
    assert warnings(at) == []


def test_unsaved_source_details_historians_and_events_are_kept_per_item(at: AppTest) -> None:
    ok(at.switch_page(PAGE.format("build_case")).run())
    ok(at.selectbox(key="ws_det_source").set_value("alpha").run())
    at.text_input(key="ws_det_publisher").input("A press")
    ok(at.selectbox(key="ws_det_source").set_value("beta").run())
    assert at.text_input(key="ws_det_publisher").value == ""
    assert [said(c.value) for c in at.caption if "not saved yet" in c.value] == [
        "Changes not saved yet are kept for “Alpha”: choose it above to go on with them, or to drop them."]
    ok(at.selectbox(key="ws_det_source").set_value("alpha").run())
    assert at.text_input(key="ws_det_publisher").value == "A press"
    assert UNSAVED.format("this source's details") in warnings(at)

    ok(at.switch_page(PAGE.format("build_historians")).run())
    at.text_input(key="ws_hist_edit_about").input("A writer of the 1960s")
    ok(at.run())
    assert UNSAVED.format("this historian") in warnings(at)

    ok(at.switch_page(PAGE.format("build_events")).run())
    ok(at.selectbox(key="ws_tl_event").set_value("bad_harvest").run())
    at.text_input(key="ws_tl_title").input("The harvest fails badly")
    ok(at.selectbox(key="ws_tl_event").set_value("").run())
    assert at.text_input(key="ws_tl_title").value == ""
    ok(at.selectbox(key="ws_tl_event").set_value("bad_harvest").run())
    assert at.text_input(key="ws_tl_title").value == "The harvest fails badly"
    assert UNSAVED.format("this event") in warnings(at)


READ_ONLY = ("This case comes with the explorer and is not changed here. Start a new case, or make a copy of it to "
             "change.")


def test_a_school_servers_case_is_not_changed_from_the_workshop_and_a_copy_is_one_click(school: AppTest,
                                                                                       tmp_path: Path) -> None:
    at = school
    served = tmp_path / "served"
    before = {p.relative_to(served): p.read_bytes() for p in served.rglob("*") if p.is_file()}
    ok(at.switch_page(PAGE.format("build_case")).run())
    assert at.expander[0].label == "Start a new case"  # first, and open
    assert [said(i.value) for i in at.info] == [READ_ONLY]
    assert not [t for t in at.text_input if t.key == "ws_info_title"]  # no form of the served case
    assert not [b for b in at.button if b.label in ("Save the case", "Add the source")]
    for name in ("build_thesis", "build_passages", "build_historians", "build_events"):
        ok(at.switch_page(PAGE.format(name)).run())
        assert [said(i.value) for i in at.info] == [READ_ONLY], name
        assert not [b for b in at.button if b.key and b.key.endswith(("_save", "ws_record"))], name
    ok(at.button(key="ws_copy_case").click().run())
    assert successes(at) == [("Saved: copy the case “A small case” into the workshop, as “served_copy”. You are changing "
                             "the copy now: the case that comes with the explorer stays as it was.")]
    assert at.selectbox(key="ws_case_pick").value == "served_copy"
    assert at.query_params["case"] == "served_copy"
    copy = tmp_path / "cases" / "served_copy"
    assert load_case(copy)[1] == load_case(served)[1] == []
    assert load_case(copy)[0].info.title == "A small case (your copy)"  # the case list tells them apart
    assert load_case(served)[0].info.title == "A small case"
    assert (copy / "theses" / "harvest.yaml").read_text() == (served / "theses" / "harvest.yaml").read_text()
    assert READ_ONLY not in [said(i.value) for i in at.info]
    at.query_params["thesis"] = "harvest"
    ok(at.switch_page(PAGE.format("build_thesis")).run())
    at.text_input(key="ws_th_title").input("The harvest fails")  # the copy is changed, the served case is not
    ok(button(at, "Save the changes").click().run())
    assert "title: The harvest fails\n" in (copy / "theses" / "harvest.yaml").read_text()
    assert {p.relative_to(served): p.read_bytes() for p in served.rglob("*") if p.is_file()} == before
    ok(at.switch_page(PAGE.format("build_case")).run())
    assert at.expander[0].label == "Start a new case" and not at.expander[0].proto.expanded  # its own case: folded
