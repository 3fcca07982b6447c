"""AppTest of the class debate: set up a room, run it from the console, vote as a student, read a brief."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from engines import postgres_schema, postgres_server, read_only_folder, sqlite_locked
from streamlit.testing.v1 import AppTest

from explorer.classroom import debate
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import STUDENT_UNAVAILABLE, SQLiteStore, is_participant, open_store

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


def open_room() -> str:
    """A room made on the set-up page, its poll before the debate opened on the console: its code."""
    teacher = session("debate_setup")
    code = create_room(teacher)
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    teacher.button(key="open_before").click().run()
    return code


def create_room(at: AppTest, team_name: str | None = None, theses: list[str] | None = None) -> str:
    if theses is not None:
        at.multiselect(key="debate_theses").set_value(theses).run()
        for n, thesis in enumerate(theses):  # each team named for its place, whatever the boxes kept
            at.text_input(key=f"team_{thesis}").set_value(f"Team {'ABCDEF'[n]}")
    if team_name is not None:
        at.text_input(key="team_lost_prestige").set_value(team_name)  # the first team's
    at.button(key="create_room").click().run()
    assert not at.exception
    message = at.success[0].value
    return re.fullmatch(r"The debate room is ready\. Join code: ([A-Z0-9]{6})", message).group(1)


def test_setup_creates_a_room_with_a_private_key(db: Path) -> None:
    at = session("debate_setup")
    assert at.multiselect(key="debate_theses").value == ["lost_prestige", "personal_style", "hardliner_backlash"]
    code = create_room(at)
    key = at.session_state["moderator_keys"][code]
    assert [c.value for c in at.code] == [key]
    room = SQLiteStore(db).room(code)
    assert room.setup.theses == ["lost_prestige", "personal_style", "hardliner_backlash"]
    assert [t.name for t in room.setup.teams] == ["Team A", "Team B", "Team C"]
    assert [r.name for r in room.setup.rounds][:2] == ["Opening statements", "Rebuttals"]


def test_a_changed_choice_never_leaves_two_teams_with_the_same_default_name(db: Path) -> None:
    at = session("debate_setup")
    names = lambda: [t.value for t in at.text_input if t.key and t.key.startswith("team_")]
    assert names() == ["Team A", "Team B", "Team C"]
    at.text_input(key="team_personal_style").input("The Stylists").run()
    at.multiselect(key="debate_theses").set_value(["lost_prestige", "hardliner_backlash", "personal_style",
                                                   "lost_authority"]).run()
    assert names() == ["Team A", "Team B", "The Stylists", "Team D"]  # typed names stay; the others follow


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
    assert SQLiteStore(db).room(code).state.phases["before"] == "open"

    student = session("vote", room=code.lower())
    assert student.subheader[0].value == "Before the debate"
    student.radio(key="pick_before").set_value("lost_prestige").run()
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    student.radio(key="pick_before").set_value("personal_style").run()
    student.button(key="send_vote").click().run()
    assert SQLiteStore(db).ballots(code, "before") == [{"personal_style": 1.0}]  # changed, not added

    teacher.run()
    assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)
    teacher.button(key="close_before").click().run()
    student.run()
    assert student.info[0].value == ("The poll before the debate is closed. Keep this page open for the poll "
                                     "after the debate.")

    teacher.button(key="next_turn").click().run()  # Team A has spoken: Team B's turn, its clock at its full length
    state = SQLiteStore(db).room(code).state
    assert (state.round, state.turn) == (0, 1)
    assert "Team B speaks (paused)" in " ".join(h.proto.body for h in teacher.get("html"))


def run_console(db: Path) -> tuple[AppTest, str]:
    """The set-up page's session, moved to the console of the room it made (it holds the key)."""
    teacher = session("debate_setup")
    code = create_room(teacher)
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    return teacher, code


def chart_keys(at: AppTest) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


