"""The real-browser suite: Playwright drives Debian's Chromium against the app served on 127.0.0.1.

Saves a screenshot of every page into artifacts/screenshots/. Skips on a developer machine without Chromium;
under CI=true a missing browser is a failure, so CI always runs it.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
FIRST = 30_000  # ms: the first load and the first interaction are slow

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: CI must run the browser tests (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from appserver import serve, stop
from axe_tool import audit, axe_or_skip, counts, described, failing
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Every wait has an explicit timeout sized for a loaded 2-core machine: each expect() (Playwright's default is 5 s)
# and, through the fixture below, each action of the page a test is given.
expect.set_options(timeout=FIRST)


@pytest.fixture(autouse=True)
def patient_page(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(FIRST)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    polls = tmp_path_factory.mktemp("polls") / "polls.sqlite3"
    process, url = serve(ROOT / "app.py", env={"EXPLORER_POLL_DB": str(polls)})
    yield url
    stop(process)


@pytest.fixture(scope="session")
def base_url(app_url):
    return app_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 2400}}


IDLE = ("() => !document.querySelector('[data-stale=\"true\"], [data-testid=\"stSkeleton\"], "
        "[data-testid=\"stStatusWidgetRunningIcon\"], [data-testid=\"stStatusWidgetRunningManIcon\"]')")


def settled(page: Page) -> None:
    """Wait until the script run has finished: Streamlit greys out stale elements while it reruns and shows its
    running icon while a run goes on (a first run greys nothing out: Compare draws its sidebar after its answer)."""
    page.wait_for_function(IDLE, timeout=FIRST)
    page.wait_for_timeout(600)  # let charts finish drawing, and a run that had not shown its icon yet show it
    page.wait_for_function(IDLE, timeout=FIRST)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    settled(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def headline(page: Page):
    """The plain answer's first sentence, at the top of Compare."""
    return page.get_by_role("heading", level=4).first


