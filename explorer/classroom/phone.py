"""The students' phone page, as plain HTML: pure functions from a room's state to a page. No I/O.

A class of phones joining at once is more than Streamlit can serve on a laptop (each phone downloads about 3 MB of
front end and runs a full script before it shows a code box; bench/bench_class.py). This page is what a phone
needs and nothing more: a form that works without JavaScript (a plain POST, then a redirect to the page again),
the room's current state on every load (so a phone that reloads after a restart of the server sees the poll as
it is now and whether its ballot is stored; without JavaScript, a "Check again" link while it waits), real `<label for>` labels, and every text from a case, a team name
or a URL escaped with html.escape. The only script is inline (no file to fetch, so none can fail to load): it
reloads the page when the poll opens or closes and adds up the points as they are typed. explorer/classroom/phone_app.py
serves it.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from explorer.classroom import debate
from explorer.classroom.debate import PHASE_NAMES, PHASES, POINTS_TOTAL, Setup, State
from explorer.classroom.store import is_issued, new_participant

COOKIE = "explorer_participant"  # the same cookie as the Streamlit pages (explorer/ui/polls.participant)
COOKIE_SECONDS = 30 * 24 * 3600
STATE_POLL_MS = 4000  # how often the inline script asks whether the poll opened or closed
PATH = "/vote"
ELSEWHERE = ("This vote was sent from another website, so it was not counted. Open the join link your teacher gave "
             "you and vote on the poll's own page.")
GONE = "gone"  # what /vote/state answers for a room that is not there (never a poll's state token)

STYLE = (
    "body{font-family:system-ui,-apple-system,sans-serif;margin:0 auto;max-width:36rem;padding:1rem;"
    "color:#111;background:#fff;font-size:1.1rem;line-height:1.45}"
    "h1{font-size:1.7rem;margin:.2rem 0 .6rem}h2{font-size:1.3rem;margin:1rem 0 .4rem}"
    "fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin-bottom:.4rem}"
    ".choice{display:flex;align-items:center;gap:.6rem;padding:.7rem;border:1px solid #767676;"
    "border-radius:.5rem;margin:.4rem 0}"
    ".choice input{width:1.4rem;height:1.4rem}.points label{display:block;margin:.6rem 0 .2rem}"
    ".points input,.code input{font-size:1.2rem;padding:.5rem;width:100%;box-sizing:border-box}"
    "button{font-size:1.2rem;padding:.8rem;width:100%;margin-top:1rem;border:0;border-radius:.5rem;"
    "background:#0b5cad;color:#fff}"
    ".note{padding:.7rem;border-radius:.5rem;margin:.6rem 0}.ok{background:#e6f4ea;color:#0b3d1a}"
    ".info{background:#e8f0fb;color:#0a2f5c}.error{background:#fdecea;color:#6b0f0a}"
    ".small{font-size:.95rem;color:#333}"
)


@dataclass(frozen=True)
class Note:
    """A message on the page: kind is ok, info or error (an error is announced at once by screen readers)."""

    kind: str
    text: str


@dataclass(frozen=True)
class View:
    """What one phone's page shows: the room as it is now, this phone's ballot in the open poll (if stored), the
    choice it is filling in (kept when a vote could not be saved), and a message."""

    code: str
    setup: Setup
    state: State
    titles: dict[str, str]
    participant: str
    remembered: bool  # the browser sent the cookie back: the address need not carry the id
    mine: dict[str, float] | None = None
    choice: dict[str, float] = field(default_factory=dict)
    note: Note | None = None
    weigh: str = ""  # the app's page where a student weighs the evidence themselves (empty: not offered)


def participant(cookie: str | None, from_url: str | None) -> tuple[str, bool]:
    """This phone's anonymous id and whether its cookie holds it (the phone page's and the Streamlit pages' one
    rule): a cookie holding an id of the form the server issues wins and is never replaced; else such an id from
    the address (`me=`, for a browser that keeps no cookies; None when the page must not take it from there);
    else a new id."""
    if is_issued(cookie):
        return str(cookie), True
    if is_issued(from_url):
        return str(from_url), False
    return new_participant(), False


def set_cookie(current: str) -> str:
    """The Set-Cookie header's value for the id (`current` is [0-9a-f] only). SameSite=Lax: a join link followed
    from another site (a class chat, a school's learning platform) still carries it, so the phone keeps its id;
    a form posted from another site does not (and the phone page refuses such a post: `from_this_page`)."""
    return f"{COOKIE}={current}; Max-Age={COOKIE_SECONDS}; Path=/; SameSite=Lax; HttpOnly"


def own_host(headers: Mapping[str, str]) -> str:
    return headers.get("host", "").strip().lower()


def _origin_host(origin: str) -> str:
    parts = urlsplit(origin.strip())
    return parts.netloc.lower() if parts.scheme in ("http", "https") else ""


def from_this_page(headers: Mapping[str, str]) -> bool:
    """Whether a POST (a ballot) comes from the phone page itself: the browser's Sec-Fetch-Site says same-origin,
    or, from a browser that does not send it, the Origin is this server's own host. A request that carries
    neither (not a browser: a script, which no other site can make a phone send) passes; the rate limits hold
    those. Headers are lower-case names, as the ASGI scope gives them."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.strip().lower() == "same-origin"
    origin = headers.get("origin")
    if origin is not None:
        return bool(own_host(headers)) and _origin_host(origin) == own_host(headers)
    return True


def from_this_host(headers: Mapping[str, str]) -> bool:
    """Whether a request comes from a page of this host on any port (the app beside the phone page): the browser's
    Sec-Fetch-Site says same-origin or same-site, and its Origin names this host. A request without an Origin
    (not a page's script) does not pass."""
    fetch_site = headers.get("sec-fetch-site", "same-site").strip().lower()
    origin = urlsplit(headers.get("origin", "").strip())
    host = urlsplit("//" + own_host(headers)).hostname
    return (fetch_site in ("same-origin", "same-site") and origin.scheme in ("http", "https")
            and bool(host) and origin.hostname == host)


def address_trusted(headers: Mapping[str, str]) -> bool:
    """Whether a page load may take the id from its address (`me=`): not when the browser says the link was
    followed from another site (Sec-Fetch-Site cross-site or same-site), so a link elsewhere cannot give a phone
    an id its author knows. A bookmark, a typed address, a reload or the page's own redirect may."""
    return headers.get("sec-fetch-site", "none").strip().lower() in ("none", "same-origin")


def address(code: str, participant_id: str | None = None, **extra: str) -> str:
    """The page of a room; with the id while the browser has not sent the cookie back (a browser without
    cookies keeps its ballot through the address)."""
    params = {"room": code, **({"me": participant_id} if participant_id else {}), **extra}
    return f"{PATH}?{urlencode(params)}"


def phone_address(view: View) -> str:
    return address(view.code, None if view.remembered else view.participant)


def state_token(state: State) -> str:
    """What the inline script compares to reload the page: the status of each poll."""
    return "-".join(f"{p}:{state.phases[p]}" for p in PHASES)


open_phase = debate.open_phase  # the poll a phone votes in: the latest open one


def label(view: View, thesis: str) -> str:
    """The explanation and its team, as plain text (escaped where it is put in the page). Its title as the room
    keeps it; never its id, even for a room made without titles: then its id in words ('lost_prestige' ->
    'Lost prestige')."""
    teams = {team.thesis: team.name for team in view.setup.teams}
    title = view.titles.get(thesis) or view.setup.titles.get(thesis) or in_words(thesis)
    return f"{title} ({teams[thesis]})" if thesis in teams else title


def in_words(name: str) -> str:
    """An id as words, for when nothing better is known: lost_prestige -> Lost prestige."""
    return " ".join(name.replace("_", " ").replace("-", " ").split()).capitalize()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def document(title: str, body: str, script: str = "") -> str:
    """A whole page: one column for a phone, the style inline, no file to fetch. No timed refresh (a page that
    reloads itself on a timer restarts a screen reader, WCAG 2.2.1): the inline script reloads it only when the
    poll opens or closes, and without JavaScript a link checks again."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main>{script}</body></html>\n")


def note_html(note: Note | None) -> str:
    if note is None:
        return ""
    role = ' role="alert"' if note.kind == "error" else ' role="status"'
    return f'<p class="note {_e(note.kind)}"{role}>{_e(note.text)}</p>'


def join_page(code: str = "", note: Note | None = None) -> str:
    """The code box: a GET form, so the address it leads to is the join link itself."""
    body = ("<h1>Class poll</h1>" + note_html(note)
            + f'<form method="get" action="{PATH}" class="code"><label for="room">The code on the board</label>'
            f'<input id="room" name="room" value="{_e(code)}" maxlength="12" autocomplete="off" '
            'autocapitalize="characters" placeholder="for example K7QX2M" required>'
            "<button type=\"submit\">Join</button></form>")
    return document("Class poll", body)


def waiting_text(state: State) -> str:
    return debate.waiting_words(state, then="it shows the poll when your teacher opens it")


def _watch_script(view: View) -> str:
    return watch_script(view.code, view.state)


def watch_script(code: str, state: State) -> str:
    """Reload when a poll opens or closes (a phone kept open through a restart catches up by itself), and add up
    the points as they are typed. Inline: nothing to download, nothing that can fail to load."""
    query = urlencode({"room": code})
    return ("<script>(function(){var t=" + _js(state_token(state)) + ";"
            "setInterval(function(){fetch('" + PATH + "/state?" + query + "',{cache:'no-store'})"
            ".then(function(r){return r.ok||r.status===404?r.text():t}).then(function(s){if(s!==t){location.reload()}})"
            ".catch(function(){})}," + str(STATE_POLL_MS) + ");"
            "var f=document.querySelector('.points'),o=document.getElementById('total');"
            "if(f&&o){f.addEventListener('input',function(){var s=0;"
            "f.querySelectorAll('input[type=number]').forEach(function(i){s+=Number(i.value)||0});"
            "o.textContent=s+' of " + str(POINTS_TOTAL) + " points shared'})}})();</script>")


def _js(text: str) -> str:
    """A JavaScript string literal of text made of [A-Za-z0-9:_-] (checked: nothing else goes in a script)."""
    if not re.fullmatch(r"[A-Za-z0-9:_-]*", text):
        raise ValueError(f"not safe in a script: {text!r}")
    return f"'{text}'"


def _number(value: float) -> str:
    """A number for a box: whole numbers without a point, anything not a number left empty."""
    return f"{value:g}" if math.isfinite(value) else ""


def ballot_words(view: View, ballot: dict[str, float]) -> str:
    if view.setup.poll == "pick":
        return label(view, next(iter(ballot))) if ballot else ""
    return ", ".join(f"{label(view, t)} {v:g}" for t, v in ballot.items() if v)


def room_page(view: View) -> str:
    """A room as it is now: waiting, closed, or the open poll's form with this phone's stored ballot."""
    phase = open_phase(view.state)
    heading = f"<h1>Class poll</h1><p class=\"small\">Debate {_e(view.code)} · your vote is anonymous</p>"
    teams = "<p class=\"small\">Teams: " + " · ".join(_e(t.name) for t in view.setup.teams) + "</p>"
    script = _watch_script(view)
    if phase is None:
        again = f'<p><a href="{_e(phone_address(view))}">Check again</a></p>'
        body = heading + note_html(view.note) + note_html(Note("info", waiting_text(view.state))) + again + teams
        return document("Class poll", body, script=script)
    current = view.choice or view.mine or {}
    hidden = (f'<input type="hidden" name="room" value="{_e(view.code)}">'
              f'<input type="hidden" name="phase" value="{_e(phase)}">')
    if not view.remembered:
        hidden += f'<input type="hidden" name="me" value="{_e(view.participant)}">'
    if view.setup.poll == "pick":
        choices = "".join(
            f'<div class="choice"><input type="radio" id="pick-{n}" name="pick" value="{_e(t)}"'
            f'{" checked" if current.get(t) else ""} required><label for="pick-{n}">{_e(label(view, t))}</label></div>'
            for n, t in enumerate(view.setup.theses))
        fields = f"<fieldset><legend>Which explanation convinces you most?</legend>{choices}</fieldset>"
    else:
        boxes = "".join(
            f'<label for="points-{n}">{_e(label(view, t))}</label>'
            f'<input type="number" id="points-{n}" name="points-{_e(t)}" min="0" max="{POINTS_TOTAL}" step="1" '
            f'inputmode="numeric" value="{_number(current.get(t, 0))}">'
            for n, t in enumerate(view.setup.theses))
        total = _number(sum(current.get(t, 0) for t in view.setup.theses))
        fields = (f'<fieldset class="points"><legend>Causes can act together: share {POINTS_TOTAL} points across the '
                  f"explanations.</legend>{boxes}</fieldset>"
                  f'<p id="total" class="small" aria-live="polite">{total} of {POINTS_TOTAL} points shared</p>')
    stored = ""
    if view.mine:
        stored = note_html(Note("ok", f"Your vote is stored: {ballot_words(view, view.mine)}. You can change it "
                                      "until the poll closes."))
    button = "Change my vote" if view.mine else "Send my vote"
    weigh = ""
    if view.weigh:
        weigh = (f'<p><a href="{_e(view.weigh)}">Weigh the evidence yourself</a>: how far you trust each source and '
                 "what should count, and the ranking it gives beside the class's.</p>")
    body = (heading + f"<h2>{_e(PHASE_NAMES[phase])}</h2>" + note_html(view.note) + stored
            + f'<form method="post" action="{PATH}">{hidden}{fields}<button type="submit">{button}</button></form>'
            + weigh + teams)
    return document("Class poll", body, script=script)


def read_ballot(setup: Setup, form: dict[str, str]) -> dict[str, float]:
    """The ballot a form sent: `pick=<thesis>` or `points-<thesis>=<n>`. Numbers are checked by the debate's
    own rule when the ballot is cast (debate.check_ballot); an empty box counts 0."""
    if setup.poll == "pick":
        chosen = form.get("pick", "")
        return {chosen: 1} if chosen else {}
    ballot: dict[str, float] = {}
    for thesis in setup.theses:
        text = form.get(f"points-{thesis}", "").strip()
        try:
            ballot[thesis] = float(text) if text else 0.0
        except ValueError:
            ballot[thesis] = float("nan")
    return ballot
