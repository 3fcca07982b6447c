"""The phone page's server: a small ASGI app (Starlette, served by uvicorn in a process of its own) on the same poll
store as the Streamlit app. The pages are explorer/classroom/phone.py's; this module only wires requests to the store.

    python -m explorer.classroom.phone_app [--host 0.0.0.0] [--port 8502] [--poll-db URL_OR_PATH]

`python -m explorer.classroom` (`make class`) starts it beside the Streamlit app.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from explorer import config
from explorer.classroom import moderator, phone, phone_weigh
from explorer.classroom import perspective as pv
from explorer.classroom.debate import Refused, names
from explorer.classroom.store import (
    PollStore,
    StoreBusy,
    StoreError,
    explain,
    normalise_code,
    open_store,
)
from explorer.config import busy_seconds
from explorer.model import Case

PORT = 8502
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                                      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'"}
MAX_FORM = 16_384  # bytes: a ballot is a few hundred
BODY_SECONDS = 10.0  # a form that takes longer to arrive is refused, so a slow sender cannot hold a connection
WRITERS = 4  # ballots written at once: the store writes one at a time anyway, and reads keep threads to answer
HEADER_VAR = "EXPLORER_PHONE_HEADER_SECONDS"
HEADER_SECONDS = 10.0  # a request's headers that take longer to arrive close the connection (a slow sender)
# Limits a minute, generous for a class of 35 phones behind one school network address (each phone takes one new
# id, then votes and changes its vote a few times), and for a room of 60: anything past them is a script.
MINUTE = 60.0
NEW_IDS_PER_ADDRESS = 120
NEW_IDS_PER_ROOM = 240
BALLOTS_PER_ADDRESS = 600
BALLOTS_PER_ROOM = 1200
KEY_TRIES_PER_ADDRESS = 30  # moderator keys sent to be remembered: a teacher unlocks a few consoles, a guesser many
TOO_MANY = ("Too many votes or new phones from this network in the last minute, so this one was not counted. "
            "Wait a minute and send it again.")


class Limits:
    """How many times a key (a client address, a room) did something in the last minute: a sliding window per
    key, kept in memory (a restart forgets it). `now` is a clock, for tests."""

    def __init__(self, now=None, off: bool = False) -> None:
        import time

        self.now = now or time.monotonic
        self.off = off
        self.seen: dict[tuple[str, str], list[float]] = {}

    def allow(self, what: str, key: str, most: int) -> bool:
        """Count one more `what` for `key`; False (and not counted) when `most` happened in the last minute."""
        if self.off:
            return True
        now = self.now()
        if len(self.seen) > 50_000:  # forget keys gone quiet, so that many addresses cannot fill the memory
            self.seen = {k: v for k, v in self.seen.items() if v and v[-1] > now - MINUTE}
        times = [t for t in self.seen.get((what, key), []) if t > now - MINUTE]
        if len(times) >= most:
            self.seen[(what, key)] = times
            return False
        times.append(now)
        self.seen[(what, key)] = times
        return True


def told(err: StoreError, voting: bool = False) -> str:
    """What a phone is told of a store failure (never where the store is or why); the details go to the server's
    log, for the teacher's terminal."""
    print(f"phone page: the poll store failed: {err}", file=sys.stderr, flush=True)
    return explain(err, voting=voting, student=True)


async def read_form(request: Request) -> bytes | Response:
    """The form's bytes, read no further than MAX_FORM and for no longer than BODY_SECONDS; else the answer."""
    closing = {**HEADERS, "Connection": "close"}
    too_much = PlainTextResponse("Too much sent.", 413, headers=closing)
    length = request.headers.get("content-length", "")
    if length and (not length.isdigit() or int(length) > MAX_FORM):
        return too_much
    body = bytearray()
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_FORM:
                    return too_much
    except TimeoutError:
        return PlainTextResponse("Sent too slowly.", 408, headers=closing)
    except ClientDisconnect:
        return Response(status_code=400, headers=closing)  # nobody is left to read it
    return bytes(body)


