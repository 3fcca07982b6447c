"""A class of phones joining a poll and voting, against real servers, beside a bare Streamlit page in the same run.

Three servers, each a process of its own, all on this machine (shared with whatever else runs on it: the load
average is printed beside each run):

- **phone page**: explorer/classroom/phone_app.py (uvicorn, plain HTML), as `make class` serves it to the students;
- **Streamlit vote page**: app.py's `/vote` page, as students used it before (and still can);
- **bare Streamlit**: bench/bare_vote.py, a radio and a button and nothing else: Streamlit's own floor.

and, on the phone page's server, **phone weighing**: a student's weighing of the evidence (/weigh: the sliders
shown, a weighing sent, the ranking it gives shown), timed like a vote ("join": the sliders shown; "vote": the
ranking shown after the weighing is stored) and checked in the store like a ballot.

The moderator's console (app.py's `/moderate`, unlocked with the key) is open in Chromium during the phone-page
and Streamlit-vote runs, as on the teacher's laptop; the benchmark reads its ballot count every 0.1 s.

How a phone is simulated, and why:
- on the phone page, by HTTP requests exactly as a browser sends them for that page (it fetches nothing else:
  no script or style file): GET the join link (the poll's form), POST the ballot, follow the redirect to the page
  that says the ballot is stored. An HTTP client is the page's whole work, so nothing is left out.
- on a Streamlit page, by what the Streamlit front end sends and receives: GET the page and the 60 script and
  style files its HTML loads (about 2.1 MB, six at a time, as a browser does), open the websocket
  (/_stcore/stream), ask for a run of the page (a BackMsg rerun_script), wait for the radio and the button (the
  ForwardMsg deltas) and the end of the run, then send the widgets' states (the choice and the button's
  trigger) and wait for the confirmation. Not simulated: the scripts' execution and drawing on the phone (its own
  processor, not the laptop's) and the chunks the front end imports later (Radio, Button: a few more requests).
  Browser contexts were not used for the phones: 60 Chromium pages on these 2 cores would measure Chromium,
  not the server.

Timed per phone, from opening the join link: "join" until the poll's choices are shown, "vote" until the
ballot is confirmed (no time to think: the choice is sent at once). At the end, every phone's confirmed ballot
is looked up in the store: a ballot lost or doubled fails the run.

    .venv/bin/python bench/bench_class.py [--phones 10,30,60] [--spread 30: each class size also joins spread over 30 s] [--only phone,streamlit,bare]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from appserver import serve, serve_phone, stop

from explorer.classroom import debate
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import open_store

THESES = ["lost_authority", "lost_prestige", "hardliner_backlash"]
TITLES = {"lost_authority": "A loss of confidence in him as leader, beyond any one grievance",
          "lost_prestige": "Setbacks abroad and the loss of prestige, Cuba above all",
          "hardliner_backlash": "Backlash of party hardliners against his reforms"}
SETUP = Setup(theses=THESES, teams=[Team(name=f"Team {chr(65 + n)}", thesis=t) for n, t in enumerate(THESES)],
              rounds=[Round(name="Opening statements", minutes=4)], titles=TITLES)
TIMEOUT = 180.0  # s a phone waits before it counts as failed
PARALLEL_ASSETS = 6  # a browser's connections per host


# --- a small HTTP/1.1 client (one request per connection, as a phone's first visit mostly is) -------------------


async def http(host: str, port: int, method: str, path: str, headers: dict[str, str] | None = None,
               body: bytes = b"") -> tuple[int, dict[str, list[str]], bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
                 "Accept-Encoding: gzip", "User-Agent: bench-phone"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in found.get("transfer-encoding", [""])[0]:
        payload = _unchunk(payload)
    if "gzip" in found.get("content-encoding", [""])[0]:
        payload = gzip.decompress(payload)
    return int(status_line.split()[1]), found, payload


def _unchunk(data: bytes) -> bytes:
    out, rest = b"", data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2:]
    return out


@dataclass
class Phone:
    join: float | None = None  # s from opening the link to the poll's choices
    vote: float | None = None  # s from opening the link to the confirmed ballot
    confirmed_at: float | None = None  # time.monotonic() of the confirmation
    participant: str = ""
    choice: str = ""
    error: str = ""


# --- the phone page --------------------------------------------------------------------------------------


async def phone_page_phone(n: int, port: int, code: str, delay: float) -> Phone:
    await asyncio.sleep(delay)
    phone = Phone(choice=THESES[n % len(THESES)])
    started = time.monotonic()
    try:
        status, headers, body = await http("127.0.0.1", port, "GET", f"/vote?room={code}")
        if status != 200 or b'name="pick"' not in body:
            raise RuntimeError(f"join page {status}")
        phone.join = time.monotonic() - started
        cookie = headers["set-cookie"][0].split(";")[0]
        phone.participant = cookie.split("=", 1)[1]
        form = f"room={code}&phase=before&me={phone.participant}&pick={phone.choice}".encode()
        status, headers, _ = await http("127.0.0.1", port, "POST", "/vote", {"Cookie": cookie}, form)
        if status != 303:
            raise RuntimeError(f"vote answered {status}")
        status, _, body = await http("127.0.0.1", port, "GET", headers["location"][0], {"Cookie": cookie})
        if status != 200 or b"Your vote is stored" not in body:
            raise RuntimeError(f"after the vote {status}")
        phone.confirmed_at = time.monotonic()
        phone.vote = phone.confirmed_at - started
    except Exception as err:  # noqa: BLE001 - counted and reported
        phone.error = repr(err)
    return phone


async def weigh_phone(n: int, port: int, code: str, delay: float) -> Phone:
    """A phone weighing the evidence on the phone page's server: GET the weighing page (its sliders shown: "join"),
    POST a weighing of its own (a trust and a criterion's weight that differ from phone to phone), follow the
    redirect to the page that shows its ranking beside the engine's ("vote": the weighing confirmed)."""
    await asyncio.sleep(delay)
    phone = Phone(choice=f"{n % 101 / 100:.2f}:{n % 11 * 0.5:g}")  # the trust in the wiki article, the support weight
    started = time.monotonic()
    try:
        status, headers, body = await http("127.0.0.1", port, "GET", f"/weigh?room={code}")
        if status != 200 or b'type="range"' not in body:
            raise RuntimeError(f"weighing page {status}")
        phone.join = time.monotonic() - started
        cookie = headers["set-cookie"][0].split(";")[0]
        phone.participant = cookie.split("=", 1)[1]
        trust, weight = phone.choice.split(":")
        form = (f"room={code}&phase=before&way=weigh&me={phone.participant}&trust-dailyhistory={trust}"
                f"&w-support={weight}&w-backing=0.5").encode()
        status, headers, answer = await http("127.0.0.1", port, "POST", "/weigh", {"Cookie": cookie}, form)
        if status == 200 and b"Sent. You can change it" in answer:  # no cookie came back: the page itself
            body = answer
        elif status == 303:
            status, _, body = await http("127.0.0.1", port, "GET", headers["location"][0], {"Cookie": cookie})
        if status != 200 or b"Your ranking beside" not in body:
            raise RuntimeError(f"after the weighing {status}")
        phone.confirmed_at = time.monotonic()
        phone.vote = phone.confirmed_at - started
    except Exception as err:  # noqa: BLE001 - counted and reported
        phone.error = repr(err)
    return phone


# --- a Streamlit page, as its front end speaks to it -------------------------------------------------------------


def assets_of(html: bytes) -> list[str]:
    return ["/" + a.removeprefix("./") for a in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html.decode())]


