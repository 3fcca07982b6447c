"""The students' weighing page on a phone (explorer/classroom/phone_weigh.py): a source in one line, a criterion in one
sentence, sliders whose steps hold their starting values, a sent form read back, the result in words, and the
page's HTML. On the small case (tests/conftest.py; its numbers are worked in tests/test_perspective.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import ARMY, write_case

from explorer.classroom import perspective as pv
from explorer.classroom import phone, phone_weigh
from explorer.classroom.debate import Round, Setup, State, Team, set_phase
from explorer.classroom.perspective import Perspective
from explorer.load import load_case

TITLES = {"harvest": "The harvest", "prestige": "Prestige", "army": "The army"}


@pytest.fixture
def case(tmp_path: Path):
    loaded, problems = load_case(write_case(tmp_path / "case", {"theses/army.yaml": ARMY}))
    assert [p for p in problems if p.level == "error"] == []
    return loaded


def test_each_source_in_one_plain_line(case) -> None:
    assert phone_weigh.source_line(case.sources["alpha"]) == (
        "Reference work: an unsigned article in a reference book, edited and checked, but with no author to answer "
        "for it. It starts at 0.80, as every source of its kind.")
    assert phone_weigh.source_line(case.sources["beta"]) == (
        "Student essay: a student's essay, useful for what it reports historians saying, not as an authority. It "
        "starts at 0.24, not 0.25, for the 1 fault recorded in it (factual error).")
    assert phone_weigh.source_line(case.sources["gamma_book"]) == (
        "Scholarly monograph by Jane Doe, 1990: a book by a historian, checked against the archives and by other "
        "scholars. It starts at 1.00, as every source of its kind.")
    set_by_case = case.sources["alpha"].model_copy(update={"trust": 0.6})
    assert phone_weigh.source_line(set_by_case).endswith("The case sets its trust at 0.60.")


def test_each_criterion_in_one_plain_sentence() -> None:
    assert phone_weigh.criterion_line("contestation") == (
        "How much trusted evidence goes against it; a passage that only limits it counts half. The engine gives it "
        "a weight of 0.5.")


@pytest.mark.parametrize(("value", "coarse", "step"), [
    (0.44, 0.05, "0.01"), (0.45, 0.05, "0.05"), (0.8, 0.05, "0.05"), (0.0, 0.05, "0.05"), (1.0, 0.05, "0.05"),
    (0.445, 0.05, "any"), (0.5, 0.5, "0.5"), (1.0, 0.5, "0.5"), (1.25, 0.5, "0.01"), (0.24, 0.05, "0.01")])
def test_a_sliders_step_holds_its_starting_value(value: float, coarse: float, step: str) -> None:
    assert phone_weigh.step_for(value, coarse) == step


def test_every_slider_of_the_page_holds_its_value_on_its_step(case) -> None:
    page = open_page(case)
    sliders = re.findall(r'<input type="range" [^>]*min="0" max="([\d.]+)" step="([^"]+)" value="([\d.]+)"',
                         phone_weigh.page_html(page))
    assert len(sliders) == 3 + 4  # alpha, beta, gamma_book; the four criteria
    for _, step, value in sliders:
        assert step == "any" or abs(float(value) / float(step) - round(float(value) / float(step))) < 1e-9
    assert ("1", "0.01", "0.24") in sliders  # beta's 0.24 would jump to 0.25 on a 0.05 step


def test_a_weighing_form_is_read_back_with_the_engines_values_for_what_it_leaves_out(case) -> None:
    sent = phone_weigh.read_form(case, {"way": "weigh", "trust-beta": "1", "w-backing": "0", "background": "on"},
                                 TITLES)
    assert sent.trust == {"alpha": 0.8, "beta": 1.0, "gamma_book": 1.0}
    assert sent.weights == {"support": 1.0, "corroboration": 0.5, "backing": 0.0, "contestation": 0.5}
    assert sent.points == {1: 1.0}
    assert pv.ranking_of(case, sent) == pv.ranking_of(case, Perspective(trust={"beta": 1.0}, weights={"backing": 0},
                                                                        points={1: 1.0}))


@pytest.mark.parametrize(("form", "message"), [
    ({"way": "weigh", "trust-beta": "1.5"}, "the trust in “Beta” must be a number from 0 to 1, not “1.5”"),
    ({"way": "weigh", "trust-beta": "nan"}, "the trust in “Beta” must be a number from 0 to 1, not “nan”"),
    ({"way": "weigh", "w-support": "six"}, "“Passages for it (support)” must be a number from 0 to 5, not “six”"),
    ({"way": "order", "place-1": "harvest", "place-2": "harvest", "place-3": "army"},
     "“The harvest” is in two places; put each explanation in once"),
    ({"way": "order", "place-1": "harvest", "place-2": "army"}, "choose an explanation for every place"),
])
def test_a_form_that_does_not_fit_says_what_to_fix(case, form: dict[str, str], message: str) -> None:
    with pytest.raises(phone_weigh.FormError) as err:
        phone_weigh.read_form(case, form, TITLES)
    assert phone_weigh.reason(err.value) == message


def test_an_order_is_read_back(case) -> None:
    sent = phone_weigh.read_form(case, {"way": "order", "place-1": "prestige", "place-2": "harvest",
                                        "place-3": "army"}, TITLES)
    assert sent == Perspective(order=("prestige", "harvest", "army"))


def test_the_result_shows_the_class_only_once_three_others_have_sent(case) -> None:
    trusts_beta = Perspective(trust={"beta": 1.0})  # harvest, prestige, army (tests/test_perspective.py)
    alone = phone_weigh.result(case, trusts_beta, [trusts_beta, Perspective()], TITLES)
    assert alone.rows == [("The harvest", "1st", None, "1st"), ("The army", "3rd", None, "2nd"),
                          ("Prestige", "2nd", None, "3rd")]
    assert alone.caption.endswith("The class's ranking shows once at least 3 other students have sent theirs "
                                  "(so far: 1), so that no one's ranking can be read from it.")
    assert alone.alike == ["With the engine: +0.33"]
    assert alone.difference == ("The setting that makes the biggest difference: Trust in Beta. You chose 1, the "
                                "engine 0.24; put back to 0.24, two explanations change places in your ranking.")
    order = Perspective(order=("prestige", "harvest", "army"))
    together = phone_weigh.result(case, trusts_beta, [trusts_beta, Perspective(), Perspective(), order], TITLES)
    # average places: harvest (1+1+1+2)/4 = 1.25, army (3+2+2+3)/4 = 2.5, prestige (2+3+3+1)/4 = 2.25
    assert [row[2] for row in together.rows] == ["1st", "3rd", "2nd"]
    assert together.alike == ["With the class: +1.00", "With the engine: +0.33"]
    assert together.caption.startswith("Places 1st to 3rd; =1st is a shared place. The class: the average place of "
                                       "4 students' rankings so far")
    own = phone_weigh.result(case, order, [order], TITLES)
    assert own.difference == "You put the explanations in your own order, so no setting of the engine is involved."
    kept = phone_weigh.result(case, Perspective(), [Perspective()], TITLES)
    assert kept.difference == "You kept the engine's settings, so your ranking is the engine's."


def open_page(case, **extra) -> phone_weigh.Page:
    setup = Setup(theses=["harvest", "prestige", "army"], teams=[Team(name="Reds <b>", thesis="harvest")],
                  rounds=[Round(name="R", minutes=3)])
    return phone_weigh.Page("K7QX2M", setup, set_phase(State(), "before", "open"), TITLES, "0" * 32, True, case,
                            **extra)


def test_the_page_labels_every_control_and_escapes_every_text(case) -> None:
    hostile = {**TITLES, "army": "<script>alert(1)</script>"}
    page = phone_weigh.Page(**{**open_page(case).__dict__, "titles": hostile})
    body = phone_weigh.page_html(page)
    assert "<script>alert(1)</script>" not in body and html.escape(hostile["army"]) in body
    ids = re.findall(r'<(?:input|select) type="(?:range|checkbox)" id="([^"]+)"|<select id="([^"]+)"', body)
    for ident in [a or b for a, b in ids]:
        assert f'<label for="{ident}">' in body
    assert body.count("<form method=\"post\" action=\"/weigh\"") == 2
    assert "Send my weighing" in body and "Send my order" in body
    assert 'name="me"' not in body  # the cookie holds the id


def test_without_an_open_poll_the_page_says_when_to_come_back(case) -> None:
    page = phone_weigh.Page(**{**open_page(case).__dict__, "state": State()})
    body = phone_weigh.page_html(page)
    assert "<form" not in body
    assert html.escape("The poll is not open yet. Keep this page open: it shows the weighing when your teacher "
                       "opens the poll.") in body
    assert phone.watch_script("K7QX2M", State()) in body
