"""Starting the app (or any Streamlit script) on a free port of 127.0.0.1, for the browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: Path | str, args: list[str] | None = None, env: dict[str, str] | None = None,
          timeout: float = 60, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script -- args` (on `port`, else a free one) and wait until it answers its health
    check: (process, url)."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none", "--server.runOnSave=false"]
    if args:
        command += ["--", *args]
    return started(command, f"http://127.0.0.1:{port}", "/_stcore/health", env, timeout, str(script))


def started(command: list[str], url: str, health: str, env: dict[str, str] | None, timeout: float,
            what: str) -> tuple[subprocess.Popen, str]:
    """Run `command` from the project's folder and wait until `url + health` answers ok: (process, url). A process
    that ends, or does not answer within `timeout`, is a RuntimeError naming `what`."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + health, timeout=1) as answer:
                if answer.read() == b"ok":
                    return process, url
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    process.wait(timeout=20)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=20)


def serve_phone(db: str | Path, port: int | None = None, env: dict[str, str] | None = None,
                timeout: float = 30) -> tuple[subprocess.Popen, str]:
    """Start the phone page (explorer/classroom/phone_app.py) on the poll store `db` and wait until it answers: (process, url)."""
    port = port or free_port()
    return started([sys.executable, "-m", "explorer.classroom.phone_app", "--port", str(port), "--poll-db", str(db)],
                   f"http://127.0.0.1:{port}", "/healthz", env, timeout, "the phone page")