def page(body: str, status: int = 200, participant: str | None = None) -> HTMLResponse:
    response = HTMLResponse(body, status_code=status, headers=HEADERS)
    if participant:
        response.headers.append("Set-Cookie", phone.set_cookie(participant))
    return response


def weigh_address(request: Request, app_port: int | None, code: str, here: bool = False) -> str:
    """The page for weighing the evidence: this server's own (`here`: it has the case), else the app's, on the host
    the phone reached this page by; empty when neither is known."""
    if here:
        return f"{phone_weigh.PATH}?{urlencode({'room': code})}"
    if not app_port:
        return ""
    host = request.url.hostname or "localhost"
    host = f"[{host}]" if ":" in host else host
    return f"{request.url.scheme}://{host}:{app_port}/weigh?{urlencode({'room': code})}"


class Weighing:
    """The case, loaded once when the server starts, and what the weighing page computes from it, kept: the case
    with each room's theses in play, and each perspective's places (a class sending at once asks for the same
    rankings again and again)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.titles = {t.id: t.title for t in case.theses.values()}
        self._playing: dict[tuple[str, ...], Case] = {}
        self._places: dict[tuple[tuple[str, ...], str], pv.Places] = {}

    def playing(self, theses: list[str]) -> Case | None:
        loaded = tuple(t for t in theses if t in self.case.theses)
        if len(loaded) < 2:
            return None
        if loaded not in self._playing:
            self._playing[loaded] = self.case.only(loaded)
        return self._playing[loaded]

    def places(self, playing: Case, perspective: pv.Perspective | None) -> pv.Places:
        key = (tuple(playing.theses), perspective.model_dump_json() if perspective is not None else "")
        found = self._places.get(key)
        if found is None:
            if len(self._places) > 20_000:  # a bound on the memory: forget them all, they are quick to make again
                self._places.clear()
            found = self._places[key] = pv.places_of(playing, perspective)
        return found


class PhoneApp:
    """The phone page's server: the vote and the weighing on the poll store, each handler a method. `asgi()` is the
    Starlette app with the security headers."""

    def __init__(self, store: PollStore, app_port: int | None = None, limits: Limits | None = None,
                 case: Case | None = None) -> None:
        import anyio

        self.store, self.app_port = store, app_port
        self.limits = limits or Limits()
        self.weighing = Weighing(case) if case is not None and case.theses else None
        # Ballots wait on the store's write lock one at a time; a few threads for them leave the rest of the pool to
        # pages and the state checks, which SQLite serves while a write waits.
        self.writers = anyio.CapacityLimiter(WRITERS)


    def within_limits(self, request: Request, code: str, fresh: bool, ballot: bool) -> bool:
        """Whether a new id (`fresh`) and a ballot may be taken from this address for this room now."""
        address = request.client.host if request.client else ""
        if fresh and not (self.limits.allow("id", address, NEW_IDS_PER_ADDRESS) and self.limits.allow("id-room", code,
                                                                                             NEW_IDS_PER_ROOM)):
            return False
        return not ballot or (self.limits.allow("ballot", address, BALLOTS_PER_ADDRESS)
                              and self.limits.allow("ballot-room", code, BALLOTS_PER_ROOM))

    def too_many(self, code: str) -> Response:
        response = page(phone.join_page(code, phone.Note("error", TOO_MANY)), 429)
        response.headers["Retry-After"] = str(int(MINUTE))
        return response


    def room_or_page(self, code: str, me: str):
        """The room, or the join page that says why there is none (404: no such room; 503: the store failed)."""
        try:
            return self.store.room(code)
        except Refused as err:
            return page(phone.join_page(code, phone.Note("error", explain(StoreError(str(err))))), 404, me)
        except StoreError as err:
            return page(phone.join_page(code, phone.Note("error", told(err))), 503, me)

    def view_of(self, code: str, me: str, remembered: bool, **extra) -> phone.View | Response:
        """The room's view, or the page that says why there is none."""
        room = self.room_or_page(code, me)
        if isinstance(room, Response):
            return room
        mine = None
        chosen = phone.open_phase(room.state)
        if chosen is not None:
            try:
                mine = self.store.ballot_of(room.code, chosen, me)
            except StoreError as err:
                extra.setdefault("note", phone.Note("error", told(err)))
        return phone.View(room.code, room.setup, room.state, {}, me, remembered, mine, **extra)

    def show(self, request: Request) -> Response:
        from_url = request.query_params.get("me") if phone.address_trusted(request.headers) else None
        me, remembered = phone.participant(request.cookies.get(phone.COOKIE), from_url)
        code = normalise_code(request.query_params.get("room", ""))
        if not self.within_limits(request, code, not remembered and me != from_url, ballot=False):
            return self.too_many(code)
        if not code:
            return page(phone.join_page(), participant=me)
        if remembered and "me" in request.query_params:  # the cookie holds it: keep it out of the address
            return RedirectResponse(phone.address(code), 303, headers=HEADERS)
        view = self.view_of(code, me, remembered, weigh=weigh_address(request, self.app_port, code, self.weighing is not None))
        if isinstance(view, Response):
            return view
        return page(phone.room_page(view), participant=None if remembered else me)

    async def send(self, request: Request) -> Response:
        body = await read_form(request)
        if isinstance(body, Response):
            return body
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if not phone.from_this_page(request.headers):  # a form on another site: no ballot, no cookie
            code = normalise_code(form.get("room", ""))
            return page(phone.join_page(code, phone.Note("error", phone.ELSEWHERE)), 403)
        me, remembered = phone.participant(request.cookies.get(phone.COOKIE), form.get("me"))
        code = normalise_code(form.get("room", ""))
        if not self.within_limits(request, code, not remembered and me != form.get("me"), ballot=True):
            return self.too_many(code)
        return await _run(self.cast, code, form, me, remembered, limiter=self.writers)

    def cast(self, code: str, form: dict[str, str], me: str, remembered: bool) -> Response:
        ballot: dict[str, float] = {}
        try:
            room = self.store.room(code)
            ballot = phone.read_ballot(room.setup, form)
            self.store.cast(room.code, form.get("phase", ""), me, ballot)
        except Refused as err:
            view = self.view_of(code, me, remembered, choice=ballot,
                           note=phone.Note("error", explain(StoreError(str(err)))))
            return view if isinstance(view, Response) else page(phone.room_page(view), 409, me)
        except StoreError as err:
            note = phone.Note("error", told(err, voting=True))
            try:
                view = self.view_of(code, me, remembered, choice=ballot, note=note)
            except StoreError:
                view = page(phone.join_page(code, note), 503, me)
            if isinstance(view, Response):
                return view
            return page(phone.room_page(view), 503 if isinstance(err, StoreBusy) else 500, me)
        target = phone.address(room.code, None if remembered else me)
        response = RedirectResponse(target, 303, headers=HEADERS)
        if not remembered:
            response.headers.append("Set-Cookie", phone.set_cookie(me))
        return response

    def weigh_page(self, code: str, me: str, remembered: bool, note: phone.Note | None = None,
                   shown: pv.Perspective | None = None, status: int = 200) -> Response:
        """The weighing page of a room as it is now, for this phone."""
        room = self.room_or_page(code, me)
        if isinstance(room, Response):
            return room
        titles = self.names_of(room)
        playing = self.weighing.playing(room.setup.theses)
        phase = phone.open_phase(room.state)
        mine, found = None, None
        if phase is not None and playing is not None:
            try:
                mine = self.store.perspective_of(room.code, phase, me)
                if mine is not None:
                    found = phone_weigh.result(playing, mine, self.store.perspectives(room.code, phase), titles,
                                               places=self.weighing.places)
            except StoreError as err:
                note = note or phone.Note("error", told(err))
        view = phone_weigh.Page(room.code, room.setup, room.state, titles, me, remembered, playing, mine,
                                shown if shown is not None else mine, found, note, phone.address(room.code))
        return page(phone_weigh.page_html(view), status, None if remembered else me)

    def weigh_show(self, request: Request) -> Response:
        me, remembered = phone.participant(request.cookies.get(phone.COOKIE), None)  # the cookie only, never `me=`
        code = normalise_code(request.query_params.get("room", ""))
        if not self.within_limits(request, code, not remembered, ballot=False):
            return self.too_many(code)
        if not code:
            return page(phone.join_page(), participant=me)
        note = phone.Note("ok", phone_weigh.SENT) if request.query_params.get("sent") == "1" and remembered else None
        return self.weigh_page(code, me, remembered, note)

    async def weigh_send(self, request: Request) -> Response:
        body = await read_form(request)
        if isinstance(body, Response):
            return body
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        code = normalise_code(form.get("room", ""))
        if not phone.from_this_page(request.headers):
            return page(phone.join_page(code, phone.Note("error", phone.ELSEWHERE)), 403)
        me, remembered = phone.participant(request.cookies.get(phone.COOKIE), form.get("me"))
        if not self.within_limits(request, code, not remembered and me != form.get("me"), ballot=True):
            return self.too_many(code)
        return await _run(self.weigh_store, code, form, me, remembered, limiter=self.writers)

    def weigh_store(self, code: str, form: dict[str, str], me: str, remembered: bool) -> Response:
        try:
            room = self.store.room(code)
        except (Refused, StoreError):
            return self.weigh_page(code, me, remembered)  # it says why
        titles = self.names_of(room)
        playing = self.weighing.playing(room.setup.theses)
        if playing is None:
            return self.weigh_page(code, me, remembered, status=409)
        try:
            sent = phone_weigh.read_form(playing, form, titles)
        except (phone_weigh.FormError, ValueError) as err:
            return self.weigh_page(code, me, remembered, phone.Note("error", f"Not sent: {phone_weigh.reason(err)}."),
                              status=400)
        try:
            self.store.send_perspective(room.code, form.get("phase", ""), me, pv.check(playing, sent))
        except (Refused, pv.PerspectiveError) as err:
            return self.weigh_page(code, me, remembered, phone.Note("error", explain(StoreError(str(err)))), sent, 409)
        except StoreError as err:
            return self.weigh_page(code, me, remembered, phone.Note("error", told(err, voting=True)), sent,
                              503 if isinstance(err, StoreBusy) else 500)
        if not remembered:  # no cookie came back: the page itself, with the id in its forms and a cookie to keep
            return self.weigh_page(room.code, me, remembered, phone.Note("ok", phone_weigh.SENT))
        target = f"{phone_weigh.PATH}?{urlencode({'room': room.code, 'sent': '1'})}"
        return RedirectResponse(target, 303, headers=HEADERS)

    def names_of(self, room) -> dict[str, str]:
        return names(room.setup, self.weighing.titles)

    def state(self, request: Request) -> Response:
        try:
            room = self.store.room(request.query_params.get("room", ""))
        except Refused:  # no such room, or it expired: the page reloads and says so
            return PlainTextResponse(phone.GONE, 404, headers=HEADERS)
        except StoreError:
            return PlainTextResponse("unknown", 503, headers=HEADERS)
        return PlainTextResponse(phone.state_token(room.state), headers=HEADERS)

    async def health(self, request: Request) -> Response:  # on the event loop: it answers while every thread waits
        return PlainTextResponse("ok", headers=HEADERS)

    async def remember(self, request: Request) -> Response:
        """The console, once unlocked, sends the room's key here: the answer sets the signed, HttpOnly cookie that
        lets the teacher's browser open the console again without it (explorer/classroom/moderator.py). Only from a page of
        this host (the app, on its own port: same-site, not cross-site), and only with the room's right key."""
        origin = request.headers.get("origin", "")
        allowed = {**HEADERS, **({"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true",
                                  "Vary": "Origin"} if origin else {})}
        if not phone.from_this_host(request.headers):
            return PlainTextResponse("Sent from another website.", 403, headers=allowed)
        signing = moderator.secret()
        if signing is None:
            return PlainTextResponse("This server keeps no moderator keys.", 404, headers=allowed)
        body = await read_form(request)
        if isinstance(body, Response):
            return body
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        code, key = normalise_code(form.get("room", "")), form.get("key", "")
        address = request.client.host if request.client else ""
        if not self.limits.allow("key", address, KEY_TRIES_PER_ADDRESS):
            return PlainTextResponse(TOO_MANY, 429, headers=allowed)
        try:
            right = await _run(self.store.is_moderator, code, key)
        except StoreError as err:
            return PlainTextResponse(told(err), 503, headers=allowed)
        if not right:
            return PlainTextResponse("That is not the moderator key of this debate.", 403, headers=allowed)
        response = Response(status_code=204, headers=allowed)
        response.headers.append("Set-Cookie", moderator.set_cookie(code, moderator.sign(code, key, signing)))
        return response

    def root(self, request: Request) -> Response:
        return RedirectResponse(phone.PATH, 303, headers=HEADERS)

    def asgi(self) -> ASGIApp:
        app = Starlette(routes=[Route("/", self.root), Route(phone.PATH, self.show, methods=["GET"]),
                                Route(phone.PATH, self.send, methods=["POST"]), Route(phone.PATH + "/state", self.state),
                                Route("/healthz", self.health), Route(moderator.PATH, self.remember, methods=["POST"]),
                                *([Route(phone_weigh.PATH, self.weigh_show, methods=["GET"]),
                                   Route(phone_weigh.PATH, self.weigh_send, methods=["POST"])] if self.weighing else [])])
        return with_headers(app)


