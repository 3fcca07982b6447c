"""Faults during a class poll, on the phone page's real server (explorer/classroom/phone_app.py, as `make class` starts it).

The server is stopped in the middle of a burst of ballots, by SIGTERM and by SIGKILL, and started again on the same
database: every ballot a phone saw confirmed is there, once; each phone, reloading, is told whether its ballot is
stored; phones change their ballots without adding a second one; the moderator gets the console back with the key.
In Chromium: a phone left open on the poll while the server was down and the poll closed shows the closed poll
by itself once the server is back, and the page loads no file after its HTML, so no script can fail to load.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from appserver import free_port, serve_phone
from engines import sqlite_locked
from streamlit.testing.v1 import AppTest

from explorer.classroom import debate
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
THESES = ["lost_authority", "lost_prestige", "hardliner_backlash"]
TITLES = {"lost_authority": "A loss of confidence in him as leader, beyond any one grievance",
          "lost_prestige": "Setbacks abroad and the loss of prestige, Cuba above all",
          "hardliner_backlash": "Backlash of party hardliners against his reforms"}
SETUP = Setup(theses=THESES, teams=[Team(name=f"Team {chr(65 + n)}", thesis=t) for n, t in enumerate(THESES)],
              rounds=[Round(name="Opening statements", minutes=4)], titles=TITLES)
PHONES = 30


def label(thesis: str) -> str:
    return f"{TITLES[thesis]} (Team {chr(65 + THESES.index(thesis))})"


class Phone:
    """A phone's browser without JavaScript: its own cookies, forms posted, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.confirmed: str | None = None  # the choice the phone last saw confirmed
        self.pending: str | None = None  # a choice sent after it, whose answer never came

    def get(self, code: str) -> str:
        with self.opener.open(f"{self.base}/vote?room={code}", timeout=10) as answer:
            return answer.read().decode()

    def vote(self, code: str, thesis: str) -> str:
        form = urlencode({"room": code, "phase": "before", "pick": thesis}).encode()
        with self.opener.open(f"{self.base}/vote", form, timeout=10) as answer:
            return answer.read().decode()

    @property
    def me(self) -> str:
        return next(c.value for c in self.jar if c.name == "explorer_participant")


def stored_line(thesis: str) -> str:
    return html.escape(f"Your vote is stored: {label(thesis)}. You can change it until the poll closes.")


@pytest.fixture
def poll(tmp_path: Path) -> tuple[Path, str, str]:
    db = tmp_path / "polls.sqlite3"
    store = SQLiteStore(db)
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    return db, code, key


