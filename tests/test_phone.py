"""The phone page's HTML (explorer/classroom/phone.py), as exact strings: labels, escaping, the ballot kept, no files to load."""

from __future__ import annotations

import re

import pytest

from explorer.classroom import phone
from explorer.classroom.debate import Round, Setup, State, Team

SETUP = Setup(theses=["a", "b"], teams=[Team(name="<b>Reds</b>", thesis="a")], rounds=[Round(name="R", minutes=3)],
              titles={"a": "Alpha & <i>co</i>", "b": 'Beta "quoted"'})
POINTS = SETUP.model_copy(update={"poll": "points"})
ME = "phone-0001"


def state(before: str = "open", after: str = "waiting") -> State:
    return State(phases={"before": before, "after": after})


def view(setup: Setup = SETUP, st: State | None = None, **extra) -> phone.View:
    return phone.View("K7QX2M", setup, st or state(), {}, ME, True, **extra)


def test_the_participant_id_follows_the_streamlit_pages_rule() -> None:
    cookie, url = "0123456789ab4def8123456789abcdef", "fedcba9876544321a123456789abcdef"
    assert phone.participant(cookie, url) == (cookie, True)  # the cookie wins
    assert phone.participant(None, url) == (url, False)
    for made_up in ("cookie-id-1", "aaaaaaaa", "attackerknownid0001", "é" * 9, cookie.upper(), cookie + "0"):
        new, remembered = phone.participant(made_up, made_up)
        assert new != made_up and re.fullmatch(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}", new) and not remembered
    assert phone.COOKIE == "explorer_participant"
    assert phone.set_cookie(ME) == (
        "explorer_participant=phone-0001; Max-Age=2592000; Path=/; SameSite=Lax; HttpOnly")


@pytest.mark.parametrize(("headers", "page_itself", "address"), [
    ({}, True, True),  # not a browser, or one from before these headers
    ({"sec-fetch-site": "same-origin", "host": "laptop:8502"}, True, True),
    ({"sec-fetch-site": "none"}, False, True),  # typed, a bookmark, the QR code: no page sent it
    ({"sec-fetch-site": "same-site", "origin": "http://laptop:8501", "host": "laptop:8502"}, False, False),
    ({"sec-fetch-site": "cross-site", "origin": "http://laptop:8502", "host": "laptop:8502"}, False, False),
    ({"origin": "http://LAPTOP:8502", "host": "laptop:8502"}, True, True),
    ({"origin": "http://localhost:8502", "host": "127.0.0.1:8502"}, False, True),
    ({"origin": "null", "host": "laptop:8502"}, False, True),
    ({"origin": "http://laptop:8502"}, False, True),  # no Host to compare with
])
def test_which_requests_come_from_the_page_itself(headers, page_itself, address) -> None:
    assert phone.from_this_page(headers) is page_itself
    assert phone.address_trusted(headers) is address


def test_addresses() -> None:
    assert phone.address("K7QX2M") == "/vote?room=K7QX2M"
    assert phone.address("K7QX2M", ME) == "/vote?room=K7QX2M&me=phone-0001"


def test_the_join_page_has_a_real_label() -> None:
    page = phone.join_page('"><script>')
    assert ('<form method="get" action="/vote" class="code"><label for="room">The code on the board</label>'
            '<input id="room" name="room" value="&quot;&gt;&lt;script&gt;" maxlength="12" autocomplete="off" '
            'autocapitalize="characters" placeholder="for example K7QX2M" required>') in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')


def test_a_pick_poll_escapes_every_name_and_labels_each_choice() -> None:
    page = phone.room_page(view())
    assert ('<fieldset><legend>Which explanation convinces you most?</legend>'
            '<div class="choice"><input type="radio" id="pick-0" name="pick" value="a" required>'
            '<label for="pick-0">Alpha &amp; &lt;i&gt;co&lt;/i&gt; (&lt;b&gt;Reds&lt;/b&gt;)</label></div>'
            '<div class="choice"><input type="radio" id="pick-1" name="pick" value="b" required>'
            '<label for="pick-1">Beta &quot;quoted&quot;</label></div></fieldset>'
            '<button type="submit">Send my vote</button></form>') in page
    assert "<b>" not in page and "<i>" not in page
    assert '<p class="small">Teams: &lt;b&gt;Reds&lt;/b&gt;</p>' in page
    assert '<input type="hidden" name="me"' not in page  # the cookie holds the id


def test_a_stored_ballot_is_said_and_checked() -> None:
    page = phone.room_page(view(mine={"b": 1.0}))
    assert ('<p class="note ok" role="status">Your vote is stored: Beta &quot;quoted&quot;. You can change it until '
            "the poll closes.</p>") in page
    assert 'id="pick-1" name="pick" value="b" checked required>' in page
    assert '<button type="submit">Change my vote</button>' in page


def test_a_ballot_that_could_not_be_saved_keeps_the_choice() -> None:
    note = phone.Note("error", "The poll is busy, try again. Your choice is kept here.")
    page = phone.room_page(view(choice={"a": 1}, note=note))
    assert '<p class="note error" role="alert">The poll is busy, try again. Your choice is kept here.</p>' in page
    assert 'id="pick-0" name="pick" value="a" checked required>' in page


