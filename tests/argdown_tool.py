"""The official Argdown command line (@argdown/cli from npm), found or installed into .cache/argdown.

Tests that need it use `argdown_or_skip()`: it returns the path of the `argdown` program, installing the
pinned version with npm when it is missing (about 15 s, once). When node or npm is missing or the install
fails, the test is skipped on a developer's machine, and fails under CI=true, so that CI always runs it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from npm_tool import NpmPackage

PACKAGE = NpmPackage("@argdown/cli", "1.7.5", "argdown", ".bin/argdown", ("node", "npm"), 600)
VERSION = PACKAGE.version


def argdown_or_skip() -> Path:
    return PACKAGE.or_skip("the Argdown CLI")


def argdown_json(program: Path, source: Path, out_dir: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    """Run `argdown json SOURCE OUT_DIR`; the process and the JSON it wrote (None if it wrote none)."""
    done = subprocess.run([str(program), "json", str(source), str(out_dir)], capture_output=True, text=True,
                          timeout=120, check=False)
    target = out_dir / (source.stem + ".json")
    return done, json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
