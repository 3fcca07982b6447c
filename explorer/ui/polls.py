"""The debate pages' shared pieces: the poll store, this device's participant id, the join link and QR code,
and the plain words for the store's failures."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from explorer import charts, config, weigh
from explorer.classroom import moderator, phone
from explorer.classroom.debate import PHASES
from explorer.classroom.store import (
    PollStore,
    StoreError,
    normalise_code,
    open_store,
)
from explorer.classroom.store import (
    explain as store_explain,
)
from explorer.config import busy_seconds

COOKIE = "explorer_participant"
COOKIE_SECONDS = 30 * 24 * 3600  # a school term's debates from the same phone count as the same voter


def database_target(argv: list[str] | None = None) -> str:
    """`streamlit run app.py -- --poll-db URL_OR_PATH`, else $EXPLORER_POLL_DB, else data/polls.sqlite3.
    A postgresql:// URL chooses PostgreSQL; anything else is the path of a SQLite file."""
    return config.settings(argv).poll_db


def retention_days(argv: list[str] | None = None) -> float:
    """How many days expired rooms are kept: --poll-retention-days, else $EXPLORER_POLL_RETENTION_DAYS, else 7
    (a value that is not a number of days is refused, and said on the debate's pages: see setting_problems)."""
    return config.settings(argv).retention_days


def setting_problems(argv: list[str] | None = None) -> tuple[str, ...]:
    """What was refused in the server's settings, each saying what is used instead, for the debate's pages."""
    return config.settings(argv).problems


@st.cache_resource(show_spinner=False)
def _store(target: str, retention: float, busy: float) -> PollStore:
    opened = open_store(target, busy_timeout=busy)
    try:
        opened.purge(retention)  # on start: rooms past their expiry and the retention go, with their ballots
    except StoreError:
        pass  # the pages say what is wrong on their first call
    return opened


def store() -> PollStore:
    """The poll store, opened once per server; a warning when something happened to it (a damaged file put
    aside, a database gone and started again)."""
    opened = _store(database_target(), retention_days(), busy_seconds())
    if opened.notice:
        st.warning(opened.notice, icon="⚠️")
    for problem in setting_problems():  # a setting the server was started with that could not be used
        st.warning(f"A setting of this server was not used: {problem}.", icon="⚠️")
    return opened


def explain(err: StoreError, voting: bool = False, student: bool = False) -> str:
    """The sentence a page shows for a store failure (explorer.classroom.store.explain, shared with the phone page)."""
    return store_explain(err, voting, student)


def participant(from_address: bool = True) -> str:
    """This device's anonymous id, so that a second ballot from the same phone replaces the first.

    It is kept in a cookie of this site (read when the page connects), so a reload, a new tab or the join link
    opened again all find it. Until the browser has sent the cookie back it is also in the address (`me=`), for
    a browser that keeps no cookies; once it has, `me=` leaves the address, so a copied link does not carry it.
    The rule is the phone page's (explorer.phone.participant): a cookie with an id of the form the server issues
    wins and is never replaced. `from_address=False` (a student's weighing) takes the id from the cookie alone,
    never from a `me=` someone else could have put in a link."""
    if "participant" not in st.session_state:
        from_cookie = st.context.cookies.get(COOKIE, "")
        from_url = st.query_params.get("me", "") if from_address else None
        current, remembered = phone.participant(from_cookie, from_url)
        st.session_state["participant"] = current
        st.session_state["participant_remembered"] = remembered  # the browser sent it back
    current = st.session_state["participant"]
    if st.session_state["participant_remembered"]:
        # The cookie holds it: keep it out of the address, so a link a student copies never carries it.
        if "me" in st.query_params:
            del st.query_params["me"]
    else:
        # Not confirmed yet: the address keeps it (a browser without cookies), and the cookie is set again on
        # every run until a connection sends it back, unless the browser holds one already (the phone page's is
        # HttpOnly: a script can neither see nor replace it). `current` is [0-9a-f] only: safe in the script.
        if from_address and st.query_params.get("me") != current:
            st.query_params["me"] = current
        elif not from_address and "me" in st.query_params:
            del st.query_params["me"]
        st.html(f"<script>if(!/(^|; ){COOKIE}=[0-9a-f]{{32}}(;|$)/.test(document.cookie))"
                f"{{document.cookie = '{COOKIE}={current}; max-age={COOKIE_SECONDS}; path=/; SameSite=Lax'}}</script>",
                unsafe_allow_javascript=True)
    return current