def test_compare_page_and_slider_changes_the_ranking(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Why was Khrushchev removed in October 1964?")).to_be_visible(timeout=FIRST)
    expect(headline(page)).to_have_text(re.compile(r"^“Setbacks abroad and the loss of prestige"), timeout=FIRST)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Passages the ranking turns on")).to_be_visible(timeout=FIRST)
    shot(page, "compare")
    slider = page.get_by_role("slider", name=re.compile(r"^Passages against it"))
    slider.focus()
    slider.press("End")  # the passages against count five times: the least disputed explanation comes first
    expect(slider).to_have_attribute("aria-valuetext", "5.00", timeout=FIRST)
    expect(headline(page)).to_have_text(re.compile(r"^“His erratic personal and administrative style"), timeout=FIRST)
    assert "w_contestation=5" in page.url


def test_shared_link_reproduces_the_view(page: Page) -> None:
    page.goto("/?w_contestation=5")
    expect(headline(page)).to_have_text(re.compile(r"^“His erratic personal and administrative style"), timeout=FIRST)
    expect(page.get_by_role("slider", name=re.compile(r"^Passages against it"))).to_have_attribute(
        "aria-valuetext", "5.00", timeout=FIRST)
    # "Read the evidence for each explanation": a link an explanation, named by its rank and title, that keeps the
    # settings in its address and opens that explanation with them
    link = page.get_by_role("link", name="1. His erratic personal and administrative style", exact=True)
    expect(link).to_have_attribute("href", "thesis?w_contestation=5&thesis=personal_style", timeout=FIRST)
    link.click()
    expect(page.get_by_role("heading", name="His erratic personal and administrative style")).to_be_visible(
        timeout=FIRST)
    expect(page).to_have_url(re.compile(r"/thesis\?(?=.*w_contestation=5)(?=.*thesis=personal_style)"),
                             timeout=FIRST)
    page.goto("/thesis?thesis=china_split")
    expect(page.get_by_role("heading", name="The quarrel with China")).to_be_visible(timeout=FIRST)
    shot(page, "thesis")


def test_passage_opens_highlighted_in_the_source_reader(page: Page) -> None:
    from urllib.parse import parse_qs, urlparse

    from explorer.load import load_case

    page.goto("/thesis?thesis=lost_prestige")
    expect(page.get_by_role("heading", name="Setbacks abroad and the loss of prestige, Cuba above all")).to_be_visible(
        timeout=FIRST)
    link = page.get_by_role("link", name="Read it in the source").first
    ref = parse_qs(urlparse(link.get_attribute("href")).query)["passage"][0]
    link.click()
    expect(page).to_have_url(re.compile(r"/sources\?.*passage="), timeout=FIRST)
    case, _ = load_case(ROOT / "claims")
    expect(page.get_by_text(f"{case.opening(ref)}: recorded under")).to_be_visible(timeout=FIRST)  # its words
    quote = next(e.quote for _, e in case.passages() if e.ref == ref)
    marked = page.locator("mark#passage")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text(" ".join(quote.split()[:6]))
    expect(marked).to_be_in_viewport(timeout=FIRST)  # the reader scrolled to it
    shot(page, "sources")


@pytest.mark.parametrize("path,heading", [
    ("matrix", "Evidence matrix"),
    ("essay", "Plan an essay"),
    ("briefs", "Team briefs"),
    ("timeline", "Timeline"),
    ("contested", "Contested facts"),
    ("problems", "Problems"),
])
def test_every_other_page_renders(page: Page, path: str, heading: str) -> None:
    page.goto(f"/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST)
    if path in ("matrix", "timeline"):
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    if path == "briefs":
        expect(page.get_by_role("button", name="This brief: Markdown")).to_be_visible(timeout=FIRST)
    shot(page, path)


def vote_on(phone, code: str, choice: str, button: str) -> Page:
    """Open the join link in a new tab of this phone, pick an explanation and send: the tab, once confirmed."""
    tab = phone.new_page()
    tab.goto(f"/vote?room={code}")
    expect(tab.get_by_role("button", name=button)).to_be_visible(timeout=FIRST)
    tab.get_by_text(choice).click()
    tab.get_by_role("button", name=button).click()
    expect(tab.get_by_text("Your vote is recorded. You can change it until the poll closes.")).to_be_visible(
        timeout=FIRST)
    return tab


def test_a_student_votes_and_the_moderator_sees_it(page: Page, browser) -> None:
    page.goto("/debate")
    expect(page.get_by_role("heading", name="Set up a class debate")).to_be_visible(timeout=FIRST)
    page.get_by_role("button", name="Create the debate room").click()
    ready = page.get_by_text(re.compile(r"^The debate room is ready\. Join code: [A-Z0-9]{6}$"))
    expect(ready).to_be_visible(timeout=FIRST)
    code = ready.inner_text().rsplit(" ", 1)[1]
    page.get_by_role("link", name="Open the moderator's console").click()
    expect(page.get_by_text(code, exact=True)).to_be_visible(timeout=FIRST)
    page.get_by_role("button", name="Open “Before the debate”").click()
    expect(page.get_by_role("button", name="Close “Before the debate”")).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("timer")).to_have_text("4:00")  # the clock (the speaking order lists 4:00 too)
    page.get_by_role("button", name="Start the clock").click()
    expect(page.get_by_text(re.compile(r"^3:5\d$"))).to_be_visible(timeout=15_000)  # it ticks by itself

    phone = browser.new_context(viewport={"width": 390, "height": 844}, base_url=page.url.split("/moderate")[0])
    student = vote_on(phone, code, "His erratic personal and administrative style (Team B)", "Send my vote")
    width = student.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the student page scrolls sideways on a phone ({width}px)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    settled(student)
    student.screenshot(path=str(SHOTS / "vote-phone.png"), full_page=True)
    # the join link opened again in a new tab: the same phone, so its ballot is found and replaced
    again = vote_on(phone, code, "Setbacks abroad and the loss of prestige, Cuba above all (Team A)", "Change my vote")
    [cookie] = [c for c in phone.cookies() if c["name"] == "explorer_participant"]
    assert "me=" not in again.url  # the cookie holds the id now: a link copied from this tab does not carry it
    friend = browser.new_context(viewport={"width": 390, "height": 844}, base_url=page.url.split("/moderate")[0])
    friend.add_cookies([{**cookie, "value": "f0f0f0f0f0f04f0f8f0f0f0f0f0f0f0f"}])  # an id of the issued form
    # a friend's phone, opening a link that carries the first phone's id: its own cookie wins, a second ballot
    tab = friend.new_page()
    tab.goto(f"/vote?room={code}&me={cookie['value']}")
    expect(tab.get_by_role("button", name="Send my vote")).to_be_visible(timeout=FIRST)
    friend.close()
    phone.close()

    expect(page.get_by_text(re.compile(r"Before the debate: 1 ballot"))).to_be_visible(timeout=FIRST)
    expect(page.locator(".js-plotly-plot")).to_have_count(0, timeout=FIRST)  # hidden while the poll is open
    page.get_by_role("button", name="Show the results now").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    shot(page, "moderate")


# --- case text is shown as text, in the real renderer ------------------------------------------------------------

# What the page would hold if case text had been read as Markdown or HTML: links or images to the hostile hosts,
# KaTeX, Streamlit's coloured text and badges, icons inside Markdown, and emphasis or code around EVIL's words.
INTERPRETED = """() => {
  const md = '[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer]';
  const all = s => [...document.querySelectorAll(s)];
  return {
    links: all('a').filter(a => !(a.getAttribute('href') || '').startsWith('#'))  // not a heading's own anchor
      .filter(a => /evil|pizza|mailto/i.test(a.href)).map(a => a.outerHTML),
    images: all('img').filter(i => /evil|pixel|^x$/i.test(i.getAttribute('src') || '')).map(i => i.outerHTML),
    markdownImages: all(md).flatMap(m => [...m.querySelectorAll('img')]).map(i => i.outerHTML),
    katex: all('.katex').length,
    colour: all('.stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge').map(e => e.textContent),
    icons: all(md).flatMap(m => [...m.querySelectorAll('[role=img]')]).map(e => e.outerHTML),
    emphasis: all(md).flatMap(m => [...m.querySelectorAll('strong, em, del, code')])
      .map(e => e.textContent).filter(t => ['bold', 'it', 'gone', 'code', 'red'].includes(t)),
    headings: all('h1, h2, h3, h4, h5, h6').map(h => h.textContent).filter(t => t.startsWith('Evil')),
    chartLinks: all('.js-plotly-plot a').length,
  };
}"""
CLEAN = {"links": [], "images": [], "markdownImages": [], "katex": 0, "colour": [], "icons": [], "emphasis": [],
         "headings": [], "chartLinks": 0}


def serve_case(tmp_path_factory, name: str, write):
    """The app served on a case that `write(folder)` makes, with a poll store of its own: yields its address."""
    folder = write(tmp_path_factory.mktemp(name) / "case")
    polls = tmp_path_factory.mktemp(f"{name}-polls") / "polls.sqlite3"
    process, url = serve(ROOT / "app.py", env={"EXPLORER_CASE": str(folder), "EXPLORER_POLL_DB": str(polls)})
    yield url
    stop(process)


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory):
    """The app on a case with Markdown, HTML and Streamlit's directives in every text (tests/hostile.py)."""
    from hostile import write_hostile_case

    yield from serve_case(tmp_path_factory, "hostile", write_hostile_case)


