"""A lesson in the real browser, on the class's two servers as `make class` starts them (the app with `--class`,
the phone page with the case, one poll store, one cookie secret): the teacher sets up the debate and projects the
console at 1280x720, where everything the class needs is above the fold (measured by the elements' boxes); five
phones, each a browser context of its own, vote and weigh the evidence on the phone page; the results stay hidden
while the poll is open and show when it closes; a reload of the console, and the Class perspectives page in a
second tab, do not ask for the moderator key. Screenshots go to /work/notes/shots21/ (console_*, phone_*).

Uses Debian's Chromium as tests/test_browser.py does; skips where it does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from appserver import free_port, serve, serve_phone, stop
from playwright.sync_api import Browser, Page, expect
from test_browser import (  # noqa: F401 - fixtures, found by name
    FIRST,
    ROOT,
    browser_type_launch_args,
)

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SECRET = "the-lessons-own-cookie-secret-0123456789"
SHOTS = Path("/work/notes/shots21")
CHOICES = ["Setbacks abroad and the loss of prestige, Cuba above all (Team A)",
           "His erratic personal and administrative style (Team B)",
           "Backlash of party hardliners against his reforms (Team C)"]


@pytest.fixture(scope="module")
def class_servers(tmp_path_factory):
    """The phone page and the app, as the class's launcher starts them: (app url, phone url)."""
    db = tmp_path_factory.mktemp("lesson") / "polls.sqlite3"
    phone_port = free_port()
    shared = {"EXPLORER_POLL_DB": str(db), "EXPLORER_CASE": str(ROOT / "claims"), "EXPLORER_COOKIE_SECRET": SECRET}
    phone, phone_url = serve_phone(db, port=phone_port, env=shared)
    try:
        app, app_url = serve(ROOT / "app.py", args=["--class"], env={**shared, "EXPLORER_PHONE_PORT": str(phone_port)})
    except Exception:
        stop(phone)
        raise
    yield app_url, phone_url
    stop(app)
    stop(phone)


def settled(page: Page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')"
                           " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=FIRST)
    page.wait_for_timeout(600)


def above_the_fold(page: Page, what: str, locator) -> None:
    expect(locator).to_be_visible(timeout=FIRST)
    box = locator.bounding_box(timeout=FIRST)
    assert box is not None, what
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], f"{what} is below the fold: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"], f"{what} is off the screen: {box}"


