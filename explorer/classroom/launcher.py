"""A class debate's server on the teacher's laptop, in one command (`make class`): the Streamlit app (set-up,
console, briefs) on one port and the students' phone page (explorer/classroom/phone_app.py) on the next, both on the same
poll store. The console's join link and QR code point at the phone page.

    python -m explorer.classroom [--address 0.0.0.0] [--port 8501] [--phone-port 8502] [-- APP OPTIONS]

APP OPTIONS go to app.py (`--case PATH`, `--poll-db URL_OR_PATH`, ...). Stopping this command (Ctrl-C, SIGTERM)
stops both; if one of them stops, the other is stopped too.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from explorer import config

ROOT = Path(__file__).resolve().parent.parent.parent  # the project
CLASS_FLAG = "--class"  # the app's menu for a class: the students' pages only (explorer/ui/audience.py)


def commands(address: str, port: int, phone_port: int, app_args: list[str], python: str = sys.executable,
             headless: bool = False) -> tuple[list[str], list[str]]:
    """The two commands: (the Streamlit app, the phone page)."""
    app = [python, "-m", "streamlit", "run", str(ROOT / "app.py"), f"--server.address={address}",
           f"--server.port={port}", "--browser.gatherUsageStats=false"]
    if headless:
        app.append("--server.headless=true")
    app += ["--", *app_args, *([] if CLASS_FLAG in app_args else [CLASS_FLAG])]
    phone = [python, "-m", "explorer.classroom.phone_app", "--host", address, "--port", str(phone_port), "--app-port", str(port)]
    db, case = _shared(app_args)
    if db:
        phone += ["--poll-db", db]
    if case:
        phone += ["--case", case]
    return app, phone


def _shared(app_args: list[str]) -> tuple[str | None, str | None]:
    """The app's options the phone page takes too: the poll store and the case (for the students' weighing)."""
    chosen = config.settings(app_args)
    known, _ = config.app_parser().parse_known_args(app_args)
    return known.poll_db, str(chosen.case)


def environment(phone_port: int, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The two servers' environment: where the phone page is, and the secret both sign and check the moderator's
    cookie with (explorer/classroom/moderator.py): one made at random for this lesson unless one is set."""
    env = dict(os.environ if environ is None else environ)
    env[config.PHONE_PORT_VAR] = str(phone_port)
    if config.cookie_secret(env) is None:
        env[config.SECRET_VAR] = secrets.token_urlsafe(32)
    return env


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    app_args: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, app_args = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--phone-port", type=int, default=8502)
    parser.add_argument("--headless", action="store_true", help="Do not open a browser.")
    args = parser.parse_args(argv)
    app, phone = commands(args.address, args.port, args.phone_port, app_args, headless=args.headless)
    env = environment(args.phone_port)
    children = [subprocess.Popen(phone, cwd=ROOT, env=env), subprocess.Popen(app, cwd=ROOT, env=env)]
    print(f"The students' phone page: port {args.phone_port} (/vote and /weigh); the app: port {args.port}. "
          f"Set up the debate at http://THIS-LAPTOP:{args.port}/debate (the address Streamlit prints as the "
          "Network URL, with /debate).", flush=True)

    asked = []

    def stop(*signalled: object) -> None:
        if signalled:
            asked.append(signalled[0])
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    failed = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.3)
        for name, child in zip(("the phone page", "the app"), children):
            if child.poll() is not None and not asked:
                failed = failed or abs(child.returncode) or 1
                print(f"{name} stopped (exit {child.returncode}); stopping the other. Is port "
                      f"{args.phone_port if child is children[0] else args.port} in use?", file=sys.stderr, flush=True)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0 if asked else failed or 1  # stopped as asked, or the exit of the one that stopped by itself


if __name__ == "__main__":
    raise SystemExit(main())