async def front_end(port: int, path: str) -> None:
    """What a browser fetches before the page connects: the HTML, then its scripts and styles, six at a time."""
    status, _, html = await http("127.0.0.1", port, "GET", path)
    if status != 200:
        raise RuntimeError(f"index {status}")
    queue = assets_of(html)

    async def worker() -> None:
        while queue:
            asset = queue.pop()
            got, _, _ = await http("127.0.0.1", port, "GET", asset)
            if got != 200:
                raise RuntimeError(f"{asset} {got}")

    await asyncio.gather(*(worker() for _ in range(PARALLEL_ASSETS)))


async def streamlit_phone(n: int, port: int, page: str, query: str, options: list[str], confirm: str,
                          delay: float) -> Phone:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    await asyncio.sleep(delay)
    phone = Phone(choice=options[n % len(options)])
    started = time.monotonic()
    base = f"http://127.0.0.1:{port}"
    try:
        await front_end(port, f"/{page}?{query}")
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], origin=base,
                           max_size=None, open_timeout=TIMEOUT, ping_interval=None) as ws:
            ids: dict[str, str] = {}
            labels: list[str] = []  # the radio's options as shown; its state is the one chosen
            seen_query = query

            def rerun(widgets: list) -> bytes:
                message = BackMsg()
                message.rerun_script.query_string = seen_query
                message.rerun_script.page_name = page
                message.rerun_script.widget_states.widgets.extend(widgets)
                return message.SerializeToString()

            async def run_until(done) -> None:
                nonlocal seen_query
                while True:
                    message = ForwardMsg()
                    message.ParseFromString(await ws.recv())
                    kind = message.WhichOneof("type")
                    if kind == "page_info_changed":
                        seen_query = message.page_info_changed.query_string
                    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                        element = message.delta.new_element
                        which = element.WhichOneof("type")
                        if which in ("radio", "button"):
                            ids[which] = getattr(element, which).id
                        if which == "radio":
                            labels[:] = list(element.radio.options)
                        if which == "alert" and confirm in element.alert.body:
                            ids["confirmed"] = "yes"
                    if done(kind):
                        return

            await ws.send(rerun([]))
            await run_until(lambda kind: kind == "script_finished" and {"radio", "button"} <= set(ids))
            phone.join = time.monotonic() - started
            from streamlit.proto.WidgetStates_pb2 import WidgetState

            choice = WidgetState(id=ids["radio"], string_value=labels[options.index(phone.choice)])
            press = WidgetState(id=ids["button"], trigger_value=True)
            await ws.send(rerun([choice, press]))
            await run_until(lambda kind: "confirmed" in ids)
            phone.confirmed_at = time.monotonic()
            phone.vote = phone.confirmed_at - started
            phone.participant = (parse_qs(seen_query).get("me") or [""])[0]
    except Exception as err:  # noqa: BLE001 - counted and reported
        phone.error = repr(err)
    return phone


