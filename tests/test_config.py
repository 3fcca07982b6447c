"""Settings from the environment: a number of seconds within its bounds, else the default."""

from __future__ import annotations

import pytest

from explorer import config


@pytest.mark.parametrize("given,zero,expected", [
    (None, False, 10.0), ("2.5", False, 2.5), ("300", False, 300.0), ("301", False, 10.0), ("0", False, 10.0),
    ("0", True, 0.0), ("-1", True, 10.0), ("nan", False, 10.0), ("soon", False, 10.0), ("", False, 10.0),
])
def test_seconds_within_bounds_or_the_default(monkeypatch, given, zero, expected) -> None:
    if given is None:
        monkeypatch.delenv("EXPLORER_TEST_SECONDS", raising=False)
    else:
        monkeypatch.setenv("EXPLORER_TEST_SECONDS", given)
    assert config.seconds("EXPLORER_TEST_SECONDS", 10.0, 300.0, zero=zero) == expected


def test_the_busy_wait_is_read_once_for_the_app_and_the_phone_page(monkeypatch) -> None:
    from explorer.classroom import phone_app
    from explorer.ui import polls

    monkeypatch.setenv(config.BUSY_VAR, "4")
    assert config.busy_seconds() == polls.busy_seconds() == phone_app.busy_seconds() == 4.0


def test_every_setting_from_the_options_else_the_environment_else_the_default(tmp_path) -> None:
    from pathlib import Path

    bare = config.settings([], {})
    assert (bare.case, bare.cases, bare.workshop_root, bare.workshop, bare.for_class) == (
        config.DEFAULT_CASE, (), config.DEFAULT_WORKSHOP_ROOT, True, False)
    assert (bare.poll_db, bare.retention_days, bare.phone_port, bare.cookie_secret, bare.limits, bare.problems) == (
        str(config.DEFAULT_DB), 7.0, None, None, True, ())
    env = {config.CASE_VAR: "env-case", config.CASES_VAR: f"a{__import__('os').pathsep}b",
           config.WORKSHOP_VAR: "off", config.POLL_DB_VAR: "postgresql://u@h/db", config.RETENTION_VAR: "3",
           config.PHONE_PORT_VAR: "8502", config.SECRET_VAR: "s" * 16, config.LIMITS_VAR: "off"}
    from_env = config.settings([], env)
    assert (from_env.case, from_env.cases, from_env.workshop, from_env.poll_db, from_env.retention_days) == (
        Path("env-case"), (Path("a"), Path("b")), False, "postgresql://u@h/db", 3.0)
    assert (from_env.phone_port, from_env.cookie_secret, from_env.limits) == (8502, "s" * 16, False)
    options = config.settings(["--case", "opt-case", "--cases", "c", "--no-workshop", "--class", "--poll-db",
                               str(tmp_path / "p.sqlite3"), "--poll-retention-days", "1.5", "--server.port=1"], env)
    assert (options.case, options.cases, options.workshop, options.for_class, options.retention_days) == (
        Path("opt-case"), (Path("c"),), False, True, 1.5)
    assert options.poll_db == str(tmp_path / "p.sqlite3")


def test_a_bad_setting_is_refused_with_one_message_and_the_default_used() -> None:
    got = config.settings([], {config.RETENTION_VAR: "a week", config.PHONE_PORT_VAR: "99999"})
    assert got.retention_days == 7.0 and got.phone_port is None
    assert got.problems == (
        "the retention 'a week' is not a number of days, 0 or more; give one such as 7; expired rooms are kept 7 days",
        ("EXPLORER_PHONE_PORT '99999' is not a port number; give a whole number from 1 to 65535; the join link is "
         "the app's own page"))
    with pytest.raises(config.ConfigError, match=r"the retention '-1' is not a number of days, 0 or more"):
        config.retention_days("-1")
    assert config.cookie_secret({config.SECRET_VAR: "too short"}) is None
    assert config.given(config.CASE_VAR, {config.CASE_VAR: "  "}) is None


def test_settings_are_read_once_for_the_same_options_and_environment() -> None:
    env = {config.RETENTION_VAR: "2"}
    assert config.settings(["--class"], env) is config.settings(["--class"], dict(env))
    assert config.settings(["--class"], env) is not config.settings([], env)


def test_no_module_but_config_reads_the_environment_or_the_command_line() -> None:
    """Settings are read in one place: every other module asks explorer.config (the class launcher passes its
    environment on to the servers it starts, and each command parses its own options)."""
    import ast
    from pathlib import Path

    root = Path(config.__file__).resolve().parent
    readers = []
    for path in root.rglob("*.py"):
        if path.name == "config.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "argv", "getenv") and \
                    isinstance(node.value, ast.Name) and node.value.id in ("os", "sys"):
                readers.append(str(path.relative_to(root)))
    assert sorted(readers) == ["classroom/launcher.py", "classroom/launcher.py"]  # the launcher's own argv; the children's environment


def test_the_served_case_is_changed_in_the_workshop_only_when_the_server_allows_it() -> None:
    assert config.settings([], {}).edit_served is False
    assert config.settings(["--edit-served-case"], {}).edit_served is True
    assert config.settings([], {"EXPLORER_EDIT_SERVED_CASE": "on"}).edit_served is True
    assert config.settings([], {"EXPLORER_EDIT_SERVED_CASE": "off"}).edit_served is False


def test_the_samples_the_worker_keeps_are_a_number_of_megabytes() -> None:
    assert config.kept_bytes({}) == 200_000_000
    assert config.kept_bytes({config.KEEP_VAR: "50"}) == 50_000_000
    assert config.kept_bytes({config.KEEP_VAR: "0"}) == 0  # keeps none
    for refused in ("lots", "-5", "9000", "nan"):  # not a number of megabytes from 0 to 8,000: the default
        assert config.kept_bytes({config.KEEP_VAR: refused}) == 200_000_000


def test_the_worker_reads_what_it_keeps_as_it_starts(monkeypatch) -> None:
    from explorer.ui import sure
    from explorer.weigh import sampling

    monkeypatch.setattr(sampling, "KEEP", sampling.KEEP)
    monkeypatch.setenv(config.KEEP_VAR, "12")
    sure._start()
    assert sampling.KEEP == 12_000_000
