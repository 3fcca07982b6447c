"""Two app servers, one class, one PostgreSQL, in a real browser (Playwright driving Debian's Chromium).

Students vote through both servers; the moderator's console on the first shows every ballot within its
refresh; the first server is restarted mid-poll and nothing confirmed is lost. Then the same class through
nginx with the README's configuration (deploy/nginx.conf): every browser keeps to one server, websocket and
downloads included. Needs EXPLORER_TEST_POSTGRES and nginx; skipped without them on a developer's machine,
a failure under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
FIRST = 30_000  # ms: a first load and a first interaction are slow
REFRESH = 2_000 + 4_000  # ms: the console's live results rerun every 2 s; 4 s for the rerun to reach the page

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: CI must run the browser tests (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from appserver import free_port, serve, stop
from engines import postgres_schema, postgres_server
from playwright.sync_api import Browser, Page, expect

# Every wait has an explicit timeout sized for a loaded 2-core machine: each expect() (Playwright's default is 5 s)
# and, through the fixture below, each action of the page a test is given.
expect.set_options(timeout=FIRST)


@pytest.fixture(autouse=True)
def patient_page(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(FIRST)

from explorer.classroom import debate
from explorer.classroom.debate import Setup
from explorer.classroom.store import open_store

CHOICES = {  # the vote page's labels for the default debate (the three leading explanations, teams A to C)
    "lost_prestige": "Setbacks abroad and the loss of prestige, Cuba above all (Team A)",
    "personal_style": "His erratic personal and administrative style (Team B)",
    "hardliner_backlash": "Backlash of party hardliners against his reforms (Team C)",
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture
def poll_db():
    with postgres_schema(postgres_server()) as (_, url):
        yield url


def app_server(url: str, port: int | None = None):
    return serve(ROOT / "app.py", env={"EXPLORER_POLL_DB": url}, port=port)


def create_debate(page: Page, base: str) -> tuple[str, str]:
    """The teacher sets up the default debate and opens the poll before it: (join code, moderator key)."""
    page.goto(f"{base}/debate")
    expect(page.get_by_role("heading", name="Set up a class debate")).to_be_visible(timeout=FIRST)
    page.get_by_role("button", name="Create the debate room").click()
    ready = page.get_by_text(re.compile(r"^The debate room is ready\. Join code: [A-Z0-9]{6}$"))
    expect(ready).to_be_visible(timeout=FIRST)
    code = ready.inner_text().rsplit(" ", 1)[1]
    key = page.locator("[data-testid='stCode'] code").inner_text().strip()
    page.get_by_role("link", name="Open the moderator's console").click()
    page.get_by_role("button", name="Open “Before the debate”").click()
    expect(page.get_by_role("button", name="Close “Before the debate”")).to_be_visible(timeout=FIRST)
    return code, key


def vote(browser: Browser, base: str, code: str, thesis: str) -> Page:
    """A student's phone joins through `base` and votes; returns the page once the vote is confirmed."""
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    student = phone.new_page()
    student.goto(f"{base}/vote?room={code}")
    expect(student.get_by_role("heading", name="Before the debate")).to_be_visible(timeout=FIRST)
    student.get_by_text(CHOICES[thesis], exact=True).click()
    student.get_by_role("button", name=re.compile(r"^(Send|Change) my vote$")).click()
    expect(student.get_by_text("Your vote is recorded. You can change it until the poll closes.")).to_be_visible(
        timeout=FIRST)
    return student


def ballots_line(n: int) -> re.Pattern:
    return re.compile(rf"Before the debate: {n} ballots? · After the debate: 0 ballots")


def expected_csv(code: str, tally: dict[str, float], ballots: int) -> list[str]:
    titles = {t: label.rsplit(" (", 1)[0] for t, label in CHOICES.items()}
    setup = Setup.model_validate({"theses": list(CHOICES), "teams": [
        {"name": f"Team {chr(65 + n)}", "thesis": t} for n, t in enumerate(CHOICES)],
        "rounds": [{"name": "R", "minutes": 1}]})
    fake = [{t: 1.0} for t, n in tally.items() for _ in range(int(n))]
    assert len(fake) == ballots
    return debate.results_csv(code, setup, titles, {"before": fake}).splitlines()