def test_the_console_hides_a_polls_results_until_it_closes_or_the_teacher_shows_them(db: Path) -> None:
    teacher, code = run_console(db)
    teacher.button(key="open_before").click().run()
    store = SQLiteStore(db)
    for n, thesis in enumerate(["lost_prestige", "lost_prestige", "personal_style"]):
        store.cast(code, "before", f"{n + 1:032x}", {thesis: 1})
    teacher.run()
    assert any("Before the debate: **3** ballots" in m.value for m in teacher.markdown)
    assert [c.value for c in teacher.caption if c.value.startswith("Results hidden")] == [
        ("Results hidden while the poll is open, so that later votes are not swayed by earlier ones. They show when "
        "you close it.")]
    assert teacher.get("plotly_chart") == []
    teacher.button(key="reveal_before").click().run()
    assert SQLiteStore(db).room(code).state.revealed == ["before"]
    assert len(teacher.get("plotly_chart")) == 2  # the votes, and the class beside the engine below
    teacher.button(key="reveal_before").click().run()  # hidden again
    assert teacher.get("plotly_chart") == []
    teacher.button(key="close_before").click().run()
    assert len(teacher.get("plotly_chart")) == 2 and not [c for c in teacher.caption if "hidden" in c.value]


def test_the_teacher_sets_the_speaking_order_of_a_round(db: Path) -> None:
    teacher, code = run_console(db)
    teacher.multiselect(key="order_0").set_value(["Team C", "Team A", "Team B"]).run()
    teacher.button(key="set_order").click().run()
    state = SQLiteStore(db).room(code).state
    assert debate.speaking_order(SQLiteStore(db).room(code).setup, state) == [2, 0, 1]
    assert state.turn == 1  # Team A was speaking, and keeps the floor
    page_text = " ".join(h.proto.body for h in teacher.get("html"))
    assert "1. Team C" in page_text and "Team A speaks (paused)" in page_text


def test_the_console_is_made_for_the_projector_and_can_show_the_menu(db: Path) -> None:
    teacher, _code = run_console(db)
    styles = " ".join(h.proto.body for h in teacher.get("html"))
    assert "[data-testid='stSidebar']" in styles and "display:none" in styles
    teacher.query_params["menu"] = "1"
    teacher.run()
    assert "[data-testid='stSidebar']" not in " ".join(h.proto.body for h in teacher.get("html"))


def test_the_class_servers_menu_is_the_students(monkeypatch) -> None:
    import sys

    from explorer.ui import audience

    assert audience.for_class(["--case", "claims", "--class"]) and not audience.for_class(["--case", "claims"])
    monkeypatch.setattr(sys, "argv", ["app.py", "--case", "claims"])
    assert audience.workshop_pages() == "visible"
    monkeypatch.setattr(sys, "argv", ["app.py", "--case", "claims", "--class"])
    assert audience.workshop_pages() == "hidden"
    monkeypatch.setattr(sys, "argv", ["app.py", "--no-workshop"])
    assert audience.workshop_pages() == "hidden"


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
    # three explanations of which the second has passages that would move it either way (in the default three,
    # the first three of the ranking, the second has none to defend)
    code = create_room(session("debate_setup"), theses=["lost_prestige", "lost_authority", "hardliner_backlash"])
    at = session("briefs", room=code, thesis="lost_authority")
    assert at.title[0].value == "Team briefs"  # as the navigation names the page
    # the team's brief, titled by its team, as it prints
    assert at.header[0].value == "Team B: A loss of confidence in him as leader, beyond any one grievance"
    assert at.selectbox(key="thesis").options == [
        "Team A: Setbacks abroad and the loss of prestige, Cuba above all",
        "Team B: A loss of confidence in him as leader, beyond any one grievance",
        "Team C: Backlash of party hardliners against his reforms"]
    assert [s.value for s in at.subheader] == [
        "Print all briefs", "Your best evidence", "What the other teams will say against you",
        "The passages that decide the debate for you", "Your rivals", "Cross-examination: questions to ask",
        "Can you trust these sources?"]
    assert [d.label for d in at.get("download_button")] == [
        "All briefs: a page to print (HTML)", "All briefs: Word", "This brief: Markdown",
        "This brief: a page to print", "This brief: Word"]
    # the team's version: a passage's source and what it is, never a weight or a reference
    captions = [c.value for c in at.caption]
    assert "Khrushchev Falls from Power · reference work · has recorded faults" in captions
    said = captions + [m.value for m in at.markdown]
    assert not any(re.search(r"weight \d", m) for m in said)
    # authority is second of three: what would drop it below backlash, what would lift it above prestige
    decide = next(m.value for m in at.markdown if m.value.startswith("- Defend ")).split("\n")
    # the teams' version: the whole passage, and what its loss does without places (no verdict to hand out)
    assert len(decide) == 4 and decide[0] == (
        "- Defend “Khrushchev’s years in power were characterized by numerous policy failures from the perspective of "
        "the other Soviet leaders.” (Khrushchev Falls from Power): without it, “Backlash of party hardliners against "
        "his reforms” would overtake your explanation.")
    assert decide[2] == ("- Attack “By 1964, discontent among the party faithful and concern over Khrushchev's "
                         "handling of various crises, including the Cuban Missile Crisis, had grown.” (Khrushchev "
                         "Retires from Soviet Leadership): without it, your explanation would overtake “Setbacks "
                         "abroad and the loss of prestige, Cuba above all”.")
    from test_brief import internal_codes

    from explorer.load import load_case

    claims, _ = load_case(ROOT / "claims")
    assert [m for m in said if internal_codes(m, claims)] == []
    # the teacher's version: the answer key first, and each passage's weight
    at.toggle(key="brief_teacher").set_value(True).run()
    assert [s.value for s in at.subheader][1] == "For the teacher: the answer key"
    assert "Khrushchev Falls from Power · reference work · has recorded faults · supports, relevant, weight 1.12" in [
        c.value for c in at.caption]
    assert any(m.value.startswith("**What the evidence engine thinks.** “") for m in at.markdown)


