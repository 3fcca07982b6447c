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

from explorer.store import PollStore

ENV_VAR = "EXPLORER_POLL_DB"
DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "polls.sqlite3"


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
    """This device's anonymous id. It lives in the address (`me=`), so a reload keeps the same ballot."""
    current = st.query_params.get("me", "")
    if not (8 <= len(current) <= 64 and current.replace("-", "").replace("_", "").isalnum()):
        current = uuid.uuid4().hex
        st.query_params["me"] = current
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
