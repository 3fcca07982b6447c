"""Class perspectives end to end in the real browser: five phones weigh the evidence (or put the explanations in
their own order) before the debate, three again after it, and the console's companion shows the class beside the
engine, where it disagrees, what changed, and downloads the ballots and perspectives. Uses the fixtures of
tests/test_browser.py (Debian's Chromium, the app served on 127.0.0.1); skips where it does."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from test_browser import (  # noqa: F401 - fixtures, found by name
    FIRST,
    SHOTS,
    app_url,
    axe_report,
    axe_script,
    base_url,
    browser_context_args,
    browser_type_launch_args,
    check_axe,
    settled,
)

PHONE = {"width": 390, "height": 844}


def new_room(page: Page) -> str:
    page.goto("/debate")
    page.get_by_role("button", name="Create the debate room").click()
    ready = page.get_by_text(re.compile(r"^The debate room is ready\. Join code: [A-Z0-9]{6}$"))
    expect(ready).to_be_visible(timeout=FIRST)
    code = ready.inner_text().rsplit(" ", 1)[1]
    page.get_by_role("link", name="Open the moderator's console").click()
    expect(page.get_by_text(code, exact=True)).to_be_visible(timeout=FIRST)
    return code


def set_poll(page: Page, action: str, phase: str) -> None:
    settled(page)  # a click while the page reruns after the last one can be lost
    page.get_by_role("button", name=f"{action} “{phase}”").click()
    other = "Close" if action == "Open" else "Open"
    expect(page.get_by_role("button", name=f"{other} “{phase}”")).to_be_visible(timeout=FIRST)


def slide(tab: Page, name: str | re.Pattern, key: str) -> None:
    slider = tab.get_by_role("slider", name=name).first
    slider.focus()
    slider.press(key)
    settled(tab)


def weigh_on(phone, code: str, heading: str, change) -> Page:
    """The phone opens the weigh page, makes its change and sends: the tab, once the result shows."""
    tab = phone.new_page()
    tab.goto(f"/weigh?room={code}")
    expect(tab.get_by_role("heading", name=heading)).to_be_visible(timeout=FIRST)
    settled(tab)
    change(tab)
    send = tab.get_by_role("button", name=re.compile(r"^(Send my weighing|Change what I sent)$"))
    send.click()
    expect(tab.get_by_text("Sent. You can change it until the poll closes.")).to_be_visible(timeout=FIRST)
    expect(tab.get_by_role("heading", name="Your ranking beside the class's and the engine's")).to_be_visible(
        timeout=FIRST)
    settled(tab)
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the weigh page scrolls sideways on a phone ({width}px)"
    return tab


def as_is(tab: Page) -> None:
    pass


def no_support(tab: Page) -> None:
    slide(tab, re.compile(r"^Passages for it"), "Home")


def trust_the_first_source_fully(tab: Page) -> None:
    slide(tab, re.compile(r"."), "End")


def background_and_backing(tab: Page) -> None:
    tab.get_by_text("Background passages count as evidence").click()
    settled(tab)
    slide(tab, re.compile(r"^Historians who argue it"), "End")


def own_order(tab: Page) -> None:
    tab.get_by_text("Put them in order").click()
    settled(tab)
    for place, title in enumerate(("Backlash of party hardliners against his reforms",
                                   "His erratic personal and administrative style")):
        tab.get_by_role("radiogroup").nth(1 + place).get_by_text(title).click()  # group 0: how to answer
        settled(tab)
    expect(tab.get_by_text("3rd: Setbacks abroad and the loss of prestige, Cuba above all")).to_be_visible()


def phone_shot(tab: Page, name: str) -> None:
    """A phone's whole page: the viewport made tall for the picture (Streamlit scrolls inside a container)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.set_viewport_size({"width": PHONE["width"], "height": 2200})
    settled(tab)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    tab.set_viewport_size(PHONE)