def test_the_set_up_page_and_the_console_link_to_the_briefs(db: Path) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher)
    links = {link.label: link for link in teacher.get("page_link")}
    assert "Print all the team briefs (one for each team)" in links
    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    assert "Team briefs: print them all" in [link.label for link in teacher.get("page_link")]
    # the lesson's record is downloadable from the console too
    assert {"Lesson record: a page to print", "Lesson record: Word"} <= {d.label for d in teacher.get("download_button")}


def test_a_thesis_in_play_that_stops_loading_keeps_the_debate_running(db: Path, tmp_path: Path, monkeypatch) -> None:
    case = tmp_path / "case"
    shutil.copytree(ROOT / "claims", case)
    monkeypatch.setenv("EXPLORER_CASE", str(case))
    teacher = session("debate_setup")
    code = create_room(teacher)
    key = teacher.session_state["moderator_keys"][code]
    SQLiteStore(db).update(code, key, lambda s, now: debate.set_phase(now, "before", "open"))
    SQLiteStore(db).cast(code, "before", "phone-0001", {"lost_prestige": 1})
    claim = case / "theses" / "lost_prestige.yaml"
    claim.write_text(claim.read_text().replace("title:", "title: [a typo", 1))  # the file no longer parses

    teacher.query_params["room"] = code
    teacher.switch_page("explorer/ui/pages/moderate.py").run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert [w.value for w in teacher.warning if "is in play" in w.value] == [
        ("“Setbacks abroad and the loss of prestige, Cuba above all” is in play, but its file has a problem. "
        "The poll goes on under its name; the evidence engine leaves it out until the file is fixed (see "
        "the Problems page).")]
    assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)

    student = session("vote", room=code)
    assert student.radio(key="pick_before").options[0] == "Setbacks abroad and the loss of prestige, Cuba above all (Team A)"

    briefs = session("briefs", room=code)
    assert briefs.selectbox(key="thesis").options == [
        "Team B: His erratic personal and administrative style",
        "Team C: Backlash of party hardliners against his reforms"]
    assert [w.value for w in briefs.warning if "is in play" in w.value] == [
        ("“Setbacks abroad and the loss of prestige, Cuba above all” is in play, but its file has a problem, so it "
        "has no brief and the others are weighed without it (see the Problems page).")]


