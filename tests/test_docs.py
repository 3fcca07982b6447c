"""The docs, tested against the code in sqlite-utils' manner: every command and option of the command line is
documented, every link between the docs leads to a file that exists, and the README's first screen has the two
commands."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from explorer.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
COMMAND_LINE = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_is_documented(name: str) -> None:
    assert re.search(rf"`{re.escape(name)}[ `]", COMMAND_LINE), (
        f"docs/command-line.md does not mention the command `{name}`")


@pytest.mark.parametrize(("name", "option"), sorted(
    (name, option) for name, parser in commands().items() for action in parser._actions
    for option in action.option_strings if option.startswith("--") and option != "--help"))
def test_every_option_is_documented(name: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}\b", COMMAND_LINE), (
        f"docs/command-line.md does not mention `{name} {option}`")


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_link_leads_to_a_file_that_exists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"


def test_the_readme_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "make run " in first_screen and "make test " in first_screen


def test_every_audience_has_its_page() -> None:
    names = {p.name for p in DOCS}
    assert {"teachers.md", "students.md", "case-authors.md", "weighing.md", "deployment.md",
            "developers.md"} <= names


def test_every_setting_is_documented_for_deployment() -> None:
    from explorer import config

    deployment = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    for name in (*config.VARIABLES, config.BUSY_VAR, "EXPLORER_SURE_WAIT", "EXPLORER_PHONE_HEADER_SECONDS",
                 config.KEEP_VAR):
        assert name in deployment, name
    for option in config.app_parser()._option_string_actions:
        assert option in deployment, option


def test_the_developers_module_table_matches_the_tree() -> None:
    """Every row of docs/developers.md's module table names a file or folder that exists, and every module of the
    core (explorer/ outside explorer/ui/) has a row, or is named in its package's row (`reading` in the row of
    `explorer/disk/`)."""
    rows = dict(re.findall(r"^\| `(explorer/[^`]+)` \|(.*)$", (ROOT / "docs" / "developers.md").read_text(encoding="utf-8"),
                           re.MULTILINE))
    assert len(rows) >= 40
    assert [name for name in rows if not (ROOT / name).exists()] == []
    missing = []
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "ui" in rel.parts or path.name in {"__init__.py", "__main__.py"} or str(rel) in rows:
            continue
        if f"`{path.stem}`" not in rows.get(f"{rel.parent}/", ""):
            missing.append(str(rel))
    assert missing == []