def remote(requested: list[str]) -> list[str]:
    """Requests the page made anywhere but to the app (or for an image named by case text, `<img src=x>`)."""
    from urllib.parse import urlsplit

    return [u for u in requested if urlsplit(u).hostname != "127.0.0.1" or urlsplit(u).path.endswith("/x")]


def visible_text(page: Page) -> str:
    return page.evaluate("() => document.body.innerText").replace("\u2060", "")


@pytest.mark.parametrize("path,heading", [
    ("/", "Why did the leader fall?"),
    ("/thesis?thesis=harvest", "The harvest"),
    ("/sources?source=alpha&passage=harvest%233", "Alpha"),
    ("/sources?source=gamma_book", "Gamma"),
    ("/matrix", None),
    ("/timeline", None),
    ("/contested", "Did the harvest fail?"),
    ("/essay", "Why did the leader fall?"),
    ("/briefs", "The harvest"),
    ("/debate", None),
])
def test_case_text_reads_as_typed_in_the_browser(page: Page, hostile_url: str, path: str, heading: str | None) -> None:
    from hostile import EVIL, hostile

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(hostile_url + path)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    if heading:
        # up to the first word joiner (in "https:"): the accessible name keeps it
        expect(page.get_by_role("heading", name=f"# Evil {heading} [click](https:").first).to_be_visible(timeout=FIRST)
    else:
        expect(page.locator(".js-plotly-plot, [data-testid=stMultiSelect]").filter(visible=True).first).to_be_visible(
            timeout=FIRST)
    settled(page)
    if path in ("/timeline", "/matrix"):
        open_every_expander(page)  # the events and the passages in full wait in expanders
    assert page.evaluate(INTERPRETED) == CLEAN
    text = visible_text(page)
    if path != "/debate":
        assert EVIL in text  # every character of the case's words, none turned into an arrow or an emoji
    assert remote(requested) == []  # no remote image was fetched
    if path == "/":  # a chart's labels show the tags as text (a label is wrapped over lines: one line of it)
        expect(page.locator(".js-plotly-plot").filter(has_text="onerror=alert(1)>").first).to_be_visible(
            timeout=FIRST)
    if path in ("/", "/sources?source=alpha&passage=harvest%233"):  # the trust slider's label in the sidebar, which
        # Compare draws after its answer (on a first visit the browser may show it a moment after the main part)
        page.wait_for_function("words => document.body.innerText.replaceAll('\u2060', '').includes(words)",
                               arg=hostile("Alpha"), timeout=FIRST)
    name = "hostile-" + (path.strip("/").split("?")[0] or "compare")
    if path in ("/", "/thesis?thesis=harvest", "/sources?source=alpha&passage=harvest%233"):
        shot(page, name)


@pytest.mark.parametrize("path", ["vote", "moderate", "briefs"])
def test_a_crafted_join_link_stays_text_in_the_browser(page: Page, hostile_url: str, path: str) -> None:
    from urllib.parse import quote

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hostile_url}/{path}?room=" + quote("[FREE PIZZA](https://evil.example) ![x](https://evil.example/pixel.png)"))
    message = "No debate has the code [FREEPIZZA](HTTPS://EVIL.EXAMPLE)![X](HTTPS://EVIL.EXAMPLE/PIXEL.PNG); check"
    box = page.locator("[data-testid=stAlertContainer]").filter(has_text="No debate has the code")
    expect(box).to_be_visible(timeout=FIRST)
    settled(page)
    assert message in box.inner_text().replace("\u2060", "")
    assert box.locator("a, img").count() == 0
    assert page.evaluate(INTERPRETED) == CLEAN
    assert remote(requested) == []
    if path == "vote":
        shot(page, "hostile-join-link")


def test_the_map_and_the_historians(page: Page) -> None:
    page.goto("/map")
    expect(page.get_by_role("heading", name="Map of the explanations", exact=True)).to_be_visible(timeout=FIRST)
    drawn = page.get_by_role("img", name=re.compile(r"^A map of 11 explanations and \d+ recorded links"))
    expect(drawn).to_be_visible(timeout=FIRST)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert drawn.evaluate("i => i.naturalWidth") > 500  # Graphviz's drawing, at the size it asks for
    expect(page.get_by_role("img", name=re.compile(r"^The key: reinforces"))).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("button", name="Download the map (SVG, for printing)")).to_be_visible(timeout=FIRST)
    shot(page, "map")
    # the links in words: one explanation's, opened
    page.locator("[data-testid=stExpander] summary").filter(has_text="Setbacks abroad and the loss of prestige").click()
    page.get_by_role("link", name=re.compile(r"^Setbacks abroad and the loss of prestige, Cuba above all \(\d+%\)$")).click()
    expect(page.get_by_role("heading", name="Setbacks abroad and the loss of prestige, Cuba above all")).to_be_visible(
        timeout=FIRST)
    page.goto("/historians")
    expect(page.get_by_role("heading", name="Martin Page", exact=True)).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    shot(page, "historians")
# --- accessibility: axe-core on every page, the keyboard alone, and what a projector shows ------------------------


