"""Every setting of the explorer, read in one place and checked by one rule each (starlette's `Config` is the
model): the command line's options after `--` (`streamlit run app.py -- --case PATH`), else the environment,
else the default. The command line (`python -m explorer`), the Streamlit app, the class launcher and the phone
server all ask here, so a setting means the same wherever it is given, and a bad value is refused with the same
message everywhere (`ConfigError`).

| setting | option | environment | default |
|---|---|---|---|
| the served case | `--case PATH` | EXPLORER_CASE | claims/ |
| more folders of cases | `--cases DIR` (repeatable) | EXPLORER_CASES (separated by the path separator) | none |
| the workshop's folder | `--workshop-root PATH` | EXPLORER_WORKSHOP_ROOT | cases/ |
| the workshop offered | `--no-workshop` | EXPLORER_WORKSHOP=off | on |
| cases outside the workshop folder changed in it | `--edit-served-case` | EXPLORER_EDIT_SERVED_CASE=on | off |
| the class's server | `--class` | | off |
| the poll store | `--poll-db URL_OR_PATH` | EXPLORER_POLL_DB | data/polls.sqlite3 |
| days an expired room is kept | `--poll-retention-days N` | EXPLORER_POLL_RETENTION_DAYS | 7 |
| the phone page's port | | EXPLORER_PHONE_PORT (set by the launcher) | none |
| the moderator cookie's secret | | EXPLORER_COOKIE_SECRET (16 characters or more) | none |
| the phone page's limits a minute | | EXPLORER_PHONE_LIMITS=off | on |
| a busy poll store's wait | | EXPLORER_POLL_BUSY_SECONDS | 10 |
| a page's wait for the robustness figures | | EXPLORER_SURE_WAIT | 0 |
| megabytes of drawn samples the robustness worker keeps for reruns | | EXPLORER_SAMPLES_KEEP_MB (0 keeps none) | 200 |
| a request head's deadline (phone page) | | EXPLORER_PHONE_HEADER_SECONDS | 10 |

Pure apart from reading `sys.argv` and `os.environ` (both may be passed in, for the tests); what it reads is kept,
keyed on what it was read from, so a page's rerun does not parse them again.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from explorer.problem import ExplorerError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASE = ROOT / "claims"
DEFAULT_WORKSHOP_ROOT = ROOT / "cases"
DEFAULT_DB = ROOT / "data" / "polls.sqlite3"
RETENTION_DAYS = 7.0  # how long an expired room and its ballots are kept before a purge deletes them
BUSY_SECONDS = 10.0  # how long a call waits for a busy poll database before saying so
MIN_SECRET = 16  # characters: a shorter cookie secret is not used

CASE_VAR = "EXPLORER_CASE"
CASES_VAR = "EXPLORER_CASES"
WORKSHOP_ROOT_VAR = "EXPLORER_WORKSHOP_ROOT"
WORKSHOP_VAR = "EXPLORER_WORKSHOP"
EDIT_SERVED_VAR = "EXPLORER_EDIT_SERVED_CASE"
POLL_DB_VAR = "EXPLORER_POLL_DB"
RETENTION_VAR = "EXPLORER_POLL_RETENTION_DAYS"
PHONE_PORT_VAR = "EXPLORER_PHONE_PORT"
SECRET_VAR = "EXPLORER_COOKIE_SECRET"
LIMITS_VAR = "EXPLORER_PHONE_LIMITS"
BUSY_VAR = "EXPLORER_POLL_BUSY_SECONDS"
BUSY_MOST = 300.0
VARIABLES = (CASE_VAR, CASES_VAR, WORKSHOP_ROOT_VAR, WORKSHOP_VAR, EDIT_SERVED_VAR, POLL_DB_VAR, RETENTION_VAR, PHONE_PORT_VAR,
             SECRET_VAR, LIMITS_VAR)
OFF = ("off", "0", "no", "false")
ON = ("on", "1", "yes", "true")


class ConfigError(ExplorerError):
    """A setting the explorer cannot use; the message names it, what was given and what to give instead."""


@dataclass(frozen=True)
class Settings:
    """Every setting of a server, as read and checked. `problems` holds what was refused (each message says what
    was used instead), for a page to show: a server never stops on a bad setting."""

    case: Path
    cases: tuple[Path, ...]
    workshop_root: Path
    workshop: bool
    for_class: bool
    poll_db: str
    retention_days: float
    phone_port: int | None
    cookie_secret: str | None
    limits: bool
    problems: tuple[str, ...] = ()
    edit_served: bool = False  # the served case (and --cases') changed in the workshop, not only its own cases


def app_parser() -> argparse.ArgumentParser:
    """The options the app takes after `--` (and the launcher passes on)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--case")
    parser.add_argument("--cases", action="append", default=[])
    parser.add_argument("--workshop-root")
    parser.add_argument("--no-workshop", action="store_true")
    parser.add_argument("--edit-served-case", action="store_true")
    parser.add_argument("--class", action="store_true", dest="for_class")
    parser.add_argument("--poll-db")
    parser.add_argument("--poll-retention-days")
    return parser