def test_without_the_cookie_the_form_carries_the_id() -> None:
    page = phone.room_page(phone.View("K7QX2M", SETUP, state(), {}, ME, False))
    assert '<input type="hidden" name="me" value="phone-0001">' in page


def test_a_points_poll_has_a_label_for_every_box() -> None:
    page = phone.room_page(view(POINTS, mine={"a": 70.0, "b": 30.0}))
    assert ('<label for="points-0">Alpha &amp; &lt;i&gt;co&lt;/i&gt; (&lt;b&gt;Reds&lt;/b&gt;)</label>'
            '<input type="number" id="points-0" name="points-a" min="0" max="100" step="1" inputmode="numeric" '
            'value="70">') in page
    assert '<p id="total" class="small" aria-live="polite">100 of 100 points shared</p>' in page
    assert "Your vote is stored: Alpha &amp; &lt;i&gt;co&lt;/i&gt; (&lt;b&gt;Reds&lt;/b&gt;) 70, Beta" in page


@pytest.mark.parametrize(("before", "after", "said"), [
    ("waiting", "waiting", ("The poll is not open yet. Keep this page open: it shows the poll when your teacher "
                           "opens it.")),
    ("closed", "waiting", "The poll before the debate is closed. Keep this page open for the poll after the debate."),
    ("closed", "closed", "The poll is closed. Thank you for voting!"),
])
def test_a_room_without_an_open_poll_says_where_it_is_and_checks_again(before, after, said) -> None:
    page = phone.room_page(view(st=state(before, after)))
    assert f'<p class="note info" role="status">{said}</p><p><a href="/vote?room=K7QX2M">Check again</a></p>' in page
    assert "refresh" not in page  # no timed reload (WCAG 2.2.1): the script reloads when the poll opens or closes
    assert "<form" not in page
    unsaved = phone.room_page(phone.View("K7QX2M", SETUP, state(before, after), {}, ME, False))
    assert '<a href="/vote?room=K7QX2M&amp;me=phone-0001">Check again</a>' in unsaved


def test_the_open_poll_is_shown_from_the_latest_open_phase() -> None:
    page = phone.room_page(view(st=state("closed", "open")))
    assert "<h2>After the debate</h2>" in page and 'name="phase" value="after"' in page


def test_the_page_loads_no_file_so_none_can_fail_to_load() -> None:
    for page in (phone.join_page(), phone.room_page(view()), phone.room_page(view(POINTS)),
                 phone.room_page(view(st=state("waiting")))):
        assert not re.search(r"<script[^>]*\bsrc=|<link\b|<img\b|@import|\bimport\(", page)
        assert page.count("<script>") <= 1


def test_the_script_reloads_when_the_poll_changes() -> None:
    page = phone.room_page(view())
    assert phone.state_token(state()) == "before:open-after:waiting"
    assert "var t='before:open-after:waiting';" in page
    assert "fetch('/vote/state?room=K7QX2M',{cache:'no-store'})" in page
    assert "if(s!==t){location.reload()}" in page
    with pytest.raises(ValueError):
        phone._js("x';alert(1)//")


def test_reading_a_ballot_from_the_form() -> None:
    assert phone.read_ballot(SETUP, {"pick": "b"}) == {"b": 1}
    assert phone.read_ballot(SETUP, {}) == {}
    assert phone.read_ballot(POINTS, {"points-a": "60", "points-b": ""}) == {"a": 60.0, "b": 0.0}
    kept = phone.read_ballot(POINTS, {"points-a": "lots", "points-b": "40"})
    assert kept["b"] == 40.0 and kept["a"] != kept["a"]  # NaN: refused by the debate's rule, the box left empty
    assert 'name="points-a" min="0" max="100" step="1" inputmode="numeric" value="">' in phone.room_page(
        view(POINTS, choice=kept))


def test_an_open_poll_links_to_the_apps_weighing_page_when_it_is_known() -> None:
    link = "http://192.168.1.5:8501/weigh?room=K7QX2M&x=<b>"
    page = phone.room_page(view(weigh=link))
    assert ('<p><a href="http://192.168.1.5:8501/weigh?room=K7QX2M&amp;x=&lt;b&gt;">Weigh the evidence yourself</a>: '
            "how far you trust each source and what should count, and the ranking it gives beside the class's.</p>"
            ) in page
    assert "Weigh the evidence yourself" not in phone.room_page(view())
    waiting = phone.room_page(view(st=state("waiting"), weigh=link))
    assert "Weigh the evidence yourself" not in waiting  # a weighing is taken only while a poll is open


def test_a_room_without_titles_shows_its_explanations_in_words_never_their_ids() -> None:
    bare = Setup(theses=["lost_prestige", "china_split"], teams=[Team(name="Reds", thesis="china_split")],
                 rounds=[Round(name="R", minutes=3)])
    page = phone.room_page(view(bare))
    assert '<label for="pick-0">Lost prestige</label>' in page
    assert '<label for="pick-1">China split (Reds)</label>' in page
    assert ">lost_prestige<" not in page
    assert phone.in_words("lost_prestige") == "Lost prestige" and phone.in_words("end-of_terror") == "End of terror"