def download_results(page: Page) -> list[str]:
    """The console's CSV, once the page's run has finished (a stale download button holds the earlier file)."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')"
                           " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=FIRST)
    page.wait_for_timeout(500)
    with page.expect_download(timeout=FIRST) as done:
        page.get_by_role("button", name="Download the results (CSV)").click()
    return Path(done.value.path()).read_text(encoding="utf-8").splitlines()


def tally_in(url: str, code: str) -> dict[str, float]:
    store = open_store(url)
    try:
        return {t: v for t, v in debate.tally(store.room(code).setup, store.ballots(code, "before")).items()}
    finally:
        store.close()


def test_two_servers_one_class_and_a_restart_mid_poll(browser: Browser, poll_db: str) -> None:
    first, first_url = app_server(poll_db)
    second, second_url = app_server(poll_db)
    port = int(first_url.rsplit(":", 1)[1])
    console = browser.new_context(viewport={"width": 1400, "height": 2400})
    students: list[Page] = []
    try:
        teacher = console.new_page()
        code, key = create_debate(teacher, first_url)
        for base, thesis in [(first_url, "personal_style"), (second_url, "lost_prestige"),
                             (first_url, "lost_prestige"), (second_url, "hardliner_backlash"),
                             (second_url, "lost_prestige"), (first_url, "personal_style")]:
            students.append(vote(browser, base, code, thesis))
        # the console on the first server sees the ballots cast through both, within its refresh
        expect(teacher.get_by_text(ballots_line(6))).to_be_visible(timeout=REFRESH)

        stop(first)  # the first server goes down mid-poll; the class goes on through the second
        students.append(vote(browser, second_url, code, "hardliner_backlash"))
        students.append(vote(browser, second_url, code, "personal_style"))
        first, _ = app_server(poll_db, port=port)  # and comes back on the same address

        # a phone that was on the first server changes its vote after the restart: replaced, not added
        changed = students[0]
        changed.reload()
        expect(changed.get_by_role("button", name="Change my vote")).to_be_visible(timeout=FIRST)
        changed.get_by_text(CHOICES["hardliner_backlash"], exact=True).click()
        changed.get_by_role("button", name="Change my vote").click()
        expect(changed.get_by_text("Your vote is recorded. You can change it until the poll closes.")).to_be_visible(
            timeout=FIRST)

        # the restarted server knows nothing of the teacher's session: the key unlocks the console again
        teacher.goto(f"{first_url}/moderate?room={code}")
        teacher.get_by_label("Moderator key").fill(key)
        teacher.get_by_role("button", name="Unlock the console").click()
        expect(teacher.get_by_text(ballots_line(8))).to_be_visible(timeout=FIRST)
        # every confirmed ballot, once: authority 2 (phones 6, 8), prestige 3 (2, 3, 5), backlash 3 (1, 4, 7)
        tally = {"personal_style": 2.0, "lost_prestige": 3.0, "hardliner_backlash": 3.0}
        assert tally_in(poll_db, code) == tally
        assert download_results(teacher) == expected_csv(code, tally, 8)
        expect(teacher.get_by_text("Traceback")).to_have_count(0)
    finally:
        for page in students:
            page.context.close()
        console.close()
        stop(first)
        stop(second)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(folder: Path, upstreams: list[str]) -> tuple[subprocess.Popen, str, Path]:
    """nginx with deploy/nginx.conf as the README gives it, but listening on a free local port and pointing at
    the local servers; each request logged with the browser's route key and the server it reached."""
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"nginx not found at {NGINX}: CI must run the reverse-proxy test (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    port = free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "    server app1:8501;\n    server app2:8501;\n" in site and "    listen 80;\n" in site
    site = site.replace("    server app1:8501;\n    server app2:8501;\n",
                        "".join(f"    server {u};\n" for u in upstreams))
    site = site.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    (folder / "explorer.conf").write_text(site, encoding="utf-8")
    log = folder / "access.log"
    (folder / "nginx.conf").write_text(f"""
daemon off;
user root root;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{}}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/explorer.conf;
    log_format route '$explorer_route $upstream_addr $request_uri';
    access_log {log} route;
}}
""", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.read() == b"ok":
                    return process, url, log
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("nginx did not answer within 20 s")


def routes(log: Path) -> tuple[dict[str, set[str]], set[str]]:
    """From nginx's log: the servers each browser's requests reached (by its route key), and the keys whose
    websocket was proxied."""
    reached: dict[str, set[str]] = defaultdict(set)
    websockets: set[str] = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        route, upstream, uri = line.split(" ", 2)
        if upstream != "-":
            reached[route].add(upstream)
        if uri.startswith("/_stcore/stream"):
            websockets.add(route)
    return reached, websockets


def test_through_nginx_every_browser_keeps_to_one_server(browser: Browser, poll_db: str, tmp_path: Path) -> None:
    first, first_url = app_server(poll_db)
    second, second_url = app_server(poll_db)
    upstreams = [first_url.removeprefix("http://"), second_url.removeprefix("http://")]
    proxy, url, log = start_nginx(tmp_path, upstreams)
    console = browser.new_context(viewport={"width": 1400, "height": 2400})
    students: list[Page] = []
    try:
        teacher = console.new_page()
        code, _ = create_debate(teacher, url)
        picks = ["personal_style", "lost_prestige", "lost_prestige", "hardliner_backlash", "lost_prestige",
                 "personal_style", "hardliner_backlash"]
        for thesis in picks:
            students.append(vote(browser, url, code, thesis))
        expect(teacher.get_by_text(ballots_line(7))).to_be_visible(timeout=REFRESH)
        teacher.get_by_role("button", name="Start the clock").click()  # a full run: the download is made anew
        expect(teacher.get_by_role("button", name="Pause the clock")).to_be_visible(timeout=FIRST)
        tally = {"personal_style": 2.0, "lost_prestige": 3.0, "hardliner_backlash": 2.0}
        assert download_results(teacher) == expected_csv(code, tally, 7)  # the file lives on one server only
        assert tally_in(poll_db, code) == tally
    finally:
        for page in students:
            page.context.close()
        console.close()
        browsers = 1 + len(picks)
        deadline = time.monotonic() + 10  # nginx logs a websocket when it closes
        while time.monotonic() < deadline and len(routes(log)[1]) < browsers:
            time.sleep(0.2)
        proxy.terminate()
        proxy.wait(timeout=20)
        stop(first)
        stop(second)
    reached, websockets = routes(log)
    assert len(websockets) == browsers  # each browser's websocket went through, under a key of its own
    assert set(websockets) <= set(reached)
    assert {route: len(servers) for route, servers in reached.items() if len(servers) != 1} == {}  # sticky
    used = {server for servers in reached.values() for server in servers}
    print(f"nginx sent {len(reached)} browsers to {len(used)} servers: "
          + ", ".join(f"{s} {sum(s in v for v in reached.values())}" for s in sorted(used)))
