"""The phone page's server (explorer/classroom/phone_app.py) at the HTTP level: which site a request comes from, the id
cookie, the limits and the headers. Requests go straight into the ASGI app (no server, no httpx), with the headers
a browser sends; 127.0.0.1 and localhost are two sites."""

from __future__ import annotations

import asyncio
import html
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from explorer import config
from explorer.classroom import debate, phone
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.phone_app import HEADERS, NEW_IDS_PER_ADDRESS, NEW_IDS_PER_ROOM, TOO_MANY, Limits, make_app
from explorer.classroom.store import SQLiteStore, is_issued

SETUP = Setup(theses=["a", "b"], teams=[Team(name="Reds", thesis="a")], rounds=[Round(name="R", minutes=3)],
              titles={"a": "Alpha", "b": "Beta"})
HOST = "127.0.0.1:8502"
ELSEWHERE = "http://localhost:8502"  # another site: the same machine by another name
KNOWN = "0123456789ab4def8123456789abcdef"  # an id of the issued form that someone else knows


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str
    cookies: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")


def call(app, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"",
         client: str = "10.0.0.5") -> Answer:
    """One request through the ASGI app, as a browser at `client` would send it to HOST."""
    target, _, query = path.partition("?")
    sent = {"host": HOST, **(headers or {})}
    if body:
        sent.setdefault("content-type", "application/x-www-form-urlencoded")
        sent["content-length"] = str(len(body))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": target, "raw_path": target.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in sent.items()], "client": (client, 50000),
             "server": ("127.0.0.1", 8502)}
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    out: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        out.append(message)

    # on a thread of its own: after the browser tests, Playwright's event loop runs in this thread
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result(timeout=60)
    start = next(m for m in out if m["type"] == "http.response.start")
    headers_out = [(k.decode().lower(), v.decode()) for k, v in start["headers"]]
    text = b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body").decode()
    return Answer(start["status"], headers_out, text, [v for k, v in headers_out if k == "set-cookie"])


@pytest.fixture
def poll(tmp_path: Path):
    store = SQLiteStore(tmp_path / "polls.sqlite3")
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    yield make_app(store), store, code
    store.close()


def form(code: str, pick: str = "a", me: str | None = None) -> bytes:
    return urlencode({"room": code, "phase": "before", "pick": pick, **({"me": me} if me else {})}).encode()


def cookie_of(answer: Answer) -> str:
    assert len(answer.cookies) == 1, answer.cookies
    return answer.cookies[0].split(";", 1)[0].split("=", 1)[1]


def test_a_new_phone_gets_an_issued_id_in_a_lax_cookie(poll) -> None:
    app, _, code = poll
    answer = call(app, "GET", f"/vote?room={code}", {"sec-fetch-site": "cross-site"})
    assert answer.status == 200
    me = cookie_of(answer)
    assert is_issued(me)
    assert answer.cookies[0] == f"explorer_participant={me}; Max-Age=2592000; Path=/; SameSite=Lax; HttpOnly"


def test_a_join_link_from_another_site_keeps_the_phones_cookie(poll) -> None:
    app, _, code = poll
    mine = phone.participant(None, None)[0]
    answer = call(app, "GET", f"/vote?room={code}&me={KNOWN}",
                  {"cookie": f"explorer_participant={mine}", "sec-fetch-site": "cross-site"})
    assert answer.status == 303 and answer.cookies == []  # the cookie holds the id: the address loses `me=`
    assert answer.header("location") == f"/vote?room={code}"
    answer = call(app, "GET", f"/vote?room={code}", {"cookie": f"explorer_participant={mine}",
                                                    "sec-fetch-site": "cross-site"})
    assert answer.status == 200 and answer.cookies == [] and 'name="me"' not in answer.body


def test_a_link_from_another_site_cannot_give_a_new_phone_a_known_id(poll) -> None:
    app, _, code = poll
    answer = call(app, "GET", f"/vote?room={code}&me={KNOWN}", {"sec-fetch-site": "cross-site"})
    assert answer.status == 200
    assert cookie_of(answer) != KNOWN and KNOWN not in answer.body
    same = call(app, "GET", f"/vote?room={code}&me={KNOWN}", {"sec-fetch-site": "same-origin"})
    assert cookie_of(same) == KNOWN  # the page's own redirect, for a browser that keeps no cookies


