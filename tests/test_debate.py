"""Debate rules: setup checks, the round clock, poll phases, ballots and tallies, with exact numbers."""

import pytest

from explorer.classroom import debate
from explorer.classroom.debate import Refused, Round, Setup, State, Team


def setup(poll: str = "pick") -> Setup:
    return Setup(theses=["harvest", "prestige"], teams=[Team(name="Reds", thesis="harvest"),
                                                        Team(name="Blues", thesis="prestige")],
                 rounds=[Round(name="Opening", minutes=4), Round(name="Closing", minutes=2)], poll=poll)


def test_check_setup_refuses_unknown_and_mismatched_theses() -> None:
    debate.check_setup(setup(), ["harvest", "prestige"])
    with pytest.raises(Refused, match="unknown thesis `prestige`; choose theses of this case"):
        debate.check_setup(setup(), ["harvest"])
    bad = setup().model_copy(update={"teams": [Team(name="Greens", thesis="army")]})
    with pytest.raises(Refused, match="team “Greens” defends `army`, which is not in play"):
        debate.check_setup(bad, ["harvest", "prestige", "army"])
    twins = setup().model_copy(update={"teams": [Team(name="Reds", thesis="harvest"), Team(name="reds", thesis="prestige")]})
    with pytest.raises(Refused, match="two teams have the same name"):
        debate.check_setup(twins, ["harvest", "prestige"])


def test_setup_needs_two_to_six_theses() -> None:
    with pytest.raises(ValueError):
        Setup(theses=["harvest"], teams=[Team(name="A", thesis="harvest")], rounds=[Round(name="R", minutes=1)])


def test_team_names_are_trimmed_and_not_blank() -> None:
    assert Team(name="  The   Reds ", thesis="x").name == "The Reds"
    with pytest.raises(ValueError):
        Team(name="   ", thesis="x")


def test_clock_runs_pauses_and_resets_per_round() -> None:
    s = setup()
    state = debate.start(State(), now=100.0)
    assert debate.remaining(s, state, now=130.0) == 210.0  # 4 min = 240 s, 30 s gone
    state = debate.pause(state, now=160.0)  # 60 s gone
    assert debate.remaining(s, state, now=999.0) == 180.0  # paused: the clock does not move
    state = debate.start(state, now=1000.0)
    assert debate.remaining(s, state, now=1200.0) == -20.0  # 60 + 200 = 260 s: 20 s over
    assert debate.clock(-20.0) == "+0:20" and debate.clock(180.0) == "3:00" and debate.clock(0.2) == "0:01"
    state = debate.go_to_round(s, state, 1, now=1200.0)
    assert (state.round, state.running_since, debate.remaining(s, state, now=5000.0)) == (1, None, 120.0)
    with pytest.raises(Refused, match="there is no round 3; this debate has 2"):
        debate.go_to_round(s, state, 2, now=5000.0)


def test_ballots_only_in_an_open_phase() -> None:
    s, state = setup(), State()
    with pytest.raises(Refused, match="the poll “Before the debate” has not opened yet"):
        debate.check_ballot(s, state, "before", {"harvest": 1})
    debate.set_phase(state, "before", "open")
    assert debate.check_ballot(s, state, "before", {"harvest": 1, "prestige": 0}) == {"harvest": 1.0}
    debate.set_phase(state, "before", "closed")
    with pytest.raises(Refused, match="the poll “Before the debate” is closed"):
        debate.check_ballot(s, state, "before", {"harvest": 1})


def test_ballot_for_a_thesis_not_in_play() -> None:
    state = debate.set_phase(State(), "before", "open")
    with pytest.raises(Refused, match="`army` is not one of the explanations in this debate"):
        debate.check_ballot(setup(), state, "before", {"army": 1})
    with pytest.raises(Refused, match="pick exactly one explanation"):
        debate.check_ballot(setup(), state, "before", {"harvest": 1, "prestige": 1})


def test_points_must_share_exactly_100_and_not_be_negative() -> None:
    s, state = setup("points"), debate.set_phase(State(), "after", "open")
    assert debate.check_ballot(s, state, "after", {"harvest": 70, "prestige": 30}) == {"harvest": 70.0, "prestige": 30.0}
    with pytest.raises(Refused, match="the points add up to 90; share exactly 100 points"):
        debate.check_ballot(s, state, "after", {"harvest": 60, "prestige": 30})
    with pytest.raises(Refused, match="points cannot be negative"):
        debate.check_ballot(s, state, "after", {"harvest": 120, "prestige": -20})