async def crowd(make, phones: int, spread: float) -> list[Phone]:
    delays = [spread * n / phones for n in range(phones)] if spread else [0.0] * phones
    random.Random(phones).shuffle(delays)
    tasks = [asyncio.wait_for(make(n, delays[n]), TIMEOUT + spread) for n in range(phones)]
    done = await asyncio.gather(*tasks, return_exceptions=True)
    return [d if isinstance(d, Phone) else Phone(error=repr(d)) for d in done]


# --- the console, in Chromium ------------------------------------------------------------------------------------


class Console:
    """The moderator's console in Chromium, unlocked with the key; reads the ballot count it shows."""

    def __init__(self, app_url: str) -> None:
        from playwright.sync_api import sync_playwright

        chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        self.page = self._browser.new_page(viewport={"width": 1400, "height": 2000})
        self.app_url = app_url

    def open(self, code: str, key: str) -> None:
        self.page.goto(f"{self.app_url}/moderate?room={code}")
        self.page.get_by_label("Moderator key").fill(key, timeout=60_000)
        self.page.get_by_role("button", name="Unlock the console").click()
        self.page.get_by_text(re.compile(r"Before the debate: \d+ ballots?")).wait_for(timeout=60_000)

    def count(self) -> int | None:
        try:
            text = self.page.get_by_text(re.compile(r"Before the debate: \d+ ballots?")).first.inner_text(timeout=500)
        except Exception:  # noqa: BLE001 - mid-redraw
            return None
        return int(re.search(r"Before the debate: (\d+)", text).group(1))

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def watch(console: Console | None, phones_done: threading.Event, expected: callable) -> list[tuple[float, int]]:
    """The console's counts over time, until the phones are done and it shows their number (at most 20 s more)."""
    seen: list[tuple[float, int]] = []
    if console is None:
        phones_done.wait()
        return seen
    deadline = None
    while True:
        count = console.count()
        now = time.monotonic()
        if count is not None and (not seen or seen[-1][1] != count):
            seen.append((now, count))
        if phones_done.is_set():
            deadline = deadline or now + 20
            if (count is not None and count == expected()) or now > deadline:
                return seen
        time.sleep(0.1)