@pytest.mark.parametrize("me", ["ééééééééé", "abc\ndefgh", "x" * 65, "short", "aaaaaaaa", "attackerknownid0001"])
def test_a_device_id_the_store_would_refuse_is_replaced(db: Path, me: str) -> None:
    teacher = session("debate_setup")
    code = create_room(teacher)
    key = teacher.session_state["moderator_keys"][code]
    SQLiteStore(db).update(code, key, lambda s, now: debate.set_phase(now, "before", "open"))
    student = session("vote", room=code, me=me)
    given = student.query_params["me"]
    given = given[0] if isinstance(given, list) else given
    assert given != me and is_participant(given)
    student.radio(key="pick_before").set_value("lost_prestige").run()
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    assert SQLiteStore(db).counts(code)["before"] == 1
# --- the store failing during a debate: a plain message on every debate page, never a traceback -------------


@pytest.fixture
def quick(db: Path, monkeypatch) -> Path:
    monkeypatch.setenv("EXPLORER_POLL_BUSY_SECONDS", "0.3")  # a lock gives up in 0.3 s instead of 10
    return db


def room_open_for_votes(db: Path) -> tuple[str, str]:
    store = SQLiteStore(db)
    code, key = store.create_room(Setup(theses=["lost_authority", "lost_prestige"],
                                        teams=[Team(name="Reds", thesis="lost_authority")],
                                        rounds=[Round(name="Opening", minutes=3)]))
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    return code, key


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_a_busy_poll_says_so_calmly_and_keeps_the_choice(quick: Path) -> None:
    code, _ = room_open_for_votes(quick)
    student = session("vote", room=code)
    student.radio(key="pick_before").set_value("lost_prestige").run()
    with sqlite_locked(quick):
        student.button(key="send_vote").click().run()
        no_traceback(student)
        assert [e.value for e in student.error] == ["The poll is busy, try again. Your choice is kept here."]
        assert student.radio(key="pick_before").value == "lost_prestige"
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    assert SQLiteStore(quick).ballots(code, "before") == [{"lost_prestige": 1.0}]


def test_an_unwritable_poll_keeps_the_ballot_and_tells_the_moderator(quick: Path) -> None:
    code, key = room_open_for_votes(quick)
    student = session("vote", room=code)
    student.radio(key="pick_before").set_value("lost_prestige").run()
    teacher = session("moderate", room=code)
    teacher.session_state["moderator_keys"] = {code: key}
    with read_only_folder(quick.parent):
        student.button(key="send_vote").click().run()
        no_traceback(student)
        assert [e.value for e in student.error] == [
            ("Your vote could not be saved: the poll cannot record votes just now. Your choice is kept here; tell "
            "your teacher, and send it again when they say.")]
        assert student.radio(key="pick_before").value == "lost_prestige"
        student.run()  # a rerun while the folder is read-only still shows the form with the choice
        no_traceback(student)
        assert student.radio(key="pick_before").value == "lost_prestige"
        teacher.run()
        no_traceback(teacher)
        assert [e.value for e in teacher.error] == [
            (f"The last vote or change could not be saved. The poll cannot be saved: the app may not write in "
            f"{quick.parent} (unable to open database file); make that folder writable for the app, or start it "
            "with --poll-db naming a file in a folder it can write.")]
        teacher.button(key="close_before").click().run()  # the moderator's own action fails the same calm way
        no_traceback(teacher)
        assert next(e.value for e in teacher.error).startswith("The poll cannot be saved: the app may not write in")
    student.button(key="send_vote").click().run()
    assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
    teacher.run()
    assert not teacher.error  # a write went through: the console's warning is gone


def test_a_poll_database_deleted_during_a_debate_is_made_again_and_said(quick: Path) -> None:
    code, _key = room_open_for_votes(quick)
    teacher = session("moderate", room=code)
    student = session("vote", room=code)
    brief = session("briefs", room=code)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{quick}{suffix}").unlink(missing_ok=True)
    said = ("The poll database polls.sqlite3 was deleted while the app was running; a new, empty one was started, "
            "so the debates created before are gone: set them up again.")
    teacher.run()
    no_traceback(teacher)
    assert [e.value for e in teacher.error] == [said]
    for at in (student, brief):  # each page says it, whether its server found the file gone or was told
        at.run()
        no_traceback(at)
        assert said in [e.value for e in at.error] + [w.value for w in at.warning]
    assert [w.value for w in teacher.run().warning] == [said]  # the notice stays on the debate pages
    student.run()
    assert [e.value for e in student.error] == [f"No debate has the code {code}; check the code on the board"]
    assert quick.exists()