def join_link(code: str) -> str:
    """The address students open: the phone page (explorer/classroom/phone_app.py) when `python -m explorer.classroom`
    started one beside this app ($EXPLORER_PHONE_PORT), else this app's own join page; with the code."""
    origin = phone_origin()
    if origin is not None:
        return f"{origin}/vote?room={code}"
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{parts.scheme}://{parts.netloc}/vote?room={code}"


def is_local(link: str) -> bool:
    host = urlsplit(link).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def qr_png(link: str) -> bytes:
    """A QR code for the link, large enough to scan from the back of a classroom."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=14, border=2)
    return buffer.getvalue()


def moderator_keys() -> dict[str, str]:
    """The rooms this browser created or unlocked in this session: code -> moderator key."""
    return st.session_state.setdefault("moderator_keys", {})


def moderator_key(opened: PollStore, code: str) -> str:
    """The moderator key of a room for this browser: kept in this session, else remembered by the browser's signed
    cookie (explorer/classroom/moderator.py) when it is still the room's key; "" when neither holds it."""
    keys = moderator_keys()
    if code in keys:
        return keys[code]
    remembered = moderator.read(st.context.cookies.get(moderator.cookie_name(code)), code, config.cookie_secret())
    if remembered and opened.is_moderator(code, remembered):
        keys[code] = remembered
        st.session_state.setdefault("moderator_cookies", set()).add(code)  # the browser holds it already
        return remembered
    return ""


def phone_origin() -> str | None:
    """The phone page's server on the host this page was opened by ($EXPLORER_PHONE_PORT), else None."""
    phone_port = config.settings().phone_port
    if phone_port is None:
        return None
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    host = parts.hostname or "localhost"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}:{phone_port}"


def remember_in_browser(code: str, key: str) -> bool:
    """Have this browser remember the room's key (an HttpOnly cookie the phone page's server signs and sets: a
    Streamlit page cannot set one), once per session; whether it can (the phone page runs beside this app and
    both share the signing secret)."""
    origin = phone_origin()
    if origin is None or config.cookie_secret() is None:
        return False
    sent = st.session_state.setdefault("moderator_cookies", set())
    if code not in sent:
        sent.add(code)
        body = json.dumps(urlencode({'room': code, 'key': key})).replace("</", "<\\/")  # a JS string: quotes and </ escaped
        target = json.dumps(origin + moderator.PATH).replace("</", "<\\/")
        st.html(f"<script>fetch({target},{{method:'POST',credentials:'include',"
                "headers:{'Content-Type':'application/x-www-form-urlencoded'},"
                f"body:{body}}}).catch(function(){{}})</script>", unsafe_allow_javascript=True)
    return True


@st.cache_resource(max_entries=64, show_spinner=False)
def live_ballots(_store: PollStore, code: str, changes: tuple) -> dict[str, list[dict[str, float]]]:
    """Each poll's ballots, read once per change (`changes`: PollStore.changes as a tuple) for every viewer of the
    console and its download, not on every refresh of every one. Shared: only read."""
    return {phase: _store.ballots(code, phase) if count else [] for phase, (count, *_) in changes}


def changes_key(store: PollStore, code: str) -> tuple:
    found = store.changes(code)
    return tuple((phase, found[phase]) for phase in PHASES)