def navigation_paths() -> list[str]:
    """Every page of app.py's st.navigation, in its order, as its address ('/' for the default page)."""
    calls = [node for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"]
    paths = []
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        given = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
        paths.append("/" if given.get("default") else "/" + given["url_path"])
    return paths


PAGES = navigation_paths()
AXE_REPORT = ROOT / "artifacts" / "axe.json"


def test_the_audit_covers_every_page_of_the_navigation() -> None:
    pages = sorted(p.stem for p in (ROOT / "explorer" / "ui" / "pages").glob("*.py"))
    assert len(PAGES) == len(pages) == 24
    assert {"/map", "/historians", "/vote", "/"} <= set(PAGES)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return axe_or_skip()


@pytest.fixture(scope="session")
def axe_report():
    """Each page's counts, written to artifacts/axe.json when the session ends (the closing note's figures)."""
    report: dict[str, dict] = {}
    yield report
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")


def open_every_expander(page: Page) -> None:
    for summary in page.locator("[data-testid=stExpander] summary").all():
        summary.click()
    settled(page)


def check_axe(page: Page, script: Path, report: dict, name: str) -> None:
    """axe on the page as it is and again with every expander open (the charts' tables): nothing serious or
    critical of the project's own; Streamlit's own navigation is reported, not failed."""
    first = audit(page, script)
    open_every_expander(page)
    second = audit(page, script)
    ours = first["ours"] + second["ours"]
    report[name] = {"ours": counts(first["ours"]), "streamlit": counts(first["streamlit"]),
                    "ours_with_expanders_open": counts(second["ours"]),
                    "rules": sorted({v["id"] for v in first["ours"] + first["streamlit"]})}
    assert failing(ours) == [], f"{name}:\n{described(failing(ours))}"


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious_of_ours_on_every_page(page: Page, path: str, axe_script: Path,
                                                         axe_report: dict) -> None:
    page.goto(path)
    expect(page.locator("h1").first).to_be_visible(timeout=FIRST)
    settled(page)
    check_axe(page, axe_script, axe_report, path)


def test_axe_on_a_bare_streamlit_page_finds_only_its_navigation(tmp_path: Path, browser, axe_script: Path,
                                                               axe_report: dict) -> None:
    """The rule that tells Streamlit's markup from ours, checked on a page with nothing of ours: st.navigation
    with two sections, a title and a caption, in this project's theme (the server runs in the project folder)."""
    pages = tmp_path / "bare"
    pages.mkdir()
    (pages / "one.py").write_text('import streamlit as st\nst.title("One")\nst.caption("A caption.")\n')
    (pages / "two.py").write_text('import streamlit as st\nst.title("Two")\n')
    script = tmp_path / "bare_app.py"
    script.write_text(
        "import streamlit as st\n"
        f"st.navigation({{'First': [st.Page({str(pages / 'one.py')!r}, title='One', default=True)],\n"
        f"               'Second': [st.Page({str(pages / 'two.py')!r}, title='Two', url_path='two')]}}).run()\n")
    process, url = serve(script)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_role("heading", name="One")).to_be_visible(timeout=FIRST)
        settled(page)
        found = audit(page, axe_script)
        context.close()
    finally:
        stop(process)
    axe_report["bare Streamlit page"] = {"ours": counts(found["ours"]), "streamlit": counts(found["streamlit"]),
                                         "rules": sorted({v["id"] for v in found["ours"] + found["streamlit"]})}
    assert found["ours"] == []  # the theme's caption passes; nothing else is found outside the navigation
    assert sorted(v["id"] for v in found["streamlit"]) == ["list", "listitem"]


