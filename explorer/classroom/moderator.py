"""The moderator's key, remembered by the teacher's browser for a room: a signed, HttpOnly cookie of the class
server's site. Pure: no I/O but the environment's secret.

The Streamlit app cannot set an HttpOnly cookie (a page talks to its server over a websocket), so the phone page's
server (explorer/classroom/phone_app.py, on the same host; a browser sends a host's cookies to every port of it) sets it
when the console, once unlocked, sends it the key (`POST /moderator`); the app reads it back from the browser's
request (`st.context.cookies`) on a reload, in a second tab or on the Class perspectives page. The cookie is
signed with a secret both servers share (`EXPLORER_COOKIE_SECRET`, which `python -m explorer.classroom` makes at
random for the two servers it starts), carries its time of issue, and is taken only within the room's lifetime
and when the key in it is still the room's (checked against the poll store by the caller). It holds the key
itself: whoever holds the cookie holds the key, which is why it is HttpOnly (no script reads it), SameSite=Strict
and kept no longer than a room lives.
"""

from __future__ import annotations

import re

from itsdangerous import BadData, URLSafeTimedSerializer

from explorer import config
from explorer.classroom.store import LIFETIME_HOURS, normalise_code

PREFIX = "explorer_moderator_"
SALT = "explorer-moderator-key"
SECONDS = int(LIFETIME_HOURS * 3600)  # a room lives a day; its key is not remembered longer
PATH = "/moderator"


def secret(environ: dict[str, str] | None = None) -> str | None:
    """The shared signing secret (explorer.config.cookie_secret): None when none of MIN_SECRET characters is set
    (the key is then asked for in each browser session, as before)."""
    return config.cookie_secret(environ)


def cookie_name(code: str) -> str:
    """One cookie per room: explorer_moderator_K7QX2M (a code is letters and digits only)."""
    return PREFIX + re.sub(r"[^A-Z0-9]", "", normalise_code(code))


def _serializer(signing: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing, salt=SALT)


def sign(code: str, key: str, signing: str) -> str:
    """The cookie's value: the room and its key, with the time of issue, signed (itsdangerous)."""
    return _serializer(signing).dumps({"room": normalise_code(code), "key": key})


def read(value: str | None, code: str, signing: str | None, max_age: int = SECONDS) -> str | None:
    """The key a cookie's value holds for this room; None when there is none, the signature or the secret is not
    ours, it is older than `max_age` seconds, or it is another room's."""
    if not value or not signing:
        return None
    try:
        held = _serializer(signing).loads(value, max_age=max_age)
    except BadData:
        return None
    if not isinstance(held, dict) or held.get("room") != normalise_code(code) or not isinstance(held.get("key"), str):
        return None
    return held["key"]


def set_cookie(code: str, value: str) -> str:
    """The Set-Cookie header's value: HttpOnly (no script reads it), SameSite=Strict (sent only by the site's own
    pages, whatever their port), for as long as a room lives."""
    return f"{cookie_name(code)}={value}; Max-Age={SECONDS}; Path=/; SameSite=Strict; HttpOnly"


def forget_cookie(code: str) -> str:
    """The Set-Cookie header's value that removes the room's cookie."""
    return f"{cookie_name(code)}=; Max-Age=0; Path=/; SameSite=Strict; HttpOnly"