def burst(phones: list[Phone], code: str, stop_after: int, stop) -> None:
    """Every phone votes, then changes its vote, again and again; after `stop_after` confirmations, stop(); the
    phones go on until their requests fail."""
    confirmations = threading.Semaphore(0)

    def run(n: int, phone: Phone) -> None:
        phone.get(code)
        for k in range(40):
            choice = THESES[(n + k) % len(THESES)]
            phone.pending = choice
            try:
                page = phone.vote(code, choice)
            except (OSError, urllib.error.URLError):
                return  # the server went away; the answer never came
            assert stored_line(choice) in page
            phone.confirmed, phone.pending = choice, None
            confirmations.release()

    threads = [threading.Thread(target=run, args=(n, p)) for n, p in enumerate(phones)]
    for t in threads:
        t.start()
    for _ in range(stop_after):
        assert confirmations.acquire(timeout=60)
    stop()
    for t in threads:
        t.join(timeout=60)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_server_stopped_mid_burst_keeps_every_confirmed_ballot_once(poll, how, monkeypatch) -> None:
    db, code, key = poll
    port = free_port()
    server, base = serve_phone(db, port=port)
    phones = [Phone(base) for _ in range(PHONES)]
    try:
        burst(phones, code, stop_after=PHONES * 2, stop=lambda: server.send_signal(how))
        server.wait(timeout=30)
        store = SQLiteStore(db)
        confirmed = [p for p in phones if p.confirmed]
        assert len(confirmed) >= PHONES // 2
        for phone in confirmed:  # the confirmed ballot, or the one sent after it if that one reached the store
            assert store.ballot_of(code, "before", phone.me) in ({phone.confirmed: 1.0}, {phone.pending: 1.0})
        participants = {p.me for p in phones if any(c.name == "explorer_participant" for c in p.jar)}
        stored = {p.me: store.ballot_of(code, "before", p.me) for p in phones}
        assert store.counts(code)["before"] == sum(1 for b in stored.values() if b) <= len(participants)

        server, base = serve_phone(db, port=port)  # started again on the same database and address
        for phone in phones:  # each phone reloads: told whether its ballot is stored, and which
            page = phone.get(code)
            ballot = stored[phone.me]
            if ballot:
                assert stored_line(next(iter(ballot))) in page and "Change my vote" in page
            else:
                assert "Your vote is stored" not in page and "Send my vote" in page
        for phone in phones:  # and changes it: replaced, never added
            choice = next(t for t in THESES if stored[phone.me] != {t: 1.0})
            assert stored_line(choice) in phone.vote(code, choice)
            phone.confirmed = choice
        assert store.counts(code)["before"] == PHONES
        assert {p.me: store.ballot_of(code, "before", p.me) for p in phones} == {
            p.me: {p.confirmed: 1.0} for p in phones}
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=20)

    # the moderator, on a Streamlit server started afresh, gets the console back with the key
    monkeypatch.setenv("EXPLORER_POLL_DB", str(db))
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.query_params["room"] = code
    at.switch_page("explorer/ui/pages/moderate.py").run()
    assert at.info[0].value.startswith("You are watching this debate")
    at.text_input(key="console_key").set_value(key)
    at.button(key="console_unlock").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"Before the debate: **{PHONES}** ballots" in m.value for m in at.markdown)
    assert at.button(key="close_before")  # the moderator's controls are back


def test_a_busy_store_is_said_on_the_phone_and_the_choice_kept(poll) -> None:
    db, code, _ = poll
    server, base = serve_phone(db, env={"EXPLORER_POLL_BUSY_SECONDS": "0.3"})
    try:
        phone = Phone(base)
        phone.get(code)
        with sqlite_locked(db):
            with pytest.raises(urllib.error.HTTPError) as refused:
                phone.vote(code, "lost_prestige")
            page = refused.value.read().decode()
            assert refused.value.code == 503
            assert ('<p class="note error" role="alert">The poll is busy, try again. Your choice is kept here.</p>'
                    in page)
            assert 'name="pick" value="lost_prestige" checked required>' in page
        assert stored_line("lost_prestige") in phone.vote(code, "lost_prestige")
    finally:
        server.terminate()
        server.wait(timeout=20)