def tab_to(page: Page, target, most: int = 60) -> int:
    """Press Tab until `target` (a locator) has the focus; how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
            return presses
    raise AssertionError(f"{target} never got the focus in {most} presses of Tab")


def test_a_student_joins_and_votes_with_the_keyboard_alone(page: Page, browser, axe_script: Path,
                                                            axe_report: dict) -> None:
    # the teacher, with the mouse: a room, and the poll before the debate opened
    page.goto("/debate")
    page.get_by_role("button", name="Create the debate room").click()
    ready = page.get_by_text(re.compile(r"^The debate room is ready\. Join code: [A-Z0-9]{6}$"))
    expect(ready).to_be_visible(timeout=FIRST)
    code = ready.inner_text().rsplit(" ", 1)[1]
    settled(page)
    check_axe(page, axe_script, axe_report, "/debate (a room created)")
    page.get_by_role("link", name="Open the moderator's console").click()
    page.get_by_role("button", name="Open “Before the debate”").click()
    expect(page.get_by_role("button", name="Close “Before the debate”")).to_be_visible(timeout=FIRST)
    settled(page)
    check_axe(page, axe_script, axe_report, "/moderate?room=… (the poll open, no ballot yet)")

    # the student, with the keyboard only: no click, no tap, no fill
    phone = browser.new_context(viewport={"width": 390, "height": 844}, base_url=page.url.split("/moderate")[0])
    student = phone.new_page()
    student.goto("/vote")
    box = student.get_by_label("The code on the board")
    expect(box).to_be_visible(timeout=FIRST)
    settled(student)
    tab_to(student, box)
    student.keyboard.type(code.lower())  # the code as a phone types it: small letters
    student.keyboard.press("Enter")
    join = student.get_by_role("button", name="Join")
    tab_to(student, join)
    student.keyboard.press("Enter")
    expect(student.get_by_role("heading", name="Before the debate")).to_be_visible(timeout=FIRST)
    settled(student)
    options = student.get_by_role("radiogroup")
    tab_to(student, options)  # Tab enters the group; the arrow keys choose within it
    wanted = "His erratic personal and administrative style (Team B)"
    for _ in range(6):
        if student.get_by_role("radio", name=wanted).is_checked():
            break
        student.keyboard.press("ArrowDown")
        settled(student)
    expect(student.get_by_role("radio", name=wanted)).to_be_checked()
    send = student.get_by_role("button", name="Send my vote")
    tab_to(student, send)
    student.keyboard.press("Enter")
    expect(student.get_by_text("Your vote is recorded. You can change it until the poll closes.")).to_be_visible(
        timeout=FIRST)
    settled(student)
    student.screenshot(path=str(SHOTS / "vote-keyboard-phone.png"), full_page=True)
    check_axe(student, axe_script, axe_report, "/vote?room=… (the poll open, on a phone)")
    phone.close()
    expect(page.get_by_text(re.compile(r"Before the debate: 1 ballot"))).to_be_visible(timeout=FIRST)
    expect(page.locator(".js-plotly-plot")).to_have_count(0, timeout=FIRST)  # hidden while the poll is open
    page.get_by_role("button", name="Show the results now").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    settled(page)
    check_axe(page, axe_script, axe_report, "/moderate?room=… (a ballot in)")


def test_the_source_reader_scrolls_with_the_keyboard(page: Page) -> None:
    page.goto("/sources?source=dailyhistory")
    reader = page.get_by_role("region", name="The text of the source")
    expect(reader).to_be_visible(timeout=FIRST)
    settled(page)
    assert reader.evaluate("e => e.scrollHeight > e.clientHeight")  # a box that scrolls
    tab_to(page, reader, most=120)
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.querySelector('.source-text').scrollTop > 400", timeout=5_000)
    shot(page, "sources-keyboard")


# Each element's box, for checks that labels and markers do not overlap: within the chart-th plotly chart on
# the page, or in the whole page when chart is null.
BOXES = """([selector, chart]) => {
  const root = chart === null ? document : document.querySelectorAll('.js-plotly-plot')[chart];
  return [...root.querySelectorAll(selector)].map(e => {
    const b = e.getBoundingClientRect();
    return {text: e.textContent, top: b.top, bottom: b.bottom, left: b.left, right: b.right};
  });
}"""


def boxes(page: Page, selector: str, chart: int | None = None) -> list[dict]:
    return page.evaluate(BOXES, [selector, chart])


def overlapping(boxes: list[dict], slack: float = 0.5) -> list[tuple[str, str]]:
    """The pairs of boxes that overlap by more than `slack` pixels both ways."""
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
            and min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack]


@pytest.fixture(scope="session")
def crowded_url(tmp_path_factory):
    """The app on four explanations with titles of two lines and six events of August 1914 (tests/crowded.py)."""
    from crowded import write_crowded_case

    yield from serve_case(tmp_path_factory, "crowded", write_crowded_case)


@pytest.mark.parametrize("width", [1400, 1024, 390])
def test_ranking_labels_of_four_long_titles_do_not_overlap(browser, crowded_url: str, width: int) -> None:
    """Each title above its bar (charts.rows_below_titles): titles that run into no bar, no legend and no other
    title, and bars as wide as the chart, on a phone too."""
    context = browser.new_context(viewport={"width": width, "height": 1600})
    page = context.new_page()
    page.goto(crowded_url)
    expect(page.get_by_role("heading", name="Ranking and why")).to_be_visible(timeout=FIRST)
    ranking = page.locator(".js-plotly-plot").first
    expect(ranking.locator(".annotation-text")).to_have_count(4, timeout=FIRST)
    settled(page)
    labels = sorted(boxes(page, ".annotation-text", 0), key=lambda box: box["top"])
    bars = boxes(page, ".barlayer .point", 0)
    legend, = boxes(page, ".legend", 0)
    plot, = boxes(page, ".nsewdrag", 0)
    chart, = boxes(page, ".main-svg", 0)[:1]
    assert [box["text"][:2] for box in labels] == ["1.", "2.", "3.", "4."]
    assert overlapping(labels) == []
    assert overlapping(labels + [legend]) == []
    assert [(a["text"], b["text"]) for a in labels for b in bars if overlapping([a, b])] == []
    assert legend["bottom"] <= plot["top"] + 0.5  # the legend has a band of its own above the bars
    assert plot["right"] - plot["left"] >= chart["right"] - chart["left"] - 60  # the bars have the chart's width
    assert all(chart["left"] <= box["left"] and box["right"] <= chart["right"] for box in labels)  # none cut
    ranking.screenshot(path=str(SHOTS / f"crowded-ranking-{width}.png"))
    shot(page, f"crowded-compare-{width}")
    context.close()


def test_timeline_events_of_the_same_month_each_have_a_spot(page: Page, crowded_url: str) -> None:
    page.goto(crowded_url + "/timeline")
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=FIRST)
    settled(page)
    points = boxes(page, ".scatterlayer .point", 0)
    assert len(points) == 7 + 2 + 1 + 1 + 1  # harvest 7, army 2, plotters 1, prestige 1, no thesis 1
    assert overlapping(points) == []
    ticks = boxes(page, ".xtick text", 0)
    assert [t["text"] for t in ticks][:3] == ["Jul 1914", "1915", "Jul"] and overlapping(ticks) == []
    assert page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .xtick text')]"
                         ".every(t => !/rotate/.test(t.getAttribute('transform') || ''))")
    lanes = boxes(page, ".ytick text", 0)
    assert len(lanes) == 5 and overlapping(lanes) == []
    shot(page, "crowded-timeline")


def test_timeline_of_the_khrushchev_case_has_upright_spaced_years(page: Page) -> None:
    page.goto("/timeline")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=FIRST)
    settled(page)
    ticks = boxes(page, ".xtick text", 0)
    assert [t["text"] for t in ticks] == [str(y) for y in range(1954, 1973, 2)]
    assert overlapping(ticks) == []
    assert min(b["left"] - a["right"] for a, b in itertools.pairwise(ticks)) > 20  # clear gaps between years
    points = boxes(page, ".scatterlayer .point", 0)
    assert overlapping(points, slack=4) == []  # on a 1400 px screen no marker hides another
    shot(page, "timeline")


@pytest.mark.parametrize("width,height", [(1400, 900), (1024, 768)])
def test_thesis_figures_are_never_cut(browser, app_url: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(app_url + "/thesis?thesis=lost_prestige")  # the first explanation
    figures = page.locator(".key-figures")
    expect(figures).to_contain_text("Comes first, at worst", timeout=FIRST)
    settled(page)
    cells = page.evaluate("""() => [...document.querySelectorAll('.key-figures dt, .key-figures dd')].map(e => ({
        text: e.textContent, cut: e.scrollWidth > e.clientWidth || getComputedStyle(e).textOverflow === 'ellipsis',
        size: parseFloat(getComputedStyle(e).fontSize)}))""")
    assert [c["text"] for c in cells][:8] == ["Rank on your settings", "1 of 11", "Score", "0.63",
                                              "Share of the evidence", "16%", "Comes first, at worst", "51%"]
    assert [c["text"] for c in cells if c["cut"]] == []
    assert min(c["size"] for c in cells[1:8:2]) >= 32  # the values read from the back of a room
    assert overlapping(boxes(page, ".key-figures dt, .key-figures dd")) == []
    figures.screenshot(path=str(SHOTS / f"thesis-figures-{width}.png"))
    if width == 1024:
        shot(page, "thesis-1024")  # a projector's width
    context.close()


def test_a_charts_numbers_are_one_click_away(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Ranking and why")).to_be_visible(timeout=FIRST)
    tables = page.locator("[data-testid=stExpander]").filter(has_text="Show as a table")
    expect(tables).to_have_count(2, timeout=FIRST)  # the ranking and the shares (the places have an expander of their own)
    settled(page)
    first = tables.first
    grid = first.locator("[data-testid=stDataFrame]")
    expect(grid).to_be_hidden()
    first.locator("summary").click()
    expect(grid).to_be_visible(timeout=FIRST)
    # named for a screen reader, and the grid's own accessible table holds the chart's columns
    expect(grid.get_by_role("region", name="Each explanation's score, split into the part of each of the four things "
                                           "it adds up, best first (the numbers)")).to_be_visible(timeout=FIRST)
    expect(grid.locator("th", has_text="Against it")).to_be_attached(timeout=FIRST)
    settled(page)
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "compare-table.png"), full_page=True)


# --- the workshop: recording a passage while reading ------------------------------------------------------------


@pytest.fixture(scope="session")
def workshop_case(tmp_path_factory):
    """The app served on a copy of the small case, which the workshop may edit: (its address, its folder)."""
    from conftest import write_case

    folder = write_case(tmp_path_factory.mktemp("workshop") / "case")
    polls = tmp_path_factory.mktemp("workshop-polls") / "polls.sqlite3"
    process, url = serve(ROOT / "app.py", env={"EXPLORER_CASE": str(folder), "EXPLORER_POLL_DB": str(polls),
                                               "EXPLORER_WORKSHOP_ROOT": str(folder.parent / "cases"),
                                               "EXPLORER_EDIT_SERVED_CASE": "on"})
    yield url, folder
    stop(process)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a selectbox by its label, as a person does: open it, click the option. A rerun that lands
    as the box opens closes it again (the page was still settling from the last click): then it is opened again."""
    settled(page)
    wanted = page.get_by_role("option", name=option)
    for _ in range(3):
        page.get_by_label(label, exact=True).click()
        try:
            wanted.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settled(page)
    wanted.click(timeout=FIRST)