@pytest.mark.parametrize("made_up", ["aaaaaaaa", "attackerknownid0001", "0123456789ab4def8123456789abcdeF",
                                     "0123456789ab1def8123456789abcdef"])
def test_only_ids_of_the_issued_form_are_taken(poll, made_up: str) -> None:
    app, store, code = poll
    answer = call(app, "POST", "/vote", {"cookie": f"explorer_participant={made_up}"}, form(code, me=made_up))
    assert answer.status == 303
    given = cookie_of(answer)
    assert given != made_up and is_issued(given)
    assert store.ballot_of(code, "before", made_up) is None and store.ballot_of(code, "before", given) == {"a": 1}


@pytest.mark.parametrize("headers", [
    {"origin": ELSEWHERE, "sec-fetch-site": "cross-site"},
    {"origin": "http://127.0.0.1:8501", "sec-fetch-site": "same-site"},  # the app's port: not the page itself
    {"origin": ELSEWHERE},  # a browser that sends no Sec-Fetch-Site
    {"origin": "null"},
])
def test_a_ballot_posted_from_another_site_is_refused(poll, headers: dict[str, str]) -> None:
    app, store, code = poll
    mine = phone.participant(None, None)[0]
    answer = call(app, "POST", "/vote", {**headers, "cookie": f"explorer_participant={mine}"}, form(code, "b", KNOWN))
    assert answer.status == 403 and answer.cookies == []
    assert html.escape(phone.ELSEWHERE) in answer.body
    assert store.cast_ballots(code, "before") == []


@pytest.mark.parametrize("headers", [{"origin": f"http://{HOST}", "sec-fetch-site": "same-origin"},
                                     {"origin": f"http://{HOST}"}, {}])
def test_a_ballot_from_the_page_itself_counts(poll, headers: dict[str, str]) -> None:
    app, store, code = poll
    mine = phone.participant(None, None)[0]
    answer = call(app, "POST", "/vote", {**headers, "cookie": f"explorer_participant={mine}"}, form(code, "b"))
    assert answer.status == 303 and answer.cookies == []
    assert store.cast_ballots(code, "before") == [(mine, {"b": 1})]


# --- limits a minute, and the headers on every answer --------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def limited(tmp_path: Path):
    store = SQLiteStore(tmp_path / "polls.sqlite3")
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    clock = Clock()
    yield make_app(store, limits=Limits(clock)), store, code, clock
    store.close()


def test_ballots_with_made_up_ids_stop_at_the_limit_of_new_ids_a_minute(limited) -> None:
    app, store, code, clock = limited
    for n in range(NEW_IDS_PER_ADDRESS):
        assert call(app, "POST", "/vote", body=form(code, me=f"madeup{n:04d}")).status == 303
    refused = call(app, "POST", "/vote", body=form(code, me="madeup9999"))
    assert refused.status == 429 and refused.cookies == [] and refused.header("retry-after") == "60"
    assert html.escape(TOO_MANY) in refused.body
    assert call(app, "GET", f"/vote?room={code}").status == 429  # a new id on a page load counts too
    assert len(store.cast_ballots(code, "before")) == NEW_IDS_PER_ADDRESS
    assert call(app, "POST", "/vote", body=form(code), client="10.0.0.6").status == 303  # another network
    clock.t += 61
    assert call(app, "POST", "/vote", body=form(code)).status == 303


def test_a_class_of_35_behind_one_address_joins_and_changes_its_votes(limited) -> None:
    app, store, code, _ = limited
    phones = [cookie_of(call(app, "GET", f"/vote?room={code}")) for _ in range(35)]
    for turn in range(5):
        for me in phones:
            sent = call(app, "POST", "/vote", {"cookie": f"explorer_participant={me}", "origin": f"http://{HOST}"},
                        form(code, "ab"[turn % 2]))
            assert sent.status == 303
    assert sorted(store.cast_ballots(code, "before")) == sorted((me, {"a": 1}) for me in phones)


