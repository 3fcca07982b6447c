"""The workshop in a real browser: a small case built from nothing through the workshop's pages only (the case, two
sources, a historian, two theses, passages quoted by selecting text, a refused misquote fixed in one click), the
pages visited in every order without losing the case or what was typed, then the case opened from the case list
and seen on Compare. Counts the actions a plain passage takes, and saves screenshots at 1280x900 and 390x844 (into
artifacts/screenshots/workshop/, and into $EXPLORER_SHOTS when it is set).

The texts of the case are written here, for this test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from appserver import serve, stop
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import ARGS, CHROMIUM, FIRST, ROOT, settled

expect.set_options(timeout=FIRST)
SHOTS = [ROOT / "artifacts" / "screenshots" / "workshop"] + (
    [Path(os.environ["EXPLORER_SHOTS"])] if os.environ.get("EXPLORER_SHOTS") else [])
SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

LEDGER = """Ashby Mill accounts, 1906
The mill sold 1,200 bales of cloth in 1903 and only 700 in 1905.
The price of raw cotton rose by a third after a poor harvest overseas.
Wages were cut twice, and the weavers struck for six weeks in 1904.
Mr. J. T. Hale, the owner, wrote that the new railway brought cheaper cloth from the cities.
The mill closed its doors in March 1906.
"""
HISTORY = """Ashby in the age of steam
The historian Ruth Kemp argues that the strike, not the railway, ruined the mill.
Orders lost during the six weeks of the strike never came back.
Others point to the railway, which let city mills sell in Ashby at lower prices.
Dr. Kemp's view rests on the mill's letters, which the owner kept.
Yet the accounts show sales falling before the strike began.
"""
QUESTION = "Why did the mill at Ashby close in 1906?"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": SIZES["wide"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the small test case, with an empty workshop folder: (address, workshop folder)."""
    from conftest import write_case

    base = tmp_path_factory.mktemp("library")
    served = write_case(base / "served")
    process, url = serve(ROOT / "app.py", env={"EXPLORER_CASE": str(served), "EXPLORER_WORKSHOP_ROOT": str(base / "cases"),
                                               "EXPLORER_EDIT_SERVED_CASE": "on",
                                               "EXPLORER_POLL_DB": str(base / "polls.sqlite3")})
    yield url, base / "cases"
    stop(process)


@pytest.fixture(autouse=True)
def patient(page: Page):
    page.set_default_timeout(FIRST)


def shoot(page: Page, name: str) -> None:
    settled(page)
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