def test_a_passage_is_recorded_in_the_workshop(page: Page, workshop_case) -> None:
    url, folder = workshop_case
    page.goto(f"{url}/build_passages?thesis=prestige&source=alpha")
    expect(page.get_by_role("heading", name="Record passages")).to_be_visible(timeout=FIRST)
    expect(page.get_by_role("heading", name="Reading: Alpha")).to_be_visible(timeout=FIRST)
    words = page.get_by_label("The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)")
    page.locator(".ws-reader").get_by_text("Critics said").click()  # a click quotes the sentence clicked
    expect(words).to_have_value('Critics said the \u201cbold schemes\u201d of the leader\u2014all of them\u2014had failed.',
                                timeout=FIRST)
    page.get_by_text("Or choose the sentences by number").click()
    choose(page, "From sentence", "3. The army disliked the cuts.")
    expect(words).to_have_value("The army disliked the cuts.", timeout=FIRST)
    page.get_by_text("2: relevant", exact=True).click()
    page.get_by_text("disputes", exact=True).first.click()
    note = page.get_by_label("Why it matters, in one sentence")
    note.fill("The army's mood, not Cuba.")
    note.press("Enter")
    settled(page)
    page.get_by_role("button", name="Record this passage").click()
    expect(page.get_by_text("Saved: record a passage of Alpha under “Lost prestige”.")).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Passage 3 · Alpha")).to_be_visible(timeout=FIRST)
    shot(page, "build_passages")
    assert (folder / "theses" / "prestige.yaml").read_text().endswith(
        "  - source: alpha\n    quote: The army disliked the cuts.\n    stance: disputes\n    strength: 2\n"
        "    note: The army's mood, not Cuba.\n")
    expect(page.get_by_role("button", name=re.compile("^Undo the last change"))).to_be_visible()


