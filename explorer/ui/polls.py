"""The debate pages' shared pieces: the poll store, this device's participant id, the join link and QR code."""

from __future__ import annotations

import argparse
import io
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import segno
import streamlit as st

from explorer.store import PollStore, is_participant

ENV_VAR = "EXPLORER_POLL_DB"
DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "polls.sqlite3"
COOKIE = "explorer_participant"
COOKIE_SECONDS = 30 * 24 * 3600  # a school term's debates from the same phone count as the same voter


def database_path(argv: list[str] | None = None) -> Path:
    """`streamlit run app.py -- --poll-db PATH`, else $EXPLORER_POLL_DB, else data/polls.sqlite3."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--poll-db")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Path(known.poll_db or os.environ.get(ENV_VAR) or DEFAULT_DB)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> PollStore:
    return PollStore(path)


def store() -> PollStore:
    """The poll store, opened once per server; a warning if a damaged file had to be put aside."""
    opened = _store(str(database_path()))
    if opened.notice:
        st.warning(opened.notice, icon="⚠️")
    return opened


def participant() -> str:
    """This device's anonymous id, so that a second ballot from the same phone replaces the first.

    It is kept in a cookie of this site (read when the page connects), so a reload, a new tab or the join link
    opened again all find it; and in the address (`me=`), for a browser that keeps no cookies. The cookie
    wins: a link copied from a friend's phone carries the friend's `me=`, and must not replace their ballot."""
    if "participant" not in st.session_state:
        from_cookie = st.context.cookies.get(COOKIE, "")
        from_url = st.query_params.get("me", "")
        current = next((c for c in (from_cookie, from_url) if is_participant(c)), None) or uuid.uuid4().hex
        st.session_state["participant"] = current
        st.session_state["participant_remembered"] = from_cookie == current
    current = st.session_state["participant"]
    if st.query_params.get("me") != current:
        st.query_params["me"] = current
    if not st.session_state["participant_remembered"]:  # `current` is [A-Za-z0-9_-] only: safe in the script
        st.html(f"<script>document.cookie = '{COOKIE}={current}; max-age={COOKIE_SECONDS}; path=/; "
                "SameSite=Strict';</script>", unsafe_allow_javascript=True)
        st.session_state["participant_remembered"] = True
    return current


def join_link(code: str) -> str:
    """The address students open: this server's address and the join page, with the code."""
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