def test_a_room_takes_at_most_its_new_ids_a_minute_from_all_addresses(limited) -> None:
    app, _, code, _ = limited
    for n in range(NEW_IDS_PER_ROOM):
        assert call(app, "GET", f"/vote?room={code}", client=f"10.1.{n // 100}.{n % 100}").status == 200
    assert call(app, "GET", f"/vote?room={code}", client="10.2.0.1").status == 429
    assert call(app, "GET", "/vote?room=OTHER1", client="10.2.0.1").status == 404  # another room is not held up


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/vote", 200), ("PUT", "/vote", 405), ("DELETE", "/vote/state", 405), ("GET", "/nothing", 404),
    ("GET", "/healthz", 200), ("GET", "/", 303), ("GET", "/vote/state?room=NOPE", 404)])
def test_every_answer_carries_the_security_headers(poll, method: str, path: str, status: int) -> None:
    app, _, _ = poll
    answer = call(app, method, path)
    assert answer.status == status
    for name, value in HEADERS.items():
        assert [v for k, v in answer.headers if k == name.lower()] == [value]


def test_a_request_whose_headers_arrive_too_slowly_is_closed(tmp_path: Path) -> None:
    import socket
    import time

    from appserver import serve_phone, stop

    process, url = serve_phone(tmp_path / "polls.sqlite3", env={"EXPLORER_PHONE_HEADER_SECONDS": "1"})
    try:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
            started = time.monotonic()
            assert slow.recv(100) == b""  # closed by the server
            assert 0.5 < time.monotonic() - started < 5
        with socket.create_connection(("127.0.0.1", port), timeout=10) as quick:
            quick.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert quick.recv(100).startswith(b"HTTP/1.1 200 OK")
    finally:
        stop(process)


# --- the moderator's key remembered by the teacher's browser (POST /moderator) --------------------------------

SECRET = "a-secret-of-the-class-server-0123"
APP_PAGE = "http://127.0.0.1:8501"  # the app beside the phone page: the same site, another port


@pytest.fixture
def keyed(tmp_path: Path, monkeypatch):

    monkeypatch.setenv(config.SECRET_VAR, SECRET)
    store = SQLiteStore(tmp_path / "polls.sqlite3")
    code, key = store.create_room(SETUP)
    yield make_app(store, limits=Limits(Clock())), code, key
    store.close()


def remember(app, code: str, key: str, headers: dict[str, str], client: str = "10.0.0.5") -> Answer:
    return call(app, "POST", "/moderator", headers, urlencode({"room": code, "key": key}).encode(), client=client)


def test_the_right_key_from_the_app_beside_it_sets_the_signed_http_only_cookie(keyed) -> None:
    from explorer.classroom import moderator

    app, code, key = keyed
    answer = remember(app, code.lower(), key, {"origin": APP_PAGE, "sec-fetch-site": "same-site"})
    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == APP_PAGE
    assert answer.header("access-control-allow-credentials") == "true"
    assert len(answer.cookies) == 1
    name, _, rest = answer.cookies[0].partition("=")
    value, _, attributes = rest.partition("; ")
    assert name == f"explorer_moderator_{code}"
    assert attributes == "Max-Age=86400; Path=/; SameSite=Strict; HttpOnly"
    assert moderator.read(value, code, SECRET) == key


@pytest.mark.parametrize(("headers", "status"), [
    ({"origin": "http://localhost:8501", "sec-fetch-site": "cross-site"}, 403),  # another site
    ({"origin": "http://evil.example", "sec-fetch-site": "same-site"}, 403),  # an Origin not of this host
    ({"sec-fetch-site": "same-site"}, 403),  # no Origin: not a page's script
    ({"origin": "null"}, 403),
])
def test_a_key_from_another_site_sets_nothing(keyed, headers: dict[str, str], status: int) -> None:
    app, code, key = keyed
    answer = remember(app, code, key, headers)
    assert answer.status == status and answer.cookies == []


def test_a_wrong_key_sets_nothing_and_guessing_is_held_to_a_limit(keyed) -> None:
    from explorer.classroom.phone_app import KEY_TRIES_PER_ADDRESS

    app, code, key = keyed
    same_site = {"origin": APP_PAGE, "sec-fetch-site": "same-site"}
    wrong = remember(app, code, "guessed", same_site)
    assert (wrong.status, wrong.body, wrong.cookies) == (403, "That is not the moderator key of this debate.", [])
    for _ in range(KEY_TRIES_PER_ADDRESS - 1):
        remember(app, code, "guessed", same_site)
    assert remember(app, code, key, same_site).status == 429  # past the limit, even the right key waits a minute
    assert remember(app, code, key, same_site, client="10.0.0.9").status == 204


