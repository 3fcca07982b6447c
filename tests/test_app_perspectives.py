"""AppTest of class perspectives: a student weighs the evidence from the phone page, another sends an order, and the
console's companion shows the class beside the engine with its downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_debate import ROOT, create_room, session

from explorer.classroom import debate
from explorer.classroom.perspective import Perspective
from explorer.classroom.store import SQLiteStore


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "polls.sqlite3"
    monkeypatch.setenv("EXPLORER_POLL_DB", str(path))
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    return path


DOWNLOADS = ("Lesson record: a page to print", "Lesson record: Word", "Lesson record: Markdown",
             "Ballots and weighings (CSV)")


def open_room(db: Path):
    teacher = session("debate_setup")
    code = create_room(teacher)
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    teacher.button(key="open_before").click().run()
    assert not teacher.exception
    return teacher, code


def test_a_student_weighs_the_evidence_and_sees_their_ranking(db: Path) -> None:
    teacher, code = open_room(db)
    student = session("perspective", room=code.lower())
    assert student.title[0].value == "Weigh the evidence yourself"
    assert student.subheader[0].value == "Before the debate"
    sliders = [s.key for s in student.slider]
    assert sliders[-4:] == ["weigh_w_support", "weigh_w_corroboration", "weigh_w_backing", "weigh_w_contestation"]
    student.slider(key="weigh_w_backing").set_value(4.0).run()
    student.toggle(key="weigh_background").set_value(True).run()
    student.button(key="send_perspective").click().run()
    assert not student.exception, [e.value for e in student.exception]
    assert student.success[0].value == "Sent. You can change it until the poll closes."
    [(who, sent)] = SQLiteStore(db).sent_perspectives(code, "before")
    assert who == student.session_state["participant"]
    assert sent.weights["backing"] == 4.0 and sent.points == {1: 1.0}
    assert student.subheader[1].value == "Your ranking beside the class's and the engine's"
    table = student.table[0].value
    # no other student yet: the class's column would be this student's own ranking, so it is not shown
    assert list(table.columns) == ["Explanation", "You", "The engine"]
    assert table["Explanation"][0] == "Setbacks abroad and the loss of prestige, Cuba above all"
    assert list(table["The engine"]) == ["1st", "2nd", "3rd"]
    assert list(table["You"]) == ["1st", "3rd", "2nd"]  # backing 4, background on: prestige, backlash, style
    assert any(c.value.endswith("The class's ranking shows once at least 3 other students have sent theirs (so "
                                "far: 0), so that no one's ranking can be read from it.") for c in student.caption)
    said = [m.value for m in student.markdown]
    assert not any("With the class" in m for m in said)
    assert "- With the engine: **+0.33**" in said  # (2 pairs in the same order - 1 reversed) / 3
    # background put back off alone: style and backlash change places; backing put back alone swaps one pair too
    # (prestige and backlash), but background's change is the whole of its 0..1 scale, backing's 3.5 of 0..5
    assert ("**The setting that makes the biggest difference:** What a background passage counts for. You chose "
            "on, the engine off; put back to off, two explanations change places in your ranking.") in said
    student.run()
    assert student.button(key="send_perspective").label == "Change what I sent"

    other = session("perspective", room=code)
    other.radio(key="weigh_way").set_value("order").run()
    assert other.button(key="send_perspective").disabled  # not until every place is filled
    other.radio(key="weigh_place_1").set_value("hardliner_backlash").run()
    assert other.radio(key="weigh_place_hardliner_backlash").options == [
        "Setbacks abroad and the loss of prestige, Cuba above all",
        "His erratic personal and administrative style"]
    other.radio(key="weigh_place_hardliner_backlash").set_value("lost_prestige").run()
    assert "3rd: His erratic personal and administrative style" in [m.value for m in other.markdown]
    other.button(key="send_perspective").click().run()
    assert not other.exception
    assert SQLiteStore(db).perspectives(code, "before")[1] == Perspective(
        order=("hardliner_backlash", "lost_prestige", "personal_style"))
    assert "own order" in " ".join(c.value for c in other.caption)

    teacher.switch_page("explorer/ui/pages/class_view.py").run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert teacher.title[0].value == "Class perspectives"
    assert any("Before the debate: **2** weighings" in m.value for m in teacher.markdown)
    shown = teacher.table[0].value  # a table that wraps its text, so that it fits a projector's 1280 px
    assert list(shown.columns) == ["Explanation", "The engine (default settings)", "The class (average place)",
                                   "The engine on the class's typical settings", "Students who put it first"]
    # prestige, style, backlash: the first student puts prestige first, the second backlash
    assert list(shown["Students who put it first"]) == ["1", "0", "1"]
    assert list(shown["The engine (default settings)"]) == ["1st", "2nd", "3rd"]
    # average places: prestige (1 + 2) / 2, style (3 + 3) / 2, backlash (2 + 1) / 2: tied with prestige
    assert list(shown["The class (average place)"]) == ["=1st (1.50)", "3rd (3.00)", "=1st (1.50)"]
    assert list(shown["The engine on the class's typical settings"]) == ["1st", "3rd", "2nd"]  # the one weighing
    assert "Only one student weighed the sources, so there is no spread to show." in [
        m.value for m in teacher.markdown]
    # the page shows the lesson's record, as it prints: the passages that decide, each bearing said by one function
    said = [m.value for m in teacher.markdown]
    assert "The passages that decide between the class's top two" in [s.value for s in teacher.subheader]
    assert any(m.startswith("**How it bears on the two:** counts ") for m in said)
    [each] = [t.value for t in teacher.table if "Their ranking" in t.value.columns]
    assert list(each.columns) == ["Student", "How", "Their ranking"]  # three columns, whatever the number in play
    assert sorted(zip(each["How"], each["Their ranking"], strict=True)) == [
        ("own order", ("1st Backlash of party hardliners against his reforms; 2nd Setbacks abroad and the loss of "
         "prestige, Cuba above all; 3rd His erratic personal and administrative style")),
        ("weighing", ("1st Setbacks abroad and the loss of prestige, Cuba above all; 2nd Backlash of party "
         "hardliners against his reforms; 3rd His erratic personal and administrative style"))]
    assert sorted(each["Student"]) == ["P1", "P2"]
    assert [d.label for d in teacher.get("download_button")] == list(DOWNLOADS)


def test_the_companion_needs_the_moderator_key(db: Path) -> None:
    _, code = open_room(db)
    visitor = session("class_view", room=code)
    assert visitor.info[0].value.startswith("The class's perspectives are for the moderator")
    assert not visitor.get("download_button")
    visitor.text_input(key="perspectives_key").set_value("wrong")
    visitor.button(key="perspectives_unlock").click().run()
    assert [e.value for e in visitor.error] == ["That is not the moderator key of this debate."]


def test_the_student_page_waits_for_an_open_poll_and_refuses_unknown_codes(db: Path) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher)
    student = session("perspective", room=code)
    assert student.info[0].value == (
        "The poll is not open yet. Keep this page open: press the button when your teacher opens it.")
    key = teacher.session_state["moderator_keys"][code]
    SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(debate.set_phase(state, "before", "open"),
                                                                       "before", "closed"))
    student.button(key="check_again").click().run()
    assert student.info[0].value == ("The poll before the debate is closed. Keep this page open for the poll after "
                                     "the debate.")
    lost = session("perspective", room="NOPE99")
    assert [e.value for e in lost.error] == ["No debate has the code NOPE99; check the code on the board"]


def test_the_perspective_pages_show_case_text_as_text(monkeypatch, tmp_path: Path, hostile_case: Path) -> None:
    import re

    from test_app import app_for, check_page

    monkeypatch.setenv("EXPLORER_POLL_DB", str(tmp_path / "polls.sqlite3"))
    team = "**Team** <img src=x> :red[A]"
    teacher = app_for(hostile_case, monkeypatch).run()
    teacher.switch_page("explorer/ui/pages/debate_setup.py").run()
    teacher.text_input(key="team_harvest").set_value(team)
    teacher.button(key="create_room").click().run()
    code = re.fullmatch(r"The debate room is ready\. Join code: ([A-Z0-9]{6})", teacher.success[0].value).group(1)
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    teacher.button(key="open_before").click().run()

    student = app_for(hostile_case, monkeypatch).run()
    student.query_params["room"] = code
    student.switch_page("explorer/ui/pages/perspective.py").run()
    check_page(student, "weigh")  # the sources' names on the trust sliders
    student.slider(key="weigh_t_alpha").set_value(1.0).run()
    student.button(key="send_perspective").click().run()
    check_page(student, "weigh, sent")
    friend = app_for(hostile_case, monkeypatch).run()
    friend.query_params["room"] = code
    friend.switch_page("explorer/ui/pages/perspective.py").run()
    friend.radio(key="weigh_way").set_value("order").run()
    check_page(friend, "weigh, an order")  # the explanations as the radios' options
    friend.radio(key="weigh_place_1").set_value("prestige").run()
    friend.button(key="send_perspective").click().run()
    check_page(friend, "weigh, an order sent")

    teacher.switch_page("explorer/ui/pages/class_view.py").run()
    shown = check_page(teacher, "class perspectives")
    assert any("weighings" in text for text in shown["markdown"])


def test_a_crafted_join_link_shows_its_code_as_text_on_the_perspective_pages(monkeypatch, tmp_path: Path) -> None:
    from test_app import CRAFTED_ROOM, app_for, check_page

    monkeypatch.setenv("EXPLORER_POLL_DB", str(tmp_path / "polls.sqlite3"))
    for name in ("perspective", "class_view"):
        at = app_for(ROOT / "claims", monkeypatch).run()
        at.query_params["room"] = CRAFTED_ROOM
        at.switch_page(f"explorer/ui/pages/{name}.py").run()
        check_page(at, name, must_show="[FREEPIZZA](HTTPS://EVIL.EXAMPLE)")
        assert at.error[0].value.startswith(r"No debate has the code \[FREEPIZZA\](HTTPS:" + "\u2060")


def test_the_class_shows_on_a_students_page_once_three_others_have_sent(db: Path) -> None:
    _, code = open_room(db)
    store = SQLiteStore(db)
    for i, order in enumerate([("personal_style", "lost_prestige", "hardliner_backlash"),
                               ("personal_style", "hardliner_backlash", "lost_prestige")]):
        store.send_perspective(code, "before", f"other-device-{i}", Perspective(order=order))
    student = session("perspective", room=code)
    student.button(key="send_perspective").click().run()  # the engine's settings: prestige, style, backlash
    assert list(student.table[0].value.columns) == ["Explanation", "You", "The engine"]  # two others: not yet
    store.send_perspective(code, "before", "other-device-2", Perspective(order=("hardliner_backlash",)))
    student.run()
    table = student.table[0].value
    assert list(table.columns) == ["Explanation", "You", "The class", "The engine"]
    # the last order names only backlash: the others follow in the engine's order (prestige, style). Mean
    # places of the four: prestige (1 + 2 + 3 + 2) / 4 = 2, style (2 + 1 + 1 + 3) / 4 = 1.75, backlash 2.25
    assert list(table["The class"]) == ["2nd", "1st", "3rd"]
    assert any(c.value.startswith("Places 1st to 3rd; =1st is a shared place. The class: the average place of 4 "
                                  "students' rankings so far") for c in student.caption)


def test_the_downloads_are_offered_when_fewer_than_two_explanations_load(db: Path, tmp_path: Path,
                                                                         monkeypatch) -> None:
    import shutil

    teacher, _ = open_room(db)
    broken = tmp_path / "claims"
    shutil.copytree(ROOT / "claims", broken)
    for thesis in ("lost_prestige", "personal_style"):  # two of the three in play
        (broken / "theses" / f"{thesis}.yaml").unlink()
    monkeypatch.setenv("EXPLORER_CASE", str(broken))
    teacher.switch_page("explorer/ui/pages/class_view.py").run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert [w.value for w in teacher.warning] == [
        "Fewer than two of this debate's explanations load now: the engine cannot rank them."]
    assert [d.label for d in teacher.get("download_button")] == list(DOWNLOADS)


def test_what_changed_is_over_the_students_who_answered_both_polls(db: Path) -> None:
    teacher, code = open_room(db)
    store = SQLiteStore(db)
    store.send_perspective(code, "before", "device-one", Perspective(order=("lost_prestige",)))
    store.send_perspective(code, "before", "device-two", Perspective(order=("hardliner_backlash",)))
    key = teacher.session_state["moderator_keys"][code]
    store.update(code, key, lambda s, state: debate.set_phase(debate.set_phase(state, "before", "closed"),
                                                              "after", "open"))
    store.send_perspective(code, "after", "device-two", Perspective(order=("lost_prestige",)))
    teacher.switch_page("explorer/ui/pages/class_view.py").run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    said = [m.value for m in teacher.markdown]
    assert ("Students in the poll before the debate: 2; after it: 1; in both: 1. The changes are over the 1 "
            "student who answered both.") in said
    [change] = [d.value for d in teacher.table if "First for, before" in d.value.columns]
    # device-two alone: backlash first before, prestige first after
    assert list(change["First for, before"]) == ["0", "0", "1"] and list(change["First for, after"]) == ["1", "0", "0"]


def test_a_weighing_that_counts_nothing_ties_every_explanation(db: Path) -> None:
    _, code = open_room(db)
    student = session("perspective", room=code)
    for criterion in ("support", "corroboration", "backing", "contestation"):
        student.slider(key=f"weigh_w_{criterion}").set_value(0.0).run()
    student.button(key="send_perspective").click().run()
    assert not student.exception, [e.value for e in student.exception]
    assert list(student.table[0].value["You"]) == ["=1st", "=1st", "=1st"]
    assert [w.value for w in student.warning] == [
        ("Every explanation scores 0 on your settings (every criterion counts 0, or you trust no source), so your "
        "ranking puts them all level.")]
    said = [m.value for m in student.markdown]
    assert not any(m.startswith("- With the engine") for m in said)  # no order to compare


def test_a_students_weighing_opens_only_with_their_own_cookie(db: Path) -> None:
    _teacher, code = open_room(db)
    student = session("perspective", room=code)
    student.button(key="send_perspective").click().run()
    [(who, _)] = SQLiteStore(db).sent_perspectives(code, "before")
    # a link carrying the student's id (copied, or made by someone who learnt it) opens a new, empty weighing
    other = session("perspective", room=code, me=who)
    assert not other.exception
    assert other.session_state["participant"] != who
    assert "me" not in other.query_params
    assert other.button(key="send_perspective").label == "Send my weighing"