class Walk:
    """What a person does, counted: each click, each drag, each field typed is one action."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions = 0

    def click(self, locator) -> None:
        locator.click()
        self.actions += 1
        settled(self.page)

    def type(self, label: str, text: str, area: bool = False) -> None:
        field = self.page.get_by_label(label, exact=True)
        field.fill(text)
        field.press("Control+Enter" if area else "Enter")  # what the field holds is sent, as on leaving it
        self.actions += 1
        settled(self.page)

    def choose(self, label: str, option) -> None:
        """Open a list by its label and click the option (a second click on the list when the first left it
        closed: a list that has the focus already closes on a click)."""
        box = self.page.get_by_label(label, exact=True)
        box.scroll_into_view_if_needed(timeout=FIRST)
        box.click()
        item = self.page.get_by_role("option", name=option)
        try:
            item.first.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            box.click()
        item.first.click()
        self.actions += 1
        settled(self.page)

    def select(self, first: str, last: str) -> None:
        """Drag the mouse in the reader from the start of `first` to the end of `last` (once the reader shows them:
        a source just chosen reaches the box a moment after the page has settled)."""
        expect(self.page.locator(".ws-reader")).to_contain_text(first, timeout=FIRST)
        points = self.page.evaluate("""([first, last]) => {
          const box = document.querySelector('.ws-reader');
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          let node, from = null, to = null;
          while ((node = walker.nextNode())) {
            const a = node.data.indexOf(first), b = node.data.indexOf(last);
            if (a >= 0 && from === null) { const r = document.createRange(); r.setStart(node, a); r.setEnd(node, a + 1);
              const q = r.getBoundingClientRect(); from = [q.left + 1, q.top + q.height / 2]; }
            if (b >= 0) { const r = document.createRange(); r.setStart(node, b + last.length - 1);
              r.setEnd(node, b + last.length); const q = r.getBoundingClientRect(); to = [q.right - 1, q.top + q.height / 2]; }
          }
          return [from, to];
        }""", [first, last])
        (x1, y1), (x2, y2) = points
        self.page.mouse.move(x1, y1)
        self.page.mouse.down()
        self.page.mouse.move(x2, y2, steps=8)
        self.page.mouse.up()
        self.actions += 1
        settled(self.page)


def go(page: Page, title: str) -> None:
    """Move to a page by the navigation, as a person does (Streamlit drops the address's parameters)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=PAGES.get(title, title), exact=True).first).to_be_visible(timeout=FIRST)
    settled(page)


PAGES = {"Start a case or add a source": "Start a case or add a source", "Write a thesis": "Write a thesis",
         "Record passages": "Record passages", "Historians and their views": "Historians and their views",
         "Dated events and contested facts": "Dated events and contested facts", "Compare": QUESTION}


def saved(page: Page, what: str) -> None:
    expect(page.get_by_text(f"Saved: {what}.", exact=True)).to_be_visible(timeout=FIRST)


def add_source(walk: Walk, sid: str, kind: str, title: str, text: str) -> None:
    page = walk.page
    walk.type("Its title", title)
    walk.choose("What kind of source it is", kind)
    if sid:  # else it is made from the title
        walk.type("A short name for it (optional: left empty, it is made from the title)", sid)
    walk.type("…or paste its text here", text, area=True)
    walk.click(page.get_by_role("button", name="Add the source", exact=True))
    expect(page.get_by_text(re.compile(rf"^Saved: add the source “{re.escape(title)}”"))).to_be_visible(timeout=FIRST)


def write_thesis(walk: Walk, title: str, statement: str, summary: str, scope: str) -> None:
    page = walk.page
    walk.type("Title: the explanation in a few words", title)
    walk.type("Statement: the explanation in one sentence", statement, area=True)
    walk.type("Summary: what the sources say for and against it", summary, area=True)
    walk.choose("Scope", scope)
    walk.click(page.get_by_role("button", name="Write the thesis", exact=True))
    saved(page, f"write the thesis “{title}”")


def euler_tour(nodes: list[str]) -> list[str]:
    """A walk through every ordered pair of different pages (every move from one page to another), once each."""
    edges = {a: [b for b in nodes if b != a] for a in nodes}
    stack, tour = [nodes[0]], []
    while stack:
        here = stack[-1]
        if edges[here]:
            stack.append(edges[here].pop(0))
        else:
            tour.append(stack.pop())
    return tour[::-1]


def test_a_case_built_from_nothing_in_the_workshop_is_explored_at_once(page: Page, server) -> None:
    url, cases = server
    walk = Walk(page)
    page.goto(f"{url}/build")
    expect(page.get_by_role("heading", name="Start a case or add a source")).to_be_visible(timeout=FIRST)

    # --- the case
    # "Start a new case" opens by itself while the chosen case is not one of the workshop's (the served one here)
    expect(page.get_by_label("The question the case asks", exact=True)).to_be_visible(timeout=FIRST)
    walk.type("The question the case asks", QUESTION)
    walk.type("The period it covers: first year (a year before the common era as a negative number)", "1890")
    walk.type("The period it covers: last year", "1906")
    walk.type("A short name for the case, used in its web address (optional: left empty, it is made from the title)",
              "ashby")
    walk.click(page.get_by_role("button", name="Start the case", exact=True))
    saved(page, f"start the case “{QUESTION}”")
    assert "case=ashby" in page.url
    shoot(page, "build-wide")

    # --- the case itself: a section of the page, not a fold that shuts while one types (Tab leaves the summary)
    summary = page.get_by_label("A summary: what the debate is about, in a few sentences", exact=True)
    summary.fill("Three sources disagree on why a mill closed.")
    summary.press("Tab")
    walk.actions += 1
    settled(page)
    expect(summary).to_be_visible(timeout=FIRST)
    walk.click(page.get_by_role("button", name="Save the case", exact=True))
    saved(page, f"change the case “{QUESTION}”")
    assert "summary: 'Three sources disagree on why a mill closed.'\n" in (cases / "ashby" / "case.yaml").read_text()

    # --- two sources
    add_source(walk, "ledger", re.compile("^Primary source"), "Ashby Mill accounts", LEDGER)
    add_source(walk, "history", re.compile("^Textbook"), "Ashby in the age of steam", HISTORY)

    # --- a defect of the first source, in a row with its headings in words
    walk.choose("Defect 1: what is wrong", "Text cut short")
    walk.type("Defect 1: what is wrong, in a sentence", "The accounts of 1904 are left out.")
    expect(page.get_by_label("Defect 2: what is wrong", exact=True)).to_be_visible(timeout=FIRST)  # room for the next
    walk.click(page.get_by_role("button", name="Save the source's details", exact=True))
    saved(page, "change the details of “Ashby Mill accounts”")
    assert "kind: truncation" in (cases / "ashby" / "sources.yaml").read_text()
    shoot(page, "build-defects-wide")

    # --- a historian, named by the second source
    go(page, "Historians and their views")
    walk.type("Their name, as a reader knows it", "Ruth Kemp")
    walk.click(page.get_by_role("button", name="Add the historian", exact=True))
    saved(page, "add the historian Ruth Kemp")
    page.get_by_text("Also name them as a historian who argues this thesis", exact=False).scroll_into_view_if_needed(
        timeout=FIRST)
    shoot(page, "build-historians-wide")

    # --- two theses
    go(page, "Write a thesis")
    write_thesis(walk, "The railway", "The railway brought cheaper cloth from the cities.",
                 "The owner blamed the railway; the accounts show sales falling before the strike.", re.compile("^economic"))
    walk.choose("The thesis", "A new thesis")
    write_thesis(walk, "The strike", "The strike of 1904 lost the mill the orders it lived on.",
                 "Ruth Kemp argues it from the mill's letters.", re.compile("^social"))

    # --- passages, by selecting text: a plain passage is a selection, a note and a click
    go(page, "Record passages")
    walk.choose("The thesis the passage is recorded under", "The railway")
    walk.choose("The source you are reading", "Ashby Mill accounts")
    words = page.get_by_label("The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)")
    before = walk.actions
    walk.select("the new railway", "from the cities")
    expect(words).to_have_value("the new railway brought cheaper cloth from the cities", timeout=FIRST)
    expect(page.locator(".ws-reader mark#passage")).to_have_text("the new railway brought cheaper cloth from the cities",
                                                                 timeout=FIRST)  # framed at once
    walk.type("Why it matters, in one sentence", "The owner's own reason for the fall in sales.")
    walk.click(page.get_by_role("button", name="Record this passage", exact=True))
    saved(page, "record a passage of Ashby Mill accounts under “The railway”")
    first_passage = walk.actions - before
    expect(words).to_have_value("", timeout=FIRST)  # the selection is gone with the passage recorded
    expect(page.locator(".ws-reader mark")).to_have_count(1, timeout=FIRST)  # ... and highlighted in the text

    walk.choose("The thesis the passage is recorded under", "The strike")
    walk.choose("The source you are reading", "Ashby in the age of steam")
    before = walk.actions
    walk.select("Orders lost", "never came back.")  # a whole sentence, dragged over
    expect(words).to_have_value("Orders lost during the six weeks of the strike never came back.", timeout=FIRST)
    walk.type("Why it matters, in one sentence", "The strike's lasting cost.")
    walk.click(page.get_by_role("button", name="Record this passage", exact=True))
    saved(page, "record a passage of Ashby in the age of steam under “The strike”")
    second_passage = walk.actions - before
    shoot(page, "build-passages-wide")

    # --- a misquote: refused before anything is written, fixed in one click
    claim = cases / "ashby" / "theses" / "the_strike.yaml"
    written = claim.read_text()
    walk.type("The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)",
              "The historian Ruth Kemp argues that the strike ruined the mill.", area=True)
    walk.type("Why it matters, in one sentence", "Kemp's view, as the local history reports it.")
    walk.choose("This passage says a historian argues this thesis (optional)", "Ruth Kemp")
    walk.click(page.get_by_role("button", name="Record this passage", exact=True))
    expect(page.get_by_text(re.compile(r"^The passage is not word for word in Ashby in the age of steam"))).to_be_visible(
        timeout=FIRST)
    assert claim.read_text() == written
    shoot(page, "build-misquote-wide")
    fixes = walk.actions
    walk.click(page.get_by_role("button", name="Use the source's words", exact=True))
    assert walk.actions - fixes == 1
    expect(words).to_have_value("The historian Ruth Kemp argues that the strike, not the railway, ruined the mill.",
                                timeout=FIRST)
    walk.click(page.get_by_role("button", name="Record this passage", exact=True))
    saved(page, "record a passage of Ashby in the age of steam under “The strike”, and that it says Ruth Kemp argues it")

    # --- a dated event and a contested fact, quoted by selecting words in the text; the empty Timeline leads there
    go(page, "Timeline")
    expect(page.get_by_text("This case has no dated events yet.", exact=True)).to_be_visible(timeout=FIRST)
    shoot(page, "timeline-empty-wide")
    walk.click(page.get_by_role("link", name=re.compile("^Add dated events to this case")))
    expect(page.get_by_role("heading", name="Dated events and contested facts", exact=True).first).to_be_visible(
        timeout=FIRST)
    assert "case=ashby" in page.url
    walk.choose("The source you are reading", "Ashby Mill accounts")
    before = walk.actions
    walk.select("Wages were cut", "six weeks in 1904.")
    expect(page.get_by_label("The words of the source that date it (select them in the text)", exact=True)).to_have_value(
        "Wages were cut twice, and the weavers struck for six weeks in 1904.", timeout=FIRST)
    walk.type("When it happened: a year, a month or a day", "1904")
    walk.type("What happened, in a few words", "The weavers strike for six weeks")
    walk.choose("The explanations it bears on", "The strike")
    page.keyboard.press("Escape")  # the list closes
    settled(page)
    expect(page.get_by_role("listbox")).to_have_count(0, timeout=FIRST)  # closed before the next click
    walk.click(page.get_by_role("button", name="Add the event", exact=True))
    saved(page, "add the event “The weavers strike for six weeks” to the timeline")
    event_actions = walk.actions - before
    shoot(page, "events-wide")

    before = walk.actions
    walk.click(page.get_by_test_id("stButtonGroup").get_by_text("A contested fact", exact=True))
    walk.type("The point the sources disagree on, as a question", "When did the mill's sales fall?")
    walk.select("The mill sold", "700 in 1905.")
    walk.type("What this source says, in a few words", "between 1903 and 1905")
    walk.click(page.get_by_role("button", name="Add this reading", exact=True))
    walk.choose("The source you are reading", "Ashby in the age of steam")
    walk.select("Orders lost", "never came back.")
    walk.type("What this source says, in a few words", "after the strike of 1904")
    walk.click(page.get_by_role("button", name="Add this reading", exact=True))
    walk.click(page.get_by_role("button", name="Add the contested fact", exact=True))
    saved(page, "add the contested fact “When did the mill's sales fall?”")
    fact_actions = walk.actions - before
    expect(page.get_by_text("Recorded as a passage too, on the same words: “The strike”, passage 1.",
                            exact=True)).to_be_visible(timeout=FIRST)  # the reading links to the passage
    shoot(page, "facts-wide")
    timeline = (cases / "ashby" / "timeline.yaml").read_text()
    assert "    date: '1904'\n    title: The weavers strike for six weeks\n    source: ledger\n" in timeline
    assert "theses: [the_strike]" in timeline
    contested = (cases / "ashby" / "contested.yaml").read_text()
    assert "says: between 1903 and 1905" in contested and "says: after the strike of 1904" in contested

    # --- every move between the pages, with text typed and not saved: the case and the text stay
    go(page, "Write a thesis")
    walk.choose("The thesis", "A new thesis")
    walk.type("Title: the explanation in a few words", "Dear cotton")
    tour = euler_tour(["Write a thesis", "Record passages", "Start a case or add a source", "Compare",
                       "Historians and their views", "Dated events and contested facts"])
    for title in tour[1:]:
        go(page, title)
        assert "case=ashby" in page.url, title
        if title == "Write a thesis":  # what was typed and not saved is still there
            expect(page.get_by_label("Title: the explanation in a few words", exact=True)).to_have_value(
                "Dear cotton", timeout=FIRST)
        if title != "Compare":
            expect(page.get_by_role("combobox", name="The case you are building")).to_have_value(
                re.compile(r"^Why did the mill at Ashby close in 1906\? \(built in the workshop\)$"), timeout=FIRST)
        else:
            expect(page.get_by_role("heading", name=QUESTION)).to_be_visible(timeout=FIRST)
    go(page, "Write a thesis")
    expect(page.get_by_label("Title: the explanation in a few words", exact=True)).to_have_value("Dear cotton",
                                                                                                  timeout=FIRST)
    shoot(page, "build-thesis-wide")

    # --- the case list: open it, and see it on Compare
    page.goto(f"{url}/cases")  # a fresh session: the served case
    expect(page.get_by_role("heading", name="Choose a case")).to_be_visible(timeout=FIRST)
    expect(page.get_by_text(re.compile(r"^2 explanations, 2 sources with a text, 3 passages · built in the "
                                       r"workshop · its name in a link: case=ashby$"))).to_be_visible(timeout=FIRST)
    shoot(page, "cases-wide")
    page.get_by_role("button", name="Open it", exact=True).click()  # the served case is the one open
    expect(page).to_have_url(re.compile(r":\d+/\?case=ashby$"), timeout=FIRST)  # Compare, on this case
    expect(page.get_by_role("heading", name=QUESTION, level=1)).to_be_visible(timeout=FIRST)
    shoot(page, "compare-wide")

    with open(ROOT / "artifacts" / "workshop-actions.txt", "w") as out:
        out.write(f"actions for a plain passage: {first_passage} (words within a sentence), {second_passage} "
                  f"(a sentence); a misquote fixed in 1; a dated event: {event_actions}; a contested fact of two "
                  f"readings: {fact_actions}\n")
    assert first_passage <= 4 and second_passage <= 4


def test_the_reader_chooses_a_run_of_sentences_from_the_keyboard(page: Page, server) -> None:
    url, cases = server
    if not (cases / "ashby").exists():
        pytest.skip("the case is built by the test before")
    page.goto(f"{url}/build_passages?case=ashby&thesis=the_railway&source=ledger")
    text = page.get_by_role("region", name="The text of the source you are reading")
    expect(text).to_be_visible(timeout=FIRST)
    settled(page)
    words = page.get_by_label("The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)")
    page.get_by_label("The source you are reading", exact=True).focus()
    for _ in range(12):  # Tab, as a person does, until the text has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.classList.contains('ws-reader')"):
            break
    expect(text).to_be_focused(timeout=FIRST)
    assert page.evaluate("() => document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
                         ".textContent").startswith("With the keyboard: press Tab to reach the text")
    for key in ("ArrowDown", "ArrowDown", "Shift+ArrowDown"):  # the second sentence, and the third with it
        page.keyboard.press(key)
    expect(page.get_by_role("status")).to_have_text(re.compile(
        r"^Sentences 2 to 3 of 6: The mill sold 1,200 bales .* overseas\. Press Enter to quote\.$"), timeout=FIRST)
    page.keyboard.press("Enter")
    expect(words).to_have_value("The mill sold 1,200 bales of cloth in 1903 and only 700 in 1905. The price of raw "
                                "cotton rose by a third after a poor harvest overseas.", timeout=FIRST)
    page.keyboard.press("Shift+ArrowUp")  # the run shrinks to the second sentence; ArrowDown moves to the third
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(words).to_have_value("The price of raw cotton rose by a third after a poor harvest overseas.",
                                timeout=FIRST)
    # the frame round what the form quotes follows at once (the selection is taken before the page runs again)
    expect(page.locator(".ws-reader mark#passage")).to_have_text(
        "The price of raw cotton rose by a third after a poor harvest overseas.", timeout=FIRST)
    shoot(page, "reader-keyboard-wide")


# a page and the field its phone screenshot shows (None: the top of the page)
PHONE = {"build_passages?case=ashby&thesis=the_strike&source=history": None, "cases": None, "build?case=ashby": None,
         "?case=ashby": None, "build_events?case=ashby": "When it happened: a year, a month or a day",
         "build_thesis?case=ashby&thesis=the_strike": "Point 1: what historians say",
         "build_historians?case=ashby": "What kind of writer they are"}


FORM_FIELD = {"build_passages": "The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)",
              "build_events": "The words of the source that date it (select them in the text)"}


@pytest.mark.parametrize("path", list(PHONE))
def test_the_workshop_and_the_case_list_on_a_phone(browser, server, path: str) -> None:
    url, cases = server
    if not (cases / "ashby").exists():
        pytest.skip("the case is built by the test before")
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.set_default_timeout(FIRST)
    try:
        page.goto(f"{url}/{path}")
        expect(page.get_by_text("Traceback")).to_have_count(0)
        page.wait_for_selector("h1", timeout=FIRST)
        name = (path.split("?")[0] or "compare").replace("/", "")
        if PHONE[path]:
            settled(page)
            page.get_by_label(PHONE[path], exact=True).first.scroll_into_view_if_needed(timeout=FIRST)
        shoot(page, f"{name}-phone")
        if path.startswith(("build_passages", "build_events")):  # the form is near the text, not a long scroll below
            reader = page.locator(".ws-reader")
            expect(reader).to_be_visible(timeout=FIRST)
            form = page.get_by_label(FORM_FIELD[name], exact=True)
            top, height = reader.evaluate("b => [b.getBoundingClientRect().top, b.getBoundingClientRect().height]")
            below = form.evaluate("f => f.getBoundingClientRect().top")
            assert height <= 0.4 * SIZES["phone"]["height"], height  # a box that scrolls inside itself
            assert below - top < SIZES["phone"]["height"], below - top  # the form within a screen of the text's top
        if path.startswith("build_events"):  # the contested fact's form too
            page.get_by_test_id("stButtonGroup").get_by_text("A contested fact", exact=True).click()
            page.get_by_label("What this source says, in a few words", exact=True).scroll_into_view_if_needed(
                timeout=FIRST)
            shoot(page, "build_facts-phone")
    finally:
        context.close()
