"""The class's launcher (explorer/classroom/launcher.py): the two commands `make class` runs, and their environment."""

from __future__ import annotations

from explorer import config
from explorer.classroom import launcher, moderator


def test_the_app_is_the_class_server_and_the_phone_page_gets_the_case_and_the_store() -> None:
    app, phone = launcher.commands("0.0.0.0", 8501, 8502, ["--case", "cases/x", "--poll-db", "p.sqlite3",
                                                             "--no-workshop"], python="py")
    assert app[app.index("--") + 1:] == ["--case", "cases/x", "--poll-db", "p.sqlite3", "--no-workshop", "--class"]
    assert phone == ["py", "-m", "explorer.classroom.phone_app", "--host", "0.0.0.0", "--port", "8502", "--app-port", "8501",
                     "--poll-db", "p.sqlite3", "--case", "cases/x"]


def test_without_a_case_the_phone_page_gets_the_apps_default(monkeypatch) -> None:
    monkeypatch.delenv("EXPLORER_CASE", raising=False)
    _, phone = launcher.commands("127.0.0.1", 8501, 8502, [], python="py")
    assert phone[-2:] == ["--case", str(launcher.ROOT / "claims")]
    monkeypatch.setenv("EXPLORER_CASE", "cases/y")
    assert launcher.commands("127.0.0.1", 8501, 8502, [], python="py")[1][-2:] == ["--case", "cases/y"]


def test_both_servers_share_a_secret_made_for_the_lesson_unless_one_is_set() -> None:
    made = launcher.environment(8502, {"PATH": "/bin"})
    assert made["EXPLORER_PHONE_PORT"] == "8502" and made["PATH"] == "/bin"
    assert moderator.secret(made) is not None and len(made[config.SECRET_VAR]) >= 40
    assert launcher.environment(8502, {})[config.SECRET_VAR] != made[config.SECRET_VAR]  # random each time
    kept = launcher.environment(8502, {config.SECRET_VAR: "the-schools-own-secret-0123"})
    assert kept[config.SECRET_VAR] == "the-schools-own-secret-0123"
    short = launcher.environment(8502, {config.SECRET_VAR: "short"})
    assert moderator.secret(short) is not None and short[config.SECRET_VAR] != "short"
