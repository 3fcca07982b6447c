"""AppTest of the class debate: set up a room, run it from the console, vote as a student, read a brief."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer import debate
from explorer.store import PollStore, is_participant

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "polls.sqlite3"
    monkeypatch.setenv("EXPLORER_POLL_DB", str(path))
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    return path


def session(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(f"explorer/ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def create_room(at: AppTest, team_name: str | None = None) -> str:
    if team_name is not None:
        at.text_input(key="team_lost_authority").set_value(team_name)
    at.button(key="create_room").click().run()
    assert not at.exception
    message = at.success[0].value
    return re.fullmatch(r"The debate room is ready\. Join code: ([A-Z0-9]{6})", message).group(1)


def test_setup_creates_a_room_with_a_private_key(db: Path) -> None:
    at = session("debate_setup")
    assert at.multiselect(key="debate_theses").value == ["lost_authority", "lost_prestige", "hardliner_backlash"]
    code = create_room(at)
    key = at.session_state["moderator_keys"][code]
    assert [c.value for c in at.code] == [key]
    room = PollStore(db).room(code)
    assert room.setup.theses == ["lost_authority", "lost_prestige", "hardliner_backlash"]
    assert [t.name for t in room.setup.teams] == ["Team A", "Team B", "Team C"]
    assert [r.name for r in room.setup.rounds][:2] == ["Opening statements", "Rebuttals"]


def test_setup_refuses_one_thesis(db: Path) -> None:
    at = session("debate_setup")
    at.multiselect(key="debate_theses").set_value(["agriculture"]).run()
    at.button(key="create_room").click().run()
    assert [e.value for e in at.error] == ["Choose two to six explanations."]


def test_console_runs_the_debate_and_a_student_votes(db: Path) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher)
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    assert not teacher.exception
    page_text = " ".join(h.proto.body for h in teacher.get("html"))
    assert code in page_text and "4:00" in page_text and "Opening statements" in page_text
    teacher.button(key="open_before").click().run()
    assert PollStore(db).room(code).state.phases["before"] == "open"

    student = session("vote", room=code.lower())
    assert student.subheader[0].value == "Before the debate"
    student.radio(key="pick_before").set_value("lost_prestige").run()
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    student.radio(key="pick_before").set_value("hardliner_backlash").run()
    student.button(key="send_vote").click().run()
    assert PollStore(db).ballots(code, "before") == [{"hardliner_backlash": 1.0}]  # changed, not added

    teacher.run()
    assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)
    teacher.button(key="close_before").click().run()
    student.run()
    assert student.info[0].value == ("The poll before the debate is closed. Keep this page open for the poll "
                                     "after the debate.")

    teacher.button(key="next_round").click().run()
    assert PollStore(db).room(code).state.round == 1


def test_console_without_the_key_only_watches(db: Path) -> None:
    code = create_room(session("debate_setup"))
    visitor = session("moderate", room=code)
    assert visitor.info[0].value.startswith("You are watching this debate")
    assert not [b for b in visitor.button if b.key == "open_before"]
    visitor.text_input(key="console_key").set_value("wrong")
    visitor.button(key="console_unlock").click().run()
    assert [e.value for e in visitor.error] == ["That is not the moderator key of this debate."]


def test_unknown_room_code(db: Path) -> None:
    student = session("vote", room="NOPE99")
    assert [e.value for e in student.error] == ["No debate has the code NOPE99; check the code on the board"]


def test_team_names_are_shown_as_text(db: Path) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher, team_name="**Bold** <b>team</b>")
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    shown = [m.value for m in teacher.markdown if "team" in m.value.lower() and "defends" in m.value]
    assert shown[0].startswith(r"**\*\*Bold\*\* \<b>team\</b>** defends")


def test_brief_page_for_a_room(db: Path) -> None:
    code = create_room(session("debate_setup"))
    at = session("briefs", room=code, thesis="lost_prestige")
    assert at.header[0].value == "Setbacks abroad and the loss of prestige, Cuba above all"
    assert at.selectbox(key="thesis").options == [
        "A cumulative loss of authority among his colleagues", "Setbacks abroad and the loss of prestige, Cuba above all",
        "Backlash of party hardliners against his reforms"]
    assert [s.value for s in at.subheader][:3] == ["Your best evidence", "What you will face", "Your rivals"]
    assert "**The ranking turns on how you read these passages:**" in [m.value for m in at.markdown]
    assert any(e.label.startswith("Background for your thesis") for e in at.expander)


def test_a_thesis_in_play_that_stops_loading_keeps_the_debate_running(db: Path, tmp_path: Path, monkeypatch) -> None:
    case = tmp_path / "case"
    shutil.copytree(ROOT / "claims", case)
    monkeypatch.setenv("EXPLORER_CASE", str(case))
    teacher = session("debate_setup")
    code = create_room(teacher)
    key = teacher.session_state["moderator_keys"][code]
    PollStore(db).update(code, key, lambda s, now: debate.set_phase(now, "before", "open"))
    PollStore(db).cast(code, "before", "phone-0001", {"lost_prestige": 1})
    claim = case / "theses" / "lost_prestige.yaml"
    claim.write_text(claim.read_text().replace("title:", "title: [a typo", 1))  # the file no longer parses

    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert [w.value for w in teacher.warning if "is in play" in w.value] == [
        ("“Setbacks abroad and the loss of prestige, Cuba above all” is in play, but its claim file does not load "
        "now. The poll goes on under its name; the evidence engine leaves it out until the file is fixed (see "
        "the Problems page).")]
    assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)

    student = session("vote", room=code)
    assert student.radio(key="pick_before").options[1] == "Setbacks abroad and the loss of prestige, Cuba above all (Team B)"

    briefs = session("briefs", room=code)
    assert briefs.selectbox(key="thesis").options == [
        "A cumulative loss of authority among his colleagues", "Backlash of party hardliners against his reforms"]
    assert [w.value for w in briefs.warning if "is in play" in w.value] == [
        ("“Setbacks abroad and the loss of prestige, Cuba above all” is in play, but its claim file does not load "
        "now, so it has no brief and the others are weighed without it (see the Problems page).")]


@pytest.mark.parametrize("me", ["ééééééééé", "abc\ndefgh", "x" * 65, "short"])
def test_a_device_id_the_store_would_refuse_is_replaced(db: Path, me: str) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher)
    key = teacher.session_state["moderator_keys"][code]
    PollStore(db).update(code, key, lambda s, now: debate.set_phase(now, "before", "open"))
    student = session("vote", room=code, me=me)
    given = student.query_params["me"]
    given = given[0] if isinstance(given, list) else given
    assert given != me and is_participant(given)
    student.radio(key="pick_before").set_value("lost_prestige").run()
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    assert PollStore(db).counts(code)["before"] == 1
