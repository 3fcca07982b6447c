"""The official Argdown command line (@argdown/cli from npm), found or installed into .cache/argdown.

Tests that need it use `argdown_or_skip()`: it returns the path of the `argdown` program, installing the
pinned version with npm when it is missing (about 15 s, once). When node or npm is missing or the install
fails, the test is skipped on a developer's machine, and fails under CI=true, so that CI always runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION = "1.7.5"
CACHE = ROOT / ".cache" / "argdown"
PROGRAM = CACHE / "node_modules" / ".bin" / "argdown"
INSTALL_SECONDS = 600


def installed_version() -> str | None:
    manifest = CACHE / "node_modules" / "@argdown" / "cli" / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def find_or_install() -> tuple[Path | None, str]:
    """(the program, "") or (None, why it is not there)."""
    if PROGRAM.exists() and installed_version() == VERSION:
        return PROGRAM, ""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None, "node and npm are needed for the Argdown CLI (apt-get install nodejs npm)"
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund",
                               f"@argdown/cli@{VERSION}"], capture_output=True, text=True, timeout=INSTALL_SECONDS,
                              check=False)
    except subprocess.TimeoutExpired:
        return None, f"npm install @argdown/cli@{VERSION} took more than {INSTALL_SECONDS} s"
    if done.returncode != 0 or not PROGRAM.exists():
        tail = " ".join((done.stderr or done.stdout).split()[-40:])
        return None, f"npm install @argdown/cli@{VERSION} failed: {tail}"
    return PROGRAM, ""


def argdown_or_skip() -> Path:
    program, why = find_or_install()
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Argdown CLI is required under CI=true: {why}")
        pytest.skip(why)
    return program


def argdown_json(program: Path, source: Path, out_dir: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    """Run `argdown json SOURCE OUT_DIR`; the process and the JSON it wrote (None if it wrote none)."""
    done = subprocess.run([str(program), "json", str(source), str(out_dir)], capture_output=True, text=True,
                          timeout=120, check=False)
    target = out_dir / (source.stem + ".json")
    return done, json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