@st.cache_resource(max_entries=64, show_spinner=False)
def poll_figure(code: str, changes: tuple, unit: str, titles: dict[str, str], _tallies: dict) -> Any:
    """The live results' figure, built once per change of the ballots (and shared: it is only read)."""
    return charts.poll_results(_tallies, titles, unit)


@st.cache_resource(max_entries=64, show_spinner=False)
def class_engine_figure(shares: tuple, engine: tuple, titles: dict[str, str], colours: dict[str, str]) -> Any:
    return charts.class_and_engine(dict(shares), dict(engine), titles, colours)


def engine_shares(case: Any, theses: list[str]) -> dict[str, float]:
    """The evidence engine's shares among the theses in play, on the default settings: once per loaded case and
    set of theses in this session (the console's refresh reuses them)."""
    key = (id(case), tuple(theses))
    kept = st.session_state.get("_engine_shares")
    if kept is None or kept[0] != key:
        engine = weigh.weigh(case.only(theses), samples=0)
        kept = (key, case, {r.id: r.share for r in engine.theses})  # the case kept, so that its id stays its own
        st.session_state["_engine_shares"] = kept
    return kept[2]


# A phone's Streamlit page that lost its server does not run again when it reconnects (the new server has no session
# for it, and skips its fragments), and a page whose front end failed to fetch a script of its own ("Failed to fetch
# dynamically imported module .../Radio....js") stays broken. This script, in the page itself, asks the server's
# health check every 3 s and reloads the page when the server is back after being away, or when a script failed to
# load and the server answers again: the reloaded page shows the poll as it is now and whether the ballot is stored.
# At most 5 reloads for failed scripts in a row (sessionStorage), so that a script missing for good cannot loop.
RECOVER_SCRIPT = """<script>(function(){
if (window.__explorerRecover) { return; }
window.__explorerRecover = true;
var away = false, broken = false, key = 'explorer-recoveries';
function failed() { broken = true; }
window.addEventListener('vite:preloadError', failed);
window.addEventListener('unhandledrejection', function (e) {
  if (String(e.reason).indexOf('dynamically imported module') >= 0) { failed(); }
});
setInterval(function () {
  if (document.body && document.body.innerText.indexOf('dynamically imported module') >= 0) { failed(); }
  fetch('/_stcore/health', {cache: 'no-store'}).then(function (r) {
    if (!r.ok) { away = true; return; }
    var tries = Number(sessionStorage.getItem(key) || 0);
    if (away || (broken && tries < 5)) {
      sessionStorage.setItem(key, broken ? tries + 1 : 0);
      location.reload();
    } else if (!broken) { sessionStorage.setItem(key, 0); }
  }).catch(function () { away = true; });
}, 3000);
})();</script>"""


def recover_by_itself() -> None:
    """Put the recovery script in the page (once per page: it guards itself)."""
    st.html(RECOVER_SCRIPT, unsafe_allow_javascript=True)


def code_box(code_key: str, button_key: str) -> str:
    """The room's code from the address; else a box for the code on the board, and the page stops there."""
    code = normalise_code(st.query_params.get("room", ""))
    if code:
        return code
    typed = st.text_input("The code on the board", max_chars=12, key=code_key, placeholder="for example K7QX2M")
    if st.button("Join", type="primary", key=button_key, width="stretch") and typed.strip():
        st.query_params["room"] = normalise_code(typed)
        st.rerun()
    st.stop()


def unlock(opened: PollStore, code: str, told: str, key: str, button: str, label: str = "Unlock") -> None:
    """The moderator key asked for, kept for this session once right; the page stops until it is."""
    st.info(told)
    typed = st.text_input("Moderator key", type="password", key=key)
    if st.button(label, key=button):
        try:
            unlocked = opened.is_moderator(code, typed)
        except StoreError as err:
            st.error(explain(err))
            st.stop()
        if unlocked:
            moderator_keys()[code] = typed
            st.session_state.pop("moderator_cookies", None)  # remember the key now typed in this browser
            st.rerun()
        else:
            st.error("That is not the moderator key of this debate.")
    st.stop()
