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
    from explorer import phone_app
    from explorer.ui import polls

    monkeypatch.setenv(config.BUSY_VAR, "4")
    assert config.busy_seconds() == polls.busy_seconds() == phone_app.busy_seconds() == 4.0