# --- one run ------------------------------------------------------------------------------------------------


@dataclass
class Result:
    system: str
    phones: int
    spread: float
    load: float
    joins: list[float]
    votes: list[float]
    failed: int
    lost_or_doubled: int
    console_lag: float | None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def run(system: str, phones: int, spread: float, servers: dict, db: str, console: Console | None) -> Result:
    store = open_store(db)
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    if console is not None and system not in ("bare", "weigh"):  # the console counts ballots, not weighings
        console.open(code, key)
    else:
        console = None
    if system == "phone":
        def make(n, delay):
            return phone_page_phone(n, servers["phone"], code, delay)
    elif system == "weigh":
        def make(n, delay):
            return weigh_phone(n, servers["phone"], code, delay)
    elif system == "streamlit":
        def make(n, delay):
            return streamlit_phone(n, servers["app"], "vote", f"room={code}", THESES,
                                   "Your vote is recorded", delay)
    else:
        options = ["Alpha", "Beta", "Gamma"]

        def make(n, delay):
            return streamlit_phone(n, servers["bare"], "", "", options, "Your vote is recorded", delay)
    load = os.getloadavg()[0]
    results: list[Phone] = []
    done = threading.Event()

    def drive() -> None:
        results.extend(asyncio.run(crowd(make, phones, spread)))
        done.set()

    driver = threading.Thread(target=drive)
    driver.start()
    seen = watch(console, done, lambda: sum(1 for p in results if p.vote is not None))
    driver.join()
    confirmed = [p for p in results if p.vote is not None]
    lost = 0
    if system == "weigh":
        sent = store.perspective_counts(code)["before"]
        lost = abs(sent - len(confirmed)) + sum(1 for p in confirmed if not weighed_as_sent(store, code, p))
    elif system != "bare":
        ballots = store.counts(code)["before"]
        lost = abs(ballots - len(confirmed)) + sum(
            1 for p in confirmed if store.ballot_of(code, "before", p.participant) != {p.choice: 1.0})
    store.close()
    lag = None
    if console is not None and confirmed:
        last = max(p.confirmed_at for p in confirmed)
        shown = [t for t, c in seen if c == len(confirmed)]
        lag = (shown[0] - last) if shown else float("inf")
    errors = [p.error for p in results if p.error]
    if errors:
        print(f"  {system} {phones} phones: {len(errors)} failed, the first: {errors[0]}", file=sys.stderr)
    return Result(system, phones, spread, load, [p.join for p in confirmed], [p.vote for p in confirmed],
                  len(results) - len(confirmed), lost, lag)