def test_a_poll_file_damaged_during_a_debate_is_set_aside_and_said(quick: Path) -> None:
    code, _ = room_open_for_votes(quick)
    student = session("vote", room=code)
    with sqlite3.connect(quick) as other:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    other.close()
    quick.write_bytes(b"\x00" * 100 + quick.read_bytes()[100:])  # the header is gone
    student.run()
    no_traceback(student)
    kept = [p.name for p in quick.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1
    assert [e.value for e in student.error] == [STUDENT_UNAVAILABLE]  # the details are for the console
    student.run()  # after: the notice, and the room is gone with the damaged file
    assert [w.value for w in student.warning] == [(f"The poll database polls.sqlite3 could not be read (file is not a "
                                                  f"database); it was kept as {kept[0]} and a fresh, empty store was "
                                                  "started.")]
    assert [e.value for e in student.error] == [f"No debate has the code {code}; check the code on the board"]


def test_setting_up_a_debate_in_a_read_only_folder_says_why(quick: Path) -> None:
    SQLiteStore(quick)  # the file exists; then its folder becomes read-only
    at = session("debate_setup")
    with read_only_folder(quick.parent):
        at.button(key="create_room").click().run()
    no_traceback(at)
    assert [e.value for e in at.error] == [
        (f"The debate room could not be created. The poll cannot be saved: the app may not write in {quick.parent} "
        "(unable to open database file); make that folder writable for the app, or start it with --poll-db naming "
        "a file in a folder it can write. Your choices are kept: press the button again.")]
    assert at.multiselect(key="debate_theses").value == ["lost_prestige", "personal_style", "hardliner_backlash"]


def test_the_console_offers_the_results_as_csv(db: Path) -> None:
    code, key = room_open_for_votes(db)
    teacher = session("moderate", room=code)
    teacher.session_state["moderator_keys"] = {code: key}
    teacher.run()
    [button] = [b for b in teacher.get("download_button") if b.label == "Download the results (CSV)"]
    assert button.proto.url.endswith(".csv")


def test_the_app_runs_a_debate_on_postgresql(monkeypatch) -> None:
    server = postgres_server()
    with postgres_schema(server) as (_, url):
        monkeypatch.setenv("EXPLORER_POLL_DB", url)
        monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
        teacher = session("debate_setup")
        code = create_room(teacher)
        teacher.query_params["room"] = code
        teacher.switch_page("explorer/ui/pages/moderate.py").run()
        teacher.button(key="open_before").click().run()
        student = session("vote", room=code)
        student.radio(key="pick_before").set_value("lost_prestige").run()
        student.button(key="send_vote").click().run()
        assert student.success[0].value == "Your vote is recorded. You can change it until the poll closes."
        teacher.run()
        assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)
        store = open_store(url)
        try:
            assert type(store).__name__ == "PostgresStore"
            assert store.ballots(code, "before") == [{"lost_prestige": 1.0}]
        finally:
            store.close()


def test_a_postgres_server_that_is_down_gives_every_debate_page_a_plain_message(monkeypatch) -> None:
    from appserver import free_port

    port = free_port()  # nothing listens there
    monkeypatch.setenv("EXPLORER_POLL_DB", f"postgresql://explorer:secret@127.0.0.1:{port}/polls")
    monkeypatch.setenv("EXPLORER_POLL_BUSY_SECONDS", "1")
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    said = f"The poll database polls on 127.0.0.1:{port} cannot be reached (connection failed:"
    for page, params in [("vote", {"room": "ABCDEF"}), ("moderate", {"room": "ABCDEF"}),
                         ("briefs", {"room": "ABCDEF"}), ("debate_setup", {})]:
        at = session(page, **params)
        if page == "debate_setup":
            at.button(key="create_room").click().run()
        no_traceback(at)
        shown = [e.value for e in at.error] + [w.value for w in at.warning]
        if page == "vote":  # a student's page never says where the store is or why it fails
            assert shown == [STUDENT_UNAVAILABLE]
        else:
            assert any(said in text for text in shown), (page, shown)
        assert not any("secret" in text for text in shown)


