"""An npm package pinned for the tests, found or installed into .cache/<name>; used by the Argdown and axe tools.

`or_skip()` returns the file the tests need, installing the pinned version with npm when it is missing. When npm
is missing or the install fails, the test is skipped on a developer's machine, and fails under CI=true, so that
CI always runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class NpmPackage:
    name: str  # as npm knows it: @argdown/cli, axe-core
    version: str
    cache: str  # the folder under .cache/
    needed: str  # the file the tests use, under node_modules/
    needs: tuple[str, ...]  # programs that must be on PATH
    install_seconds: int

    @property
    def folder(self) -> Path:
        return ROOT / ".cache" / self.cache

    @property
    def path(self) -> Path:
        return self.folder / "node_modules" / self.needed

    def installed_version(self) -> str | None:
        manifest = self.folder / "node_modules" / self.name / "package.json"
        try:
            return json.loads(manifest.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            return None

    def find_or_install(self) -> tuple[Path | None, str]:
        """(the file, "") or (None, why it is not there)."""
        if self.path.exists() and self.installed_version() == self.version:
            return self.path, ""
        if any(shutil.which(program) is None for program in self.needs):
            return None, f"{' and '.join(self.needs)} are needed for {self.name} (apt-get install nodejs npm)"
        self.folder.mkdir(parents=True, exist_ok=True)
        pinned = f"{self.name}@{self.version}"
        try:
            done = subprocess.run(["npm", "install", "--prefix", str(self.folder), "--no-audit", "--no-fund", pinned],
                                  capture_output=True, text=True, timeout=self.install_seconds, check=False)
        except subprocess.TimeoutExpired:
            return None, f"npm install {pinned} took more than {self.install_seconds} s"
        if done.returncode != 0 or not self.path.exists() or self.installed_version() != self.version:
            tail = " ".join((done.stderr or done.stdout).split()[-40:])
            return None, f"npm install {pinned} failed: {tail}"
        return self.path, ""

    def or_skip(self, what: str) -> Path:
        found, why = self.find_or_install()
        if found is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{what} is required under CI=true: {why}")
            pytest.skip(why)
        return found