def raw(base: str, request: bytes, trickle: bytes = b"", every: float = 0.0) -> bytes:
    """Send a request as bytes (then `trickle`, a byte at a time, `every` seconds apart) and read the whole answer."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        try:
            for byte in trickle:
                time.sleep(every)
                sock.sendall(bytes([byte]))
        except OSError:
            pass  # the server closed the connection: its answer is waiting
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_what_a_class_network_sends_cannot_swell_or_hold_the_phone_page(poll) -> None:
    db, code, _ = poll
    server, base = serve_phone(db)
    head = b"POST /vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    try:
        # a length over the limit is refused before a byte of the body is read
        said = raw(base, head + b"Content-Length: 999999999\r\n\r\n")
        assert said.startswith(b"HTTP/1.1 413 ") and said.endswith(b"Too much sent.")
        # a chunked body without a length is read no further than the limit
        chunk = b"a" * 8192
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4)) + b"0\r\n\r\n"
        said = raw(base, head + b"Transfer-Encoding: chunked\r\n\r\n" + body)
        assert said.startswith(b"HTTP/1.1 413 ")
        # a form sent a byte a second is answered once BODY_SECONDS (10 s) have passed, and the connection closed
        form = urlencode({"room": code, "phase": "before", "pick": "lost_prestige"}).encode()
        said = raw(base, head + b"Content-Length: %d\r\n\r\n" % len(form), trickle=form, every=1.0)
        assert said.startswith(b"HTTP/1.1 408 ") and said.endswith(b"Sent too slowly.")
        assert SQLiteStore(db).ballots(code, "before") == []
        # the state of a room that is not there is `gone` (the page reloads and says so), not a failure
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(f"{base}/vote/state?room=NOSUCH", timeout=10)
        assert (gone.value.code, gone.value.read()) == (404, b"gone")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_phone_is_never_shown_where_the_store_is_or_why_it_fails(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    server, base = serve_phone(tmp_path / "afile" / "polls.sqlite3")
    try:
        with pytest.raises(urllib.error.HTTPError) as failed:
            Phone(base).get("ABCDEF")
        page = failed.value.read().decode()
        assert failed.value.code == 503
        assert ('<p class="note error" role="alert">The poll is not available just now. Tell your teacher (their '
                "console says what is wrong), and reload this page when they say.</p>") in page
        assert str(tmp_path) not in page
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_vote_in_a_closed_poll_is_refused_with_the_current_state(poll) -> None:
    db, code, key = poll
    server, base = serve_phone(db)
    try:
        phone = Phone(base)
        phone.get(code)
        SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
        with pytest.raises(urllib.error.HTTPError) as refused:
            phone.vote(code, "lost_prestige")
        page = refused.value.read().decode()
        assert refused.value.code == 409
        assert "The poll “Before the debate” is closed; votes are taken only while it is open" in page
        assert "The poll before the debate is closed. Keep this page open for the poll after the debate." in page
        assert "Send my vote" not in page
        with pytest.raises(urllib.error.HTTPError) as unknown:
            phone.get("NOPE99")
        assert unknown.value.code == 404
        assert "No debate has the code NOPE99; check the code on the board" in unknown.value.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- in a real browser -------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


def phone_page(request, **options):
    """A phone-sized page in Chromium; skipped without Chromium, except under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must run the browser tests")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    browser = request.getfixturevalue("browser")
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    request.addfinalizer(context.close)
    return context.new_page()


@pytest.fixture
def chromium_page(request):
    return phone_page(request)


@pytest.fixture
def no_script_page(request):
    return phone_page(request, java_script_enabled=False)


def test_a_phone_left_open_through_a_restart_shows_the_poll_as_it_is_now(poll, chromium_page) -> None:
    from playwright.sync_api import expect

    db, code, key = poll
    port = free_port()
    server, base = serve_phone(db, port=port)
    page = chromium_page
    try:
        page.goto(f"{base}/vote?room={code}")
        page.get_by_label(label("lost_prestige")).check()  # a real <label for>: found by its text
        page.get_by_role("button", name="Send my vote").click()
        expect(page.get_by_text(re.compile("^Your vote is stored: Setbacks abroad"))).to_be_visible(timeout=10_000)
        resources = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        assert [r for r in resources if "/vote/state" not in r] == []  # nothing loaded after the HTML

        server.send_signal(signal.SIGKILL)
        server.wait(timeout=20)
        SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
        page.wait_for_timeout(5_000)  # the page's check fails quietly while the server is down
        expect(page.get_by_role("button", name="Change my vote")).to_be_visible()
        server, base = serve_phone(db, port=port)
        expect(page.get_by_text("The poll before the debate is closed. Keep this page open for the poll after the "
                                "debate.")).to_be_visible(timeout=15_000)  # by itself: no reload by hand
        expect(page.get_by_role("button")).to_have_count(0)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=20)