def weighed_as_sent(store, code: str, phone: Phone) -> bool:
    held = store.perspective_of(code, "before", phone.participant)
    trust, weight = phone.choice.split(":")
    return held is not None and held.trust["dailyhistory"] == float(trust) and held.weights["support"] == float(weight)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="10,30,60", help="class sizes all at once (default 10,30,60)")
    parser.add_argument("--spread", type=float, default=30.0,
                        help="seconds over which each class joins in the second half of the runs (0: only at once)")
    parser.add_argument("--only", default="bare,streamlit,phone,weigh")
    parser.add_argument("--no-console", action="store_true", help="do not open the console in Chromium")
    args = parser.parse_args()
    sizes = [int(n) for n in args.phones.split(",")]
    systems = args.only.split(",")
    rows: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "polls.sqlite3")
        open_store(db).close()  # the schema made before the servers open it
        env = {"EXPLORER_POLL_DB": db, "EXPLORER_CASE": str(ROOT / "claims")}
        app, app_url = serve(ROOT / "app.py", env=env)
        bare, bare_url = serve(ROOT / "bench" / "bare_vote.py")
        phone_server, phone_url = serve_phone(db, env={"EXPLORER_PHONE_LIMITS": "off",  # every phone is one address
                                                       "EXPLORER_CASE": str(ROOT / "claims")})  # for /weigh
        phone_port = int(urlsplit(phone_url).port)
        servers = {"app": int(urlsplit(app_url).port), "bare": int(urlsplit(bare_url).port), "phone": phone_port}
        console = None if args.no_console else Console(app_url)
        try:
            # warm-up: one phone each (first runs import lazily, load the case)
            for system in systems:
                run(system, 1, 0.0, servers, db, None)
            spread_runs = [(n, args.spread) for n in sizes] if args.spread > 0 else []
            for phones, spread in [*((n, 0.0) for n in sizes), *spread_runs]:
                for system in systems:
                    rows.append(run(system, phones, spread, servers, db, console))
                    r = rows[-1]
                    print(f"  done: {system} {phones} phones over {spread:.0f} s, load {r.load:.2f}", file=sys.stderr)
        finally:
            if console is not None:
                console.close()
            stop(app)
            stop(bare)
            phone_server.terminate()
            phone_server.wait(timeout=20)
    report(rows)
    return 0


NAMES = {"phone": "phone page (HTML)", "streamlit": "Streamlit /vote", "bare": "bare Streamlit",
         "weigh": "phone weighing"}


def report(rows: list[Result]) -> None:
    floor = {(r.phones, r.spread): r for r in rows if r.system == "bare"}
    print(f"{'page':<19} {'phones':>6} {'over':>5} {'load':>5} {'join med':>8} {'join p95':>8} {'vote med':>8} "
          f"{'vote p95':>8} {'x bare':>7} {'failed':>6} {'lost/2x':>7} {'console':>8}")
    for r in rows:
        base = floor.get((r.phones, r.spread))
        med = statistics.median(r.votes) if r.votes else float("nan")
        ratio = med / statistics.median(base.votes) if base and base.votes and r.votes else float("nan")
        lag = "" if r.console_lag is None else f"{r.console_lag:.1f} s"
        print(f"{NAMES[r.system]:<19} {r.phones:>6} {r.spread:>4.0f}s {r.load:>5.2f} "
              f"{_s(r.joins, 0.5):>8} {_s(r.joins, 0.95):>8} {_s(r.votes, 0.5):>8} {_s(r.votes, 0.95):>8} "
              f"{ratio:>6.2f}x {r.failed:>6} {r.lost_or_doubled:>7} {lag:>8}")
    print("seconds from opening the join link: join = the poll's choices shown, vote = the ballot confirmed; "
          "x bare = median vote against the bare Streamlit page's in the same run; lost/2x = confirmed ballots "
          "missing or counted twice in the store (for the weighing: sent weighings missing or not as sent); console = from the last confirmation until the console showed "
          "the count (it refreshes every 2 s); load = the 1-minute load average when the run started")


def _s(values: list[float], q: float) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values) if q == 0.5 else percentile(values, q):.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