def test_without_a_shared_secret_no_key_is_remembered(poll, monkeypatch) -> None:

    monkeypatch.delenv(config.SECRET_VAR, raising=False)
    app, _store, code = poll
    answer = remember(app, code, "anything", {"origin": APP_PAGE, "sec-fetch-site": "same-site"})
    assert answer.status == 404 and answer.cookies == []


# --- the students' weighing (/weigh), on the small case loaded once ------------------------------------------


@pytest.fixture
def weighing(tmp_path: Path):
    from conftest import ARMY, write_case

    from explorer.load import load_case

    case, _ = load_case(write_case(tmp_path / "case", {"theses/army.yaml": ARMY}))
    store = SQLiteStore(tmp_path / "polls.sqlite3")
    setup = Setup(theses=["harvest", "prestige", "army"], teams=[Team(name="Reds", thesis="harvest")],
                  rounds=[Round(name="R", minutes=3)])
    code, key = store.create_room(setup)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    yield make_app(store, case=case), store, code, key
    store.close()


def weigh_form(code: str, **fields: str) -> bytes:
    return urlencode({"room": code, "phase": "before", "way": "weigh", **fields}).encode()


def test_a_phone_weighs_the_evidence_and_sees_its_ranking(weighing) -> None:
    from explorer.classroom.perspective import Perspective

    app, store, code, _ = weighing
    first = call(app, "GET", f"/weigh?room={code}")
    assert first.status == 200 and "Send my weighing" in first.body
    me = cookie_of(first)
    assert call(app, "GET", f"/vote?room={code}", {"cookie": f"explorer_participant={me}"}).body.count(
        f'href="/weigh?room={code}"') == 1  # the vote links to the weighing on this server
    mine = {"cookie": f"explorer_participant={me}", "origin": f"http://{HOST}", "sec-fetch-site": "same-origin"}
    sent = call(app, "POST", "/weigh", mine, weigh_form(code, **{"trust-beta": "1"}))
    assert (sent.status, sent.header("location")) == (303, f"/weigh?room={code}&sent=1")
    assert store.perspective_of(code, "before", me) == Perspective(
        weights={"support": 1.0, "corroboration": 0.5, "backing": 0.5, "contestation": 0.5},
        trust={"alpha": 0.8, "beta": 1.0, "gamma_book": 1.0}, points={1: 0.0})
    shown = call(app, "GET", sent.header("location"), {"cookie": f"explorer_participant={me}"})
    assert "Sent. You can change it until the poll closes." in shown.body
    assert "The setting that makes the biggest difference: Trust in Beta." in shown.body
    assert "Change what I sent" in shown.body


def test_a_weighing_from_another_site_or_a_closed_poll_is_not_taken(weighing) -> None:
    app, store, code, key = weighing
    me = phone.participant(None, None)[0]
    cross = call(app, "POST", "/weigh", {"cookie": f"explorer_participant={me}", "origin": ELSEWHERE,
                                         "sec-fetch-site": "cross-site"}, weigh_form(code))
    assert cross.status == 403 and store.perspective_of(code, "before", me) is None
    bad = call(app, "POST", "/weigh", {"cookie": f"explorer_participant={me}"}, weigh_form(code, **{"w-support": "9"}))
    assert bad.status == 400
    assert html.escape("Not sent: “Passages for it (support)” must be a number from 0 to 5, not “9”.") in bad.body
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
    closed = call(app, "POST", "/weigh", {"cookie": f"explorer_participant={me}"}, weigh_form(code))
    assert closed.status == 409 and store.perspective_of(code, "before", me) is None
    assert html.escape("The poll “Before the debate” is closed; your weighing is taken only while it is open") in (
        closed.body)
    assert "The poll before the debate is closed. Keep this page open for the poll after the debate." in closed.body


def test_a_browser_without_cookies_sees_what_it_sent(weighing) -> None:
    app, store, code, _ = weighing
    page = call(app, "GET", f"/weigh?room={code}")
    me = re.search(r'name="me" value="([0-9a-f]{32})"', page.body).group(1)
    assert me == cookie_of(page)
    sent = call(app, "POST", "/weigh", {"origin": f"http://{HOST}"}, weigh_form(code, me=me))
    assert sent.status == 200 and "Sent. You can change it until the poll closes." in sent.body
    assert store.perspective_of(code, "before", me) is not None