def test_tally_and_shift() -> None:
    votes = [{"harvest": 1.0}, {"prestige": 1.0}, {"prestige": 1.0}]
    assert debate.tally(setup(), votes) == {"harvest": 1.0, "prestige": 2.0}
    points = [{"harvest": 70.0, "prestige": 30.0}, {"harvest": 40.0, "prestige": 60.0}]
    # average points: harvest (70 + 40) / 2 = 55, prestige (30 + 60) / 2 = 45
    assert debate.tally(setup("points"), points) == {"harvest": 55.0, "prestige": 45.0}
    assert debate.shift({"harvest": 55.0, "prestige": 45.0}, {"harvest": 40.0, "prestige": 60.0}) == {
        "harvest": -15.0, "prestige": 15.0}


@pytest.mark.parametrize("bad,shown", [(float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"),
                                       ("lots", "'lots'"), (None, "None")])
def test_points_that_are_not_numbers_are_refused(bad, shown) -> None:
    s, state = setup("points"), debate.set_phase(State(), "after", "open")
    # NaN slipped through before: NaN < 0 is false, and abs(NaN - 100) > 1e-9 is false too
    with pytest.raises(Refused) as refused:
        debate.check_ballot(s, state, "after", {"harvest": bad, "prestige": 100})
    assert str(refused.value) == f"the points for `harvest` must be a number from 0 to 100, not {shown}"


def test_results_csv_has_one_row_per_poll_and_explanation() -> None:
    titles = {"harvest": "The harvest", "prestige": "Lost prestige, Cuba"}
    ballots = {"before": [{"harvest": 1.0}, {"prestige": 1.0}, {"prestige": 1.0}], "after": [{"harvest": 1.0}]}
    assert debate.results_csv("K7QX2M", setup(), titles, ballots) == (
        "Room,Poll,Ballots,Explanation,Team,Votes,Reference (for the command line)\n"
        "K7QX2M,Before the debate,3,The harvest,Reds,1,harvest\n"
        "K7QX2M,Before the debate,3,\"Lost prestige, Cuba\",Blues,2,prestige\n"
        "K7QX2M,After the debate,1,The harvest,Reds,1,harvest\n"
        "K7QX2M,After the debate,1,\"Lost prestige, Cuba\",Blues,0,prestige\n")


def test_results_csv_of_points_and_of_names_that_look_like_formulas() -> None:
    s = setup("points").model_copy(update={"teams": [Team(name="=HYPERLINK(\"x\")", thesis="harvest")]})
    points = {"before": [{"harvest": 70.0, "prestige": 30.0}, {"harvest": 45.0, "prestige": 55.0}]}
    rows = debate.results_csv("ABCDEF", s, {}, points).splitlines()
    assert rows[0] == "Room,Poll,Ballots,Explanation,Team,Average points,Reference (for the command line)"
    # (70 + 45) / 2 = 57.5 and (30 + 55) / 2 = 42.5; a team name starting with = is kept as text
    assert rows[1] == "ABCDEF,Before the debate,2,harvest,\"'=HYPERLINK(\"\"x\"\")\",57.5,harvest"
    assert rows[2] == "ABCDEF,Before the debate,2,prestige,,42.5,prestige"
    assert rows[3:] == ["ABCDEF,After the debate,0,harvest,\"'=HYPERLINK(\"\"x\"\")\",0,harvest",
                        "ABCDEF,After the debate,0,prestige,,0,prestige"]


@pytest.mark.parametrize("before,after,said", [
    ("open", "waiting", None), ("closed", "open", "after"), ("open", "open", "after"),
    ("waiting", "waiting", "The poll is not open yet. Keep this page open: it shows the poll by itself."),
    ("closed", "waiting", "The poll before the debate is closed. Keep this page open for the poll after the debate."),
    ("closed", "closed", "The poll is closed. Thank you!")])
def test_the_poll_a_student_answers_and_the_words_while_none_is_open(before, after, said) -> None:
    state = State(phases={"before": before, "after": after})
    phase = debate.open_phase(state)
    if said in (None, "after"):
        assert phase == (said or "before")
    else:
        assert phase is None
        assert debate.waiting_words(state, thanks="Thank you!", then="it shows the poll by itself") == said


def three_teams() -> Setup:
    return Setup(theses=["harvest", "prestige", "army"],
                 teams=[Team(name="Reds", thesis="harvest"), Team(name="Blues", thesis="prestige"),
                        Team(name="Greens", thesis="army")],
                 rounds=[Round(name="Opening", minutes=2), Round(name="Closing", minutes=1)])


def test_each_round_opens_with_another_team_by_default() -> None:
    s = three_teams()
    assert [debate.default_order(s, r) for r in range(4)] == [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 1, 2]]
    assert debate.speaking_order(s, State()) == [0, 1, 2]
    assert debate.speaking_order(s, State(), 1) == [1, 2, 0]