def test_a_phone_without_javascript_checks_again_and_votes(poll, no_script_page) -> None:
    from playwright.sync_api import expect

    db, code, key = poll
    SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(state, "before", "waiting"))
    server, base = serve_phone(db)
    page = no_script_page
    try:
        page.goto(f"{base}/vote?room={code}")
        expect(page.get_by_text(re.compile("^The poll is not open yet"))).to_be_visible(timeout=10_000)
        SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
        page.get_by_role("link", name="Check again").click()
        expect(page.get_by_role("button", name="Send my vote")).to_be_visible(timeout=10_000)
        page.get_by_label(label("hardliner_backlash")).check()
        page.get_by_role("button", name="Send my vote").click()
        expect(page.get_by_text(re.compile("^Your vote is stored: Backlash"))).to_be_visible(timeout=10_000)
        assert SQLiteStore(db).counts(code)["before"] == 1
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_streamlit_join_pages_points_boxes_are_named_in_plain_words(tmp_path: Path, chromium_page) -> None:
    from appserver import serve, stop
    from playwright.sync_api import expect

    db = tmp_path / "polls.sqlite3"
    store = SQLiteStore(db)
    code, key = store.create_room(SETUP.model_copy(update={"poll": "points"}))
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    app, url = serve(ROOT / "app.py", env={"EXPLORER_POLL_DB": str(db), "EXPLORER_CASE": str(ROOT / "claims")})
    try:
        chromium_page.goto(f"{url}/vote?room={code}")
        for thesis in THESES:  # the accessible name is the words, with no Markdown escape in it
            expect(chromium_page.get_by_role("spinbutton", name=label(thesis), exact=True)).to_be_visible(
                timeout=30_000)
        shown = chromium_page.get_by_text(label("lost_prestige"), exact=True).filter(visible=True)
        expect(shown).to_have_count(1)  # on screen once, above its box
    finally:
        stop(app)