@pytest.mark.parametrize("path,heading", [("build", "Start a case or add a source"),
                                          ("build_thesis?thesis=harvest", "Write a thesis")])
def test_the_workshop_pages_render(page: Page, workshop_case, path: str, heading: str) -> None:
    url, _ = workshop_case
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    shot(page, path.split("?")[0])


# --- words for the class: no internal code anywhere a person reads, and pages that fit --------------------------

CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*#\d+\b")  # a passage's reference: agriculture#3
# Exports made for other tools, where ids are what the tool needs: the case as JSON, argument maps, the map's DOT,
# reference managers' formats (their keys are sources, not theses, but a reader never reads them as prose).
FOR_TOOLS = (".json", ".argdown", ".ad", ".dot", ".bib", ".ris")
# The workshop's pages are for case authors, who edit the files these ids name.
READ_BY_PEOPLE = [p for p in PAGES if not p.startswith("/build")]


def thesis_ids() -> list[str]:
    """The default case's thesis ids that are not plain words (a plain word like `china` may be prose)."""
    return sorted(p.stem for p in (ROOT / "claims" / "theses").glob("*.yaml") if "_" in p.stem)


def codes_in(text: str) -> list[str]:
    return sorted(set(CODE.findall(text)) | {tid for tid in thesis_ids() if tid in text})


def downloaded_text(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        return "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".svg":  # what a printed drawing shows: its <text>, not the names Graphviz gives its shapes
        import html

        return "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", text))
    if path.suffix == ".csv":  # a column headed "Reference ..." is the detail kept for those who check the files
        import csv
        import io

        rows = list(csv.reader(io.StringIO(text)))
        keep = [i for i, head in enumerate(rows[0] if rows else []) if not head.startswith("Reference")]
        return "\n".join(",".join(row[i] for i in keep if i < len(row)) for row in rows)
    return text


@pytest.mark.parametrize("path", READ_BY_PEOPLE)
def test_no_internal_code_on_any_page_or_download(page: Page, path: str, tmp_path: Path) -> None:
    page.goto(path)
    expect(page.locator("[data-testid=stMain] h1").first).to_be_visible(timeout=FIRST)
    settled(page)
    open_every_expander(page)
    assert codes_in(visible_text(page)) == [], path
    # a button with an icon carries a second, hidden button of Streamlit's own: the visible ones are the downloads
    buttons = page.locator("[data-testid=stDownloadButton] button").filter(visible=True)
    checked = 0
    for i in range(buttons.count()):
        with page.expect_download(timeout=FIRST) as info:
            buttons.nth(i).click()
        name = info.value.suggested_filename
        assert codes_in(name) == [], name
        if name.endswith(FOR_TOOLS):
            continue
        saved = tmp_path / name
        info.value.save_as(saved)
        assert codes_in(downloaded_text(saved)) == [], name
        checked += 1
    if path in ("/essay", "/briefs"):
        assert checked >= 2, f"{path}: no download was checked"


@pytest.mark.parametrize("path", READ_BY_PEOPLE)
def test_every_page_fits_the_width_and_a_sensible_height(browser, app_url: str, path: str) -> None:
    """At 1280 px nothing is cut at the right and no page is taller than about 6,000 px by default; at 390 px (a
    phone) nothing but a chart's own drawing reaches past the screen."""
    for width, height, tallest in ((1280, 900, 6_000), (390, 844, None)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(app_url + path)
        expect(page.locator("[data-testid=stMain] h1").first).to_be_visible(timeout=FIRST)
        settled(page)
        tall = page.evaluate("() => document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
        cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMainBlockContainer] *')]
            .filter(e => !e.closest('.js-plotly-plot') && !e.closest('[data-testid=stDataFrame]'))
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 2; })
            .map(e => e.tagName + ' ' + (e.getAttribute('data-testid') || '') + ' ' + (e.innerText || '').slice(0, 40))
            .slice(0, 5)""")
        # a grid that scrolls sideways has columns out of sight (its frame's own overflow is Streamlit's resize handle)
        tables = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]
            .filter(e => e.getBoundingClientRect().width > 0 && e.scrollWidth > e.clientWidth + 2).length""")
        # a page link's label is never cut at its box's edge (Streamlit keeps it on one line; page.STYLE wraps it)
        clipped = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPageLink-NavLink] span')]
            .filter(e => e.getBoundingClientRect().width > 0 && e.scrollWidth > e.clientWidth + 2)
            .map(e => e.innerText.slice(0, 40))""")
        name = (path.strip("/") or "compare")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        context.close()
        assert cut == [], (path, width, cut)
        assert clipped == [], (path, width, "a link's label is cut", clipped)
        if tallest:
            assert tall <= tallest, (path, tall)
            assert tables == 0, (path, "a table is wider than its frame")


# Each text a plotly chart draws (titles, ticks, legend, labels), with the box of its own chart, for the check that
# none runs past its chart's edge (plotly cuts it there, as a phone's 390 px cut two axis titles).
CHART_TEXTS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(c => c.getBoundingClientRect().width > 0)
  .flatMap((chart, i) => { const frame = chart.querySelector('.main-svg').getBoundingClientRect();
    return [...chart.querySelectorAll('.g-xtitle text, .g-ytitle text, .xtick text, .ytick text, .annotation-text, '
                                    + '.legendtext, .textpoint text, .colorbar text')]
      .map(e => ({chart: i, text: e.textContent, left: e.getBoundingClientRect().left - frame.left,
                  right: frame.right - e.getBoundingClientRect().right})); })"""