def test_each_turn_has_its_own_clock_and_keeps_the_time_it_used() -> None:
    s = three_teams()
    state = debate.start(State(), now=0.0)
    assert debate.remaining(s, state, now=100.0) == 20.0  # 2 minutes each team
    state = debate.next_turn(s, state, now=130.0)  # Reds spoke 130 s (10 s over); Blues' clock starts full, paused
    assert (state.round, state.turn, state.running_since, state.spent) == (0, 1, None, {"0:0": 130.0})
    assert debate.remaining(s, state, now=999.0) == 120.0
    state = debate.start(state, now=1000.0)
    turns = debate.turns(s, state, now=1045.0)
    assert [(t.team, t.status, t.left) for t in turns] == [
        ("Reds", "done", -10.0), ("Blues", "speaking", 75.0), ("Greens", "waiting", 120.0)]
    state = debate.previous_turn(s, state, now=1050.0)  # back to Reds: Blues keeps its 50 s
    assert (state.turn, state.elapsed, state.spent["0:1"]) == (0, 130.0, 50.0)
    assert debate.remaining(s, state, now=2000.0) == -10.0
    state = debate.go_to_turn(s, state, 0, 2, now=2000.0)
    state = debate.next_turn(s, state, now=2000.0)  # after the last team: round 2, whose order starts with Blues
    assert (state.round, state.turn, debate.speaking_order(s, state)) == (1, 0, [1, 2, 0])
    assert debate.remaining(s, state, now=0.0) == 60.0
    state = debate.go_to_turn(s, state, 1, 2, now=0.0)
    assert debate.is_last_turn(s, state) and not debate.is_first_turn(state)
    with pytest.raises(Refused, match="this is the last turn of the last round"):
        debate.next_turn(s, state, now=0.0)
    with pytest.raises(Refused, match="this is the first turn of the first round"):
        debate.previous_turn(s, State(), now=0.0)
    with pytest.raises(Refused, match="there is no turn 4; each round has 3"):
        debate.go_to_turn(s, State(), 0, 3, now=0.0)


def test_the_teacher_sets_a_rounds_order_and_the_speaker_keeps_the_floor() -> None:
    s = three_teams()
    state = debate.go_to_turn(s, State(), 0, 1, now=0.0)  # Blues speaking
    state = debate.set_order(s, state, 0, [1, 2, 0])
    assert (debate.speaking_order(s, state), state.turn) == ([1, 2, 0], 0)  # Blues now first, still speaking
    state = debate.set_order(s, state, 1, [2, 1, 0])
    assert debate.speaking_order(s, state, 1) == [2, 1, 0] and state.turn == 0
    with pytest.raises(Refused, match="put each of the 3 teams in the order once"):
        debate.set_order(s, state, 0, [0, 0, 1])
    with pytest.raises(Refused, match="there is no round 3; this debate has 2"):
        debate.set_order(s, state, 2, [0, 1, 2])
    again = State.from_dict(state.as_dict())  # stored as JSON and read back
    assert again == state and again.orders == {0: [1, 2, 0], 1: [2, 1, 0]}


def test_a_room_stored_before_speaking_orders_reads_as_the_first_turn() -> None:
    old = {"round": 1, "running_since": None, "elapsed": 12.0, "phases": {"before": "closed", "after": "open"}}
    state = State.from_dict(old)
    assert (state.round, state.turn, state.orders, state.spent, state.revealed) == (1, 0, {}, {}, [])


def test_results_show_once_a_poll_closes_or_when_the_teacher_shows_them() -> None:
    state = debate.set_phase(State(), "before", "open")
    assert not debate.results_shown(state, "before") and not debate.results_shown(state, "after")
    state = debate.reveal(state, "before")
    assert debate.results_shown(state, "before") and state.revealed == ["before"]
    state = debate.reveal(state, "before", shown=False)
    assert not debate.results_shown(state, "before")
    state = debate.reveal(state, "before")
    state = debate.set_phase(state, "before", "closed")
    assert debate.results_shown(state, "before")
    state = debate.set_phase(state, "before", "open")  # opened again: hidden again until it closes
    assert not debate.results_shown(state, "before") and state.revealed == []
    with pytest.raises(Refused, match="unknown poll phase `during`"):
        debate.reveal(state, "during")