def test_one_command_starts_the_app_and_the_phone_page_and_stops_both(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "polls.sqlite3"
    port, phone_port = free_port(), free_port()
    launcher = subprocess.Popen([sys.executable, "-m", "explorer.classroom", "--address", "127.0.0.1", "--port",
                                 str(port), "--phone-port", str(phone_port), "--headless", "--",
                                 "--poll-db", str(db)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    try:
        answers = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(answers) < 2:
            for name, url in (("app", f"http://127.0.0.1:{port}/_stcore/health"),
                              ("phone", f"http://127.0.0.1:{phone_port}/healthz")):
                try:
                    with urllib.request.urlopen(url, timeout=1) as answer:
                        answers[name] = answer.read()
                except OSError:
                    time.sleep(0.2)
        assert answers == {"app": b"ok", "phone": b"ok"}
        store = SQLiteStore(db)
        code, key = store.create_room(SETUP)  # the same store behind both
        phone_page = Phone(f"http://127.0.0.1:{phone_port}")
        assert "The poll is not open yet" in phone_page.get(code)
        store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
        # the launcher gives the phone page the case: the weighing is served there, beside the vote
        assert f'<a href="/weigh?room={code}">Weigh the evidence yourself</a>' in phone_page.get(code)
        with urllib.request.urlopen(f"http://127.0.0.1:{phone_port}/weigh?room={code}", timeout=10) as answer:
            assert answer.status == 200 and "How far do you trust each source?" in answer.read().decode()
    finally:
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=30) == 0
    for url in (f"http://127.0.0.1:{port}/_stcore/health", f"http://127.0.0.1:{phone_port}/healthz"):
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=1)


def test_the_consoles_join_link_points_at_the_phone_page(poll, monkeypatch) -> None:
    db, code, _ = poll
    monkeypatch.setenv("EXPLORER_POLL_DB", str(db))
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    monkeypatch.setenv("EXPLORER_PHONE_PORT", "8502")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.query_params["room"] = code
    at.switch_page("explorer/ui/pages/moderate.py").run()
    page_text = " ".join(h.proto.body for h in at.get("html"))
    assert "Join at <b>localhost:8502/vote</b>" in page_text
    qr = at.get("image")[0].proto
    assert f"http://localhost:8502/vote?room={code}" in str(qr)  # the QR code's text alternative names the link


def test_the_phone_page_passes_axe_in_every_state(tmp_path: Path, chromium_page) -> None:
    from axe_tool import audit, axe_or_skip, described

    script = axe_or_skip()
    db = tmp_path / "polls.sqlite3"
    store = SQLiteStore(db)
    pick, key = store.create_room(SETUP)
    store.update(pick, key, lambda s, state: debate.set_phase(state, "before", "open"))
    points, points_key = store.create_room(SETUP.model_copy(update={"poll": "points"}))
    store.update(points, points_key, lambda s, state: debate.set_phase(state, "before", "open"))
    waiting, waiting_key = store.create_room(SETUP)
    server, base = serve_phone(db)
    page = chromium_page
    try:
        page.goto(f"{base}/vote?room={waiting}")  # with JavaScript, a waiting phone sees the poll open by itself
        page.get_by_text(re.compile("^The poll is not open yet")).wait_for(timeout=10_000)
        store.update(waiting, waiting_key, lambda s, state: debate.set_phase(state, "before", "open"))
        page.get_by_role("button", name="Send my vote").wait_for(timeout=15_000)
        store.update(waiting, waiting_key, lambda s, state: debate.set_phase(state, "before", "waiting"))
        for what, address in [("the code box", "/vote"), ("a pick poll", f"/vote?room={pick}"),
                              ("a points poll", f"/vote?room={points}"), ("waiting", f"/vote?room={waiting}"),
                              ("an unknown code", "/vote?room=NOPE99")]:
            page.goto(base + address)
            if what == "a pick poll":
                page.get_by_label(label("lost_authority")).check()
                page.get_by_role("button", name="Send my vote").click()
                page.get_by_text(re.compile("^Your vote is stored")).wait_for(timeout=10_000)
            found = audit(page, script)
            assert found["ours"] == [], f"{what}: {described(found['ours'])}"
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, what  # no sideways scrolling
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- the Streamlit join page (still served by the app, for a class without the phone page) -----------------------


def streamlit_vote(page, base: str, code: str, thesis: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/vote?room={code}")
    expect(page.get_by_role("heading", name="Before the debate")).to_be_visible(timeout=30_000)
    page.get_by_text(label(thesis), exact=True).click()
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_text("Your vote is recorded. You can change it until the poll closes.")).to_be_visible(
        timeout=30_000)


def test_a_streamlit_join_page_reconnected_after_a_restart_shows_the_poll_as_it_is_now(poll, chromium_page) -> None:
    from appserver import serve, stop
    from playwright.sync_api import expect

    db, code, key = poll
    env = {"EXPLORER_POLL_DB": str(db), "EXPLORER_CASE": str(ROOT / "claims")}
    port = free_port()
    app, base = serve(ROOT / "app.py", env=env, port=port)
    try:
        streamlit_vote(chromium_page, base, code, "lost_prestige")
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=20)
        SQLiteStore(db).update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
        chromium_page.wait_for_timeout(4_000)
        app, base = serve(ROOT / "app.py", env=env, port=port)
        expect(chromium_page.get_by_text("The poll before the debate is closed. Keep this page open for the poll "
                                         "after the debate.")).to_be_visible(timeout=30_000)  # by itself
        expect(chromium_page.get_by_role("button", name="Send my vote")).to_have_count(0)
    finally:
        if app.poll() is None:
            stop(app)


def test_a_streamlit_join_page_whose_script_failed_to_load_recovers_by_itself(poll, chromium_page) -> None:
    from appserver import serve, stop
    from playwright.sync_api import expect

    db, code, _ = poll
    app, base = serve(ROOT / "app.py", env={"EXPLORER_POLL_DB": str(db), "EXPLORER_CASE": str(ROOT / "claims")})
    page = chromium_page
    try:
        page.route(re.compile(r"/static/js/Radio\.[^/]*\.js$"), lambda route: route.abort())  # as if the server died
        page.goto(f"{base}/vote?room={code}")
        expect(page.get_by_text(re.compile("dynamically imported module")).first).to_be_visible(timeout=30_000)
        page.unroute(re.compile(r"/static/js/Radio\.[^/]*\.js$"))
        expect(page.get_by_text(label("lost_prestige"), exact=True)).to_be_visible(timeout=30_000)  # no hand reload
        expect(page.get_by_text(re.compile("dynamically imported module"))).to_have_count(0)
    finally:
        stop(app)