def retention_days(text: str | None) -> float:
    """Days an expired room is kept: a number, 0 or more; RETENTION_DAYS when nothing is given."""
    if text is None or not str(text).strip():
        return RETENTION_DAYS
    try:
        days = float(text)
    except ValueError:
        days = float("nan")
    if not days >= 0 or days == float("inf"):
        raise ConfigError(f"the retention {text!r} is not a number of days, 0 or more; give one such as 7")
    return days


def port(text: str | None, name: str) -> int | None:
    """A port number (1 to 65535), or None when nothing is given."""
    if text is None or not str(text).strip():
        return None
    if not str(text).strip().isdigit() or not 1 <= int(text) <= 65535:
        raise ConfigError(f"{name} {text!r} is not a port number; give a whole number from 1 to 65535")
    return int(text)


def seconds(name: str, default: float, most: float, zero: bool = False,
            environ: Mapping[str, str] | None = None) -> float:
    """$name as seconds, from 0 (only when `zero` allows it; else above 0) to `most`; else `default`."""
    try:
        value = float((os.environ if environ is None else environ).get(name) or default)
    except ValueError:
        return default
    if math.isnan(value) or value > most or value < 0 or (value == 0 and not zero):
        return default
    return value


KEEP_VAR = "EXPLORER_SAMPLES_KEEP_MB"
KEEP_MB = 200.0  # megabytes of drawn samples the robustness worker keeps, so that a slider's rerun ranks them again
KEEP_MB_MOST = 8000.0


def kept_bytes(environ: Mapping[str, str] | None = None) -> int:
    """How many bytes of drawn samples the robustness worker keeps for reruns: $EXPLORER_SAMPLES_KEEP_MB megabytes
    (0 keeps none; at most 8,000), else 200."""
    return int(seconds(KEEP_VAR, KEEP_MB, KEEP_MB_MOST, zero=True, environ=environ) * 1_000_000)


def busy_seconds() -> float:
    """How long a call waits for a busy database before saying so: $EXPLORER_POLL_BUSY_SECONDS, else 10."""
    return seconds(BUSY_VAR, BUSY_SECONDS, BUSY_MOST)


def cookie_secret(environ: Mapping[str, str] | None = None) -> str | None:
    """The moderator cookie's signing secret: $EXPLORER_COOKIE_SECRET when it is at least MIN_SECRET characters."""
    value = (os.environ if environ is None else environ).get(SECRET_VAR, "").strip()
    return value if len(value) >= MIN_SECRET else None


def given(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """One environment variable as given (None when unset or blank): for a command's own option's default."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None


def settings(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Every setting, from the options (default: this process's) and the environment (default: this process's)."""
    argv = sys.argv[1:] if argv is None else argv
    environ = os.environ if environ is None else environ
    return _read(tuple(argv), tuple((v, environ.get(v)) for v in VARIABLES))


@lru_cache(maxsize=32)
def _read(argv: tuple[str, ...], given: tuple[tuple[str, str | None], ...]) -> Settings:
    env = {k: v for k, v in given if v is not None}
    known, _ = app_parser().parse_known_args(list(argv))
    problems = []
    try:
        days = retention_days(known.poll_retention_days or env.get(RETENTION_VAR))
    except ConfigError as err:
        problems.append(f"{err}; expired rooms are kept {RETENTION_DAYS:g} days")
        days = RETENTION_DAYS
    try:
        phone = port(env.get(PHONE_PORT_VAR), PHONE_PORT_VAR)
    except ConfigError as err:
        problems.append(f"{err}; the join link is the app's own page")
        phone = None
    listed = known.cases or [p for p in env.get(CASES_VAR, "").split(os.pathsep) if p.strip()]
    return Settings(
        case=Path(known.case or env.get(CASE_VAR) or DEFAULT_CASE),
        cases=tuple(Path(p) for p in listed),
        workshop_root=Path(known.workshop_root or env.get(WORKSHOP_ROOT_VAR) or DEFAULT_WORKSHOP_ROOT),
        workshop=not known.no_workshop and env.get(WORKSHOP_VAR, "on").strip().lower() not in OFF,
        for_class=known.for_class,
        poll_db=str(known.poll_db or env.get(POLL_DB_VAR) or DEFAULT_DB),
        retention_days=days,
        phone_port=phone,
        cookie_secret=cookie_secret(env),
        limits=env.get(LIMITS_VAR, "").strip().lower() not in OFF[:1],
        problems=tuple(problems),
        edit_served=known.edit_served_case or env.get(EDIT_SERVED_VAR, "").strip().lower() in ON,
    )