def shot(page: Page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def weigh_on_phone(browser: Browser, phone_url: str, code: str, n: int) -> Page:
    """A phone votes, follows the link to weigh the evidence, moves a slider and sends its weighing."""
    context = browser.new_context(viewport=PHONE)
    student = context.new_page()
    student.set_default_timeout(FIRST)
    student.goto(f"{phone_url}/vote?room={code}")
    student.get_by_text(CHOICES[n % 3], exact=True).click()
    student.get_by_role("button", name="Send my vote").click()
    expect(student.get_by_text(re.compile(r"^Your vote is stored:"))).to_be_visible(timeout=FIRST)
    student.get_by_role("link", name="Weigh the evidence yourself").click()
    expect(student.get_by_role("heading", name="How far do you trust each source?")).to_be_visible(timeout=FIRST)
    trust = student.get_by_role("slider").first
    start = trust.input_value()
    trust.focus()
    trust.press("ArrowRight")
    trust.press("ArrowLeft")
    assert trust.input_value() == start, "a slider's step does not hold its starting value"
    for _ in range(n * 5):
        trust.press("ArrowRight")
    student.get_by_role("button", name="Send my weighing").click()
    expect(student.get_by_text("Sent. You can change it until the poll closes.")).to_be_visible(timeout=FIRST)
    expect(student.get_by_role("heading", name="Your ranking beside the class's and the engine's")).to_be_visible(
        timeout=FIRST)
    width = student.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the weighing page scrolls sideways on a phone ({width}px)"
    return student


def test_a_lesson_on_the_class_servers(browser: Browser, class_servers) -> None:
    app_url, phone_url = class_servers
    teacher = browser.new_context(viewport=PROJECTOR)
    page = teacher.new_page()
    page.set_default_timeout(FIRST)

    # the students' menu on the class server: no moderator's pages, no workshop
    student_view = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    student_view.goto(app_url)
    navigation = student_view.get_by_test_id("stSidebarNav")
    expect(navigation.get_by_text("Compare")).to_be_visible(timeout=FIRST)
    expect(navigation.get_by_text("Weigh the evidence yourself")).to_be_visible(timeout=FIRST)
    for hidden in ("Set up a debate", "Moderator's console", "Class perspectives", "Team briefs",
                   "Start a case or add a source", "Record passages"):
        expect(navigation.get_by_text(hidden)).to_have_count(0, timeout=FIRST)
    student_view.context.close()

    # set-up, then the console on the projector
    page.goto(f"{app_url}/debate")
    page.get_by_role("button", name="Create the debate room").click()
    ready = page.get_by_text(re.compile(r"^The debate room is ready\. Join code: [A-Z0-9]{6}$"))
    expect(ready).to_be_visible(timeout=FIRST)
    code = ready.inner_text().rsplit(" ", 1)[1]
    page.get_by_role("link", name="Open the moderator's console").click()
    expect(page.get_by_text(code, exact=True)).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("button", name="Open “Before the debate”")).to_be_visible(timeout=FIRST)
    settled(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden(timeout=FIRST)
    for what, locator in [
        ("the join code", page.get_by_text(code, exact=True)),
        ("the QR code", page.get_by_role("img", name=re.compile(r"^QR code of the join address"))),
        ("the round", page.get_by_text(re.compile(r"^Round 1 of 4: Opening statements$"))),
        ("the speaker", page.get_by_text("Team A speaks (paused)")),
        ("the clock", page.get_by_role("timer")),
        ("the speaking order", page.get_by_text(re.compile(r"^3\. Team C"))),
        ("start the clock", page.get_by_role("button", name="Start the clock")),
        ("the next turn", page.get_by_role("button", name="Next ▶")),
        ("the order's control", page.get_by_role("button", name="Change the speaking order")),
        ("open the poll before", page.get_by_role("button", name="Open “Before the debate”")),
        ("open the poll after", page.get_by_role("button", name="Open “After the debate”")),
    ]:
        above_the_fold(page, what, locator)
    shot(page, "console_start")
    # the browser keeps the key: a signed, HttpOnly cookie of this site
    kept = []
    for _ in range(FIRST // 500):
        kept = [c for c in teacher.cookies() if c["name"] == f"explorer_moderator_{code}"]
        if kept:
            break
        page.wait_for_timeout(500)
    assert kept and kept[0]["httpOnly"] and kept[0]["sameSite"] == "Strict", kept

    page.get_by_role("button", name="Start the clock").click()
    expect(page.get_by_text("Team A speaks (running)")).to_be_visible(timeout=FIRST)
    page.get_by_role("button", name="Open “Before the debate”").click()
    expect(page.get_by_role("button", name="Close “Before the debate”")).to_be_visible(timeout=FIRST)
    above_the_fold(page, "close the poll", page.get_by_role("button", name="Close “Before the debate”"))
    above_the_fold(page, "show the results", page.get_by_role("button", name="Show the results now"))

    # five phones vote and weigh
    phones = [weigh_on_phone(browser, phone_url, code, n) for n in range(5)]
    phones[4].set_viewport_size(PHONE)
    phones[4].evaluate("window.scrollTo(0, 0)")
    shot(phones[4], "phone_weigh_result")
    phones[4].get_by_role("heading", name="How far do you trust each source?").scroll_into_view_if_needed()
    shot(phones[4], "phone_weigh_sliders")
    shot(phones[4], "phone_weigh_full", full=True)
    expect(phones[4].get_by_role("columnheader", name="The class")).to_be_visible(timeout=FIRST)

    # the console counts them, and keeps the results hidden while the poll is open
    expect(page.get_by_text(re.compile(r"Before the debate: \*?5\*? ballots"))).to_be_visible(timeout=FIRST)
    expect(page.get_by_text(re.compile(r"^Results hidden while the poll is open"))).to_be_visible(timeout=FIRST)
    expect(page.locator(".js-plotly-plot")).to_have_count(0, timeout=FIRST)
    settled(page)
    shot(page, "console_poll_open")

    # closed: the results show, above the fold
    page.get_by_role("button", name="Close “Before the debate”").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    settled(page)
    above_the_fold(page, "the poll's results", page.locator(".js-plotly-plot").first)
    shot(page, "console_results")

    # the next team's turn, with its own clock
    page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_text("Team B speaks (paused)")).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("timer")).to_have_text("4:00", timeout=FIRST)

    # a reload, and Class perspectives in a second tab, do not ask for the key
    page.reload()
    expect(page.get_by_text(code, exact=True)).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("button", name="Open “After the debate”")).to_be_visible(timeout=FIRST)
    expect(page.get_by_label("Moderator key")).to_have_count(0, timeout=FIRST)
    second = teacher.new_page()
    second.set_default_timeout(FIRST)
    second.goto(f"{app_url}/perspectives?room={code}")
    expect(second.get_by_text(re.compile(r"Before the debate: 5 weighings"))).to_be_visible(timeout=FIRST)
    expect(second.get_by_label("Moderator key")).to_have_count(0, timeout=FIRST)
    # and another browser, without the cookie, is asked for it
    stranger = browser.new_context(viewport=PROJECTOR).new_page()
    stranger.goto(f"{app_url}/moderate?room={code}")
    expect(stranger.get_by_label("Moderator key")).to_be_visible(timeout=FIRST)
    stranger.context.close()
    for phone in phones:
        phone.context.close()
    teacher.close()
