"""The phone page against another website, in Chromium: 127.0.0.1 (the class's phone page) and localhost (a
class chat, an LMS, or an attacker's page) are two sites. A join link followed from the other site keeps the
phone's id; a form on the other site that posts a ballot with an id of its choosing is refused, and neither
sets the phone's cookie nor counts. Uses the fixtures of tests/test_browser.py; skips where it does."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from appserver import free_port, serve_phone, stop
from playwright.sync_api import Browser, expect
from test_browser import FIRST, browser_type_launch_args  # noqa: F401 - a fixture, found by name

from explorer.classroom import debate, phone
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import SQLiteStore

THESES = ["lost_authority", "lost_prestige"]
SETUP = Setup(theses=THESES, teams=[Team(name="Reds", thesis=THESES[0]), Team(name="Blues", thesis=THESES[1])],
              rounds=[Round(name="Opening", minutes=3)],
              titles={"lost_authority": "A cumulative loss of authority", "lost_prestige": "Setbacks abroad"})
COOKIE = "explorer_participant"


@pytest.fixture
def two_sites(tmp_path: Path):
    """(phone page on 127.0.0.1, a folder served on localhost for the other site's pages, the store, the room)."""
    db = tmp_path / "polls.sqlite3"
    store = SQLiteStore(db)
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    server, base = serve_phone(db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(elsewhere))
    other = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        yield base, f"http://localhost:{port}", elsewhere, store, code
    finally:
        other.shutdown()
        stop(server)
        store.close()


def test_a_join_link_from_a_chat_keeps_the_phones_vote_and_a_forged_ballot_is_refused(browser: Browser,
                                                                                     two_sites) -> None:
    base, other, elsewhere, store, code = two_sites
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/vote?room={code}")
    page.get_by_text("Setbacks abroad (Blues)").click()
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_text("Your vote is stored: Setbacks abroad (Blues).")).to_be_visible(timeout=FIRST)
    [mine] = [c for c in context.cookies() if c["name"] == COOKIE]
    assert mine["sameSite"] == "Lax" and mine["httpOnly"]

    # the join link posted in a class chat on another site: the phone arrives with its cookie and finds its vote
    (elsewhere / "chat.html").write_text(f'<a href="{base}/vote?room={code}">Join the poll</a>', encoding="utf-8")
    page.goto(f"{other}/chat.html")
    page.get_by_role("link", name="Join the poll").click()
    expect(page.get_by_role("button", name="Change my vote")).to_be_visible(timeout=FIRST)
    assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == [mine["value"]]

    # a page elsewhere posts a ballot by itself, with an id it knows: refused, not counted, the cookie untouched
    (elsewhere / "evil.html").write_text(
        f'<form id="f" method="post" action="{base}/vote">'
        f'<input name="room" value="{code}"><input name="phase" value="before">'
        '<input name="pick" value="lost_authority"><input name="me" value="attackerknownid0001"></form>'
        '<script>document.getElementById("f").submit()</script>', encoding="utf-8")
    page.goto(f"{other}/evil.html")
    expect(page.get_by_text(phone.ELSEWHERE[:40])).to_be_visible(timeout=FIRST)
    assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == [mine["value"]]
    assert store.cast_ballots(code, "before") == [(mine["value"], {"lost_prestige": 1.0})]
    context.close()