@pytest.mark.parametrize("width,height", [(1280, 900), (1280, 720), (390, 844)])
def test_compare_shows_every_chart_text_and_every_figure_of_how_sure_whole(browser, app_url: str, width: int,
                                                                           height: int) -> None:
    """Compare as a teacher's projector and a phone show it (a teacher's review): every chart's titles, ticks and
    labels inside their chart, the places' charts too; the 'How sure' table as wide as the page at most, every head,
    title and figure whole and in sight, without a sideways swipe."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(app_url + "/")
    expect(page.get_by_text("Each figure could be up to")).to_be_visible(timeout=FIRST)
    places = page.locator("[data-testid=stExpander]").filter(has_text="The places each explanation takes")
    places.locator("summary").click()
    expect(places.locator(".js-plotly-plot")).to_have_count(2, timeout=FIRST)
    settled(page)
    texts = page.evaluate(CHART_TEXTS)
    assert {t["chart"] for t in texts} == {0, 1, 2, 3}  # the ranking, the shares and the places' two
    assert "Each criterion's part;the black mark is the score" in [t["text"] for t in texts]
    cut = [(t["chart"], t["text"], round(min(t["left"], t["right"]))) for t in texts if min(t["left"], t["right"]) < -0.5]
    assert cut == [], "\n".join(map(str, cut))
    table = page.locator("[data-testid=stTable]").filter(has_text="Read differently")
    cells = table.evaluate("""t => [...t.querySelectorAll('th, td')].map(c => { const b = c.getBoundingClientRect();
        return {text: c.innerText, right: b.right, cut: c.scrollWidth > c.clientWidth + 1}; })""")
    main = page.evaluate("() => document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect().right")
    assert [c["text"] for c in cells][:4] == ["Explanation", "Sliders moved at random", "Passages left out or doubled",
                                              "Read differently"]
    assert [c["text"] for c in cells][4:8] == ["Setbacks abroad and the loss of prestige, Cuba above all", "78%",
                                               "51%", "61%"]
    assert [c["text"] for c in cells if c["cut"] or c["right"] > min(main, width) + 0.5] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"compare-how-sure-{width}x{height}.png"))
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"compare-ranking-{width}x{height}.png"))
    context.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (1280, 720), (390, 844)])
def test_screenshots_of_the_answer_and_the_guide(browser, app_url: str, width: int, height: int) -> None:
    """Compare opens on the answer in plain words at every size; How the score works explains it."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(app_url + "/")
    expect(headline(page)).to_have_text(re.compile(r"^“Setbacks abroad and the loss of prestige"), timeout=FIRST)
    expect(headline(page)).to_be_in_viewport(timeout=FIRST)  # the answer is on the first screen
    settled(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"answer-{width}x{height}.png"))
    page.goto(app_url + "/how")
    expect(page.get_by_role("heading", name="How the score works")).to_be_visible(timeout=FIRST)
    settled(page)
    page.screenshot(path=str(SHOTS / f"how-{width}x{height}.png"))
    context.close()


def test_on_a_phone_the_closed_sidebar_says_what_it_holds(browser, app_url: str) -> None:
    """On a phone the sidebar starts closed behind Streamlit's »: beside it, "Sliders and pages" says what it opens
    (students did not guess that the sliders were there), on the screen and not cut; it opens the sidebar."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(app_url + "/")
    expect(headline(page)).to_be_visible(timeout=FIRST)
    button = page.get_by_test_id("stExpandSidebarButton")
    expect(button).to_be_visible(timeout=FIRST)
    page.wait_for_function(  # the page's style comes after its answer (page.send_style)
        "() => getComputedStyle(document.querySelector('[data-testid=stExpandSidebarButton]'), '::after').content"
        " === '\"Sliders and pages\"'", timeout=FIRST)
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] > 100  # the words too
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=FIRST)
    button.click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false", timeout=FIRST)
    context.close()


@pytest.fixture(scope="session")
def answering_first_url():
    """The app as a reader gets it: pages never wait for the robustness figures (EXPLORER_SURE_WAIT=0)."""
    process, url = serve(ROOT / "app.py", env={"EXPLORER_SURE_WAIT": "0"})
    yield url
    stop(process)


def test_the_figures_arrive_by_themselves_after_the_ranking(page: Page, answering_first_url: str) -> None:
    page.goto(answering_first_url + "/?w_corroboration=0.55")  # a weighting of its own: nothing drawn before
    answer = headline(page)
    expect(answer).to_contain_text("Setbacks abroad and the loss of prestige", timeout=FIRST)
    # without a click or a key: the page reruns itself once the samplings are done, and the answer says how sure
    expect(page.get_by_text("Each figure could be up to")).to_be_visible(timeout=FIRST)
    expect(answer).not_to_contain_text("comes first on these settings", timeout=FIRST)
    expect(page.get_by_text("Testing how sure the ranking is…")).to_have_count(0, timeout=FIRST)