def test_five_phones_weigh_the_evidence_and_the_console_shows_the_class(page: Page, browser) -> None:
    code = new_room(page)
    set_poll(page, "Open", "Before the debate")
    site = page.url.split("/moderate")[0]
    phones = [browser.new_context(viewport=PHONE, base_url=site) for _ in range(5)]
    try:
        changes = [as_is, no_support, trust_the_first_source_fully, background_and_backing, own_order]
        tabs = [weigh_on(phone, code, "Before the debate", change) for phone, change in zip(phones, changes)]
        expect(tabs[-1].get_by_text("You put the explanations in your own order")).to_be_visible()
        expect(tabs[1].get_by_text(re.compile(r"^The setting that makes the biggest difference:"))).to_be_visible()
        expect(tabs[1].get_by_text(re.compile(r"With the engine: [+-]\d\.\d\d"))).to_be_visible()
        phone_shot(tabs[1], "weigh-phone")
        phone_shot(tabs[4], "weigh-phone-order")

        page.get_by_role("link", name="Class perspectives: the students' own weighing").click()
        expect(page.get_by_role("heading", name="Class perspectives")).to_be_visible(timeout=FIRST)
        expect(page.get_by_text(re.compile(r"Before the debate: 5 weighings"))).to_be_visible(timeout=FIRST)
        expect(page.get_by_role("heading", name="Where the class disagrees")).to_be_visible(timeout=FIRST)
        expect(page.get_by_role("heading", name="The passages that decide between the class's top two")).to_be_visible(
            timeout=FIRST)
        # how each passage bears on the two, in the one wording the record prints too (lesson.bearing)
        expect(page.get_by_text(re.compile(r"^How it bears on the two: counts ")).first).to_be_visible(timeout=FIRST)
        settled(page)
        page.screenshot(path=str(SHOTS / "perspectives-before.png"), full_page=True)

        # after the debate: three phones weigh again, one of them now trusting the first source fully
        page.get_by_role("link", name="Back to the moderator's console").click()
        set_poll(page, "Close", "Before the debate")
        set_poll(page, "Open", "After the debate")
        for phone, change in zip(phones[:3], [trust_the_first_source_fully, no_support, as_is]):
            weigh_on(phone, code, "After the debate", change)
        page.get_by_role("link", name="Class perspectives: the students' own weighing").click()
        expect(page.get_by_text(re.compile(r"After the debate: 3 weighings"))).to_be_visible(timeout=FIRST)
        expect(page.get_by_role("heading", name="What changed during the debate")).to_be_visible(timeout=FIRST)
        settled(page)
        page.screenshot(path=str(SHOTS / "perspectives.png"), full_page=True)

        with page.expect_download(timeout=FIRST) as download:
            page.get_by_role("button", name="Ballots and weighings (CSV)").click()
        exported = download.value.path().read_text(encoding="utf-8")
        participants = {line.split(",")[1] for line in exported.splitlines()[1:]}
        assert participants == {"P1", "P2", "P3", "P4", "P5"}
        cookies = {c["value"] for phone in phones for c in phone.cookies() if c["name"] == "explorer_participant"}
        assert len(cookies) == 5 and not any(c in exported for c in cookies)  # device ids never leave the store
        with page.expect_download(timeout=FIRST) as download:
            page.get_by_role("button", name="Lesson record: Markdown").click()
        summary = download.value.path().read_text(encoding="utf-8")
        assert summary.startswith(f"# Class debate {code}: the lesson in one page")
        assert "## What changed during the debate" in summary
    finally:
        for phone in phones:
            phone.close()


def test_axe_on_the_perspective_pages_in_use(page: Page, browser, axe_script, axe_report: dict) -> None:  # noqa: F811
    code = new_room(page)
    set_poll(page, "Open", "Before the debate")
    phone = browser.new_context(viewport=PHONE, base_url=page.url.split("/moderate")[0])
    try:
        tab = weigh_on(phone, code, "Before the debate", no_support)
        check_axe(tab, axe_script, axe_report, "/weigh?room=… (a weighing sent, on a phone)")
        tab.get_by_text("Put them in order").click()
        settled(tab)
        check_axe(tab, axe_script, axe_report, "/weigh?room=… (putting them in order, on a phone)")
    finally:
        phone.close()
    page.get_by_role("link", name="Class perspectives: the students' own weighing").click()
    expect(page.get_by_text(re.compile(r"Before the debate: 1 weighing\b"))).to_be_visible(timeout=FIRST)
    settled(page)
    check_axe(page, axe_script, axe_report, "/perspectives?room=… (one weighing in)")
