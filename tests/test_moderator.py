"""The moderator's key remembered by the teacher's browser: the signed cookie's value, its name and its header."""

from __future__ import annotations

import time

from explorer import config
from explorer.classroom import moderator

SECRET = "a-secret-of-the-class-server-0123"
KEY = "Zq3-key_of_the_room"


def test_a_signed_value_gives_back_the_key_for_its_room_only() -> None:
    value = moderator.sign("k7qx2m", KEY, SECRET)
    assert value.count(".") == 2  # itsdangerous: payload.timestamp.signature
    assert moderator.read(value, "K7QX2M", SECRET) == KEY
    assert moderator.read(value, "k7-qx2m", SECRET) == KEY  # the code as a student types it
    assert moderator.read(value, "AAAAAA", SECRET) is None  # another room's cookie
    assert moderator.read(value, "K7QX2M", "another-secret-of-16+chars") is None
    assert moderator.read(value, "K7QX2M", None) is None
    assert moderator.read(None, "K7QX2M", SECRET) is None and moderator.read("", "K7QX2M", SECRET) is None


def test_a_changed_value_is_refused() -> None:
    value = moderator.sign("K7QX2M", KEY, SECRET)
    payload, stamp, signature = value.split(".")
    forged = moderator.sign("K7QX2M", "guessed", "the-attackers-own-secret").split(".")[0]
    assert moderator.read(f"{forged}.{stamp}.{signature}", "K7QX2M", SECRET) is None
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]  # the first character: all 6 of its bits count
    assert moderator.read(f"{payload}.{stamp}.{flipped}", "K7QX2M", SECRET) is None
    assert moderator.read("not a cookie at all", "K7QX2M", SECRET) is None


def test_a_value_older_than_a_room_lives_is_refused(monkeypatch) -> None:
    issued = 1_800_000_000.0
    monkeypatch.setattr(time, "time", lambda: issued)
    value = moderator.sign("K7QX2M", KEY, SECRET)
    monkeypatch.setattr(time, "time", lambda: issued + moderator.SECONDS)
    assert moderator.read(value, "K7QX2M", SECRET) == KEY  # a day old: still taken
    monkeypatch.setattr(time, "time", lambda: issued + moderator.SECONDS + 2)
    assert moderator.read(value, "K7QX2M", SECRET) is None
    assert moderator.SECONDS == 86_400


def test_the_cookie_is_http_only_strict_and_per_room() -> None:
    assert moderator.cookie_name("k7-qx2m") == "explorer_moderator_K7QX2M"
    assert moderator.set_cookie("K7QX2M", "v.a.l") == (
        "explorer_moderator_K7QX2M=v.a.l; Max-Age=86400; Path=/; SameSite=Strict; HttpOnly")
    assert moderator.forget_cookie("K7QX2M") == "explorer_moderator_K7QX2M=; Max-Age=0; Path=/; SameSite=Strict; HttpOnly"


def test_the_secret_comes_from_the_environment_and_must_be_long_enough() -> None:
    assert moderator.secret({config.SECRET_VAR: SECRET}) == SECRET
    assert moderator.secret({config.SECRET_VAR: "short"}) is None
    assert moderator.secret({}) is None