def test_the_app_purges_rooms_past_the_retention_when_it_starts(db: Path, monkeypatch) -> None:
    import time

    store = SQLiteStore(db)
    old, _ = store.create_room(Setup(theses=["lost_authority", "lost_prestige"],
                                     teams=[Team(name="Reds", thesis="lost_authority")],
                                     rounds=[Round(name="Opening", minutes=3)]), now=time.time() - 4.5 * 86400)
    monkeypatch.setenv("EXPLORER_POLL_RETENTION_DAYS", "4")  # expired 3.5 days ago: kept at 4 days...
    session("vote", room=old)
    assert [r.code for r in store.rooms()] == [old]
    monkeypatch.setenv("EXPLORER_POLL_RETENTION_DAYS", "3")  # ...gone at 3 (a server started with that setting)
    at = session("vote", room=old)
    assert [r.code for r in store.rooms()] == []
    assert [e.value for e in at.error] == [f"No debate has the code {old}; check the code on the board"]


def test_the_poll_store_options_and_variables(monkeypatch) -> None:
    from explorer.ui import polls

    for name in ("EXPLORER_POLL_DB", "EXPLORER_POLL_RETENTION_DAYS", "EXPLORER_POLL_BUSY_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    assert polls.database_target([]) == str(ROOT / "data" / "polls.sqlite3")
    monkeypatch.setenv("EXPLORER_POLL_DB", "postgresql://explorer@db/explorer")
    assert polls.database_target(["--case", "claims"]) == "postgresql://explorer@db/explorer"
    assert polls.database_target(["--poll-db", "/srv/polls.sqlite3"]) == "/srv/polls.sqlite3"  # the option wins
    assert [polls.retention_days(["--poll-retention-days", d]) for d in ("30", "0", "-1", "nan", "week")] == [
        30.0, 0.0, 7.0, 7.0, 7.0]
    monkeypatch.setenv("EXPLORER_POLL_RETENTION_DAYS", "14")
    assert polls.retention_days([]) == 14.0
    assert polls.busy_seconds() == 10.0
    for value, seconds in (("2.5", 2.5), ("0", 10.0), ("soon", 10.0), ("1e9", 10.0)):
        monkeypatch.setenv("EXPLORER_POLL_BUSY_SECONDS", value)
        assert polls.busy_seconds() == seconds


def test_the_points_boxes_are_named_in_plain_words_for_screen_readers(db: Path) -> None:
    store = SQLiteStore(db)
    code, key = store.create_room(Setup(theses=["lost_authority", "lost_prestige"],
                                        teams=[Team(name="Team *A*", thesis="lost_authority")],
                                        rounds=[Round(name="Opening", minutes=3)], poll="points"))
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    student = session("vote", room=code)
    box = student.number_input(key="points_before_lost_authority")
    assert box.label == "A loss of confidence in him as leader, beyond any one grievance (Team *A*)"  # no Markdown escapes
    assert box.proto.label_visibility.value == box.proto.label_visibility.COLLAPSED
    assert r"A loss of confidence in him as leader, beyond any one grievance (Team \*A\*)" in [m.value for m in student.markdown]


def test_the_console_reads_the_ballots_once_per_change_not_per_refresh(db: Path, monkeypatch) -> None:
    code, key = room_open_for_votes(db)
    teacher = session("moderate", room=code)
    teacher.session_state["moderator_keys"] = {code: key}
    teacher.run()
    from explorer.ui import polls

    served = polls._store(polls.database_target(), polls.retention_days(), polls.busy_seconds())
    reads: list[str] = []
    original = served.ballots
    monkeypatch.setattr(served, "ballots", lambda c, p: reads.append(p) or original(c, p))
    served.cast(code, "before", "phone-0001", {"lost_prestige": 1})
    teacher.run()
    assert any("Before the debate: **1** ballot" in m.value for m in teacher.markdown)
    assert reads == ["before"]
    teacher.run()
    second = session("moderate", room=code)  # another viewer of the console
    second.session_state["moderator_keys"] = {code: key}
    second.run()
    assert reads == ["before"]  # refreshes and viewers reuse the tally
    served.cast(code, "before", "phone-0001", {"lost_authority": 1})  # a changed ballot: read again
    teacher.run()
    assert reads == ["before", "before"]
    assert teacher.get("plotly_chart") == []  # hidden while the poll is open