def make_app(store: PollStore, app_port: int | None = None, limits: Limits | None = None,
             case: Case | None = None) -> ASGIApp:
    """The phone page's server as an ASGI app (see PhoneApp)."""
    return PhoneApp(store, app_port, limits, case).asgi()


def with_headers(app: ASGIApp) -> ASGIApp:
    """Every answer with the security headers, Starlette's own too (a 405 for a method a route does not take, a
    404): a header the answer set itself is kept."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items() if k.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return await app(scope, receive, sending)

    return wrapped


def header_seconds() -> float:
    """How long a request's headers may take to arrive: $EXPLORER_PHONE_HEADER_SECONDS, else 10."""
    return config.seconds(HEADER_VAR, HEADER_SECONDS, 300.0)


def slow_header_protocol(seconds: float):
    """uvicorn's HTTP/1.1 protocol with a deadline for a request's headers: a connection that has not sent a whole
    request head within `seconds` of opening (or of its last answer) is closed. uvicorn bounds the size of a head
    (h11_max_incomplete_event_size) and the idle time between requests (timeout_keep_alive), not the time a
    head takes to arrive one byte at a time."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class SlowHeaderProtocol(H11Protocol):
        _timer = None
        _seen = None

        def _arm(self) -> None:
            self._disarm()
            self._seen = self.cycle
            self._timer = self.loop.call_later(seconds, self._late)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _late(self) -> None:
            self._timer = None
            if self.cycle is self._seen and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not self._seen:  # a whole request head arrived
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return SlowHeaderProtocol


async def _run(fn, *args, limiter=None) -> Response:
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The students' phone page for a class poll.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--app-port", type=int, help="The explorer app's port, for the link to its weighing page")
    settings = config.settings([])
    parser.add_argument("--case", default=config.given(config.CASE_VAR),
                        help="The case folder, for the students' weighing (/weigh); without it the vote links to "
                             "the app's own weighing page")
    parser.add_argument("--poll-db", default=settings.poll_db,
                        help="A postgresql:// URL or a SQLite file (default: $EXPLORER_POLL_DB, else data/polls.sqlite3)")
    args = parser.parse_args(argv)
    import uvicorn

    target = args.poll_db if "://" in args.poll_db else str(Path(args.poll_db))
    case = None
    if args.case:
        from explorer.load import load_case

        case, problems = load_case(Path(args.case))  # once: the weighing page reads it, never the disk again
        if problems:
            print(f"phone page: the case {args.case} has {len(problems)} problem(s); the app's Problems page lists "
                  "them. The weighing page uses what loads.", file=sys.stderr, flush=True)
    store = open_store(target, busy_timeout=busy_seconds())
    try:
        limits = Limits(off=not settings.limits)
        uvicorn.run(make_app(store, args.app_port, limits, case), host=args.host, port=args.port, log_level="warning", access_log=False,
                    timeout_graceful_shutdown=5, timeout_keep_alive=5, h11_max_incomplete_event_size=16_384,
                    http=slow_header_protocol(header_seconds()))
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
