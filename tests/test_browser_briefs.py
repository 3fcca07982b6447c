"""The team briefs in the real browser: "Print all briefs" downloaded from the page, printed to PDF by Chromium
(Playwright's page.pdf, A4) and its pages counted with poppler's pdfinfo and read with pdftotext: each team's brief
starts on a new page and takes one or two. Screenshots of the printed pages and of the page at 1280x900 and 390x844.
Uses the fixtures of tests/test_browser.py (Debian's Chromium, the app served on 127.0.0.1); skips where it does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser import (  # noqa: F401 - fixtures, found by name
    FIRST,
    SHOTS,
    app_url,
    base_url,
    browser_context_args,
    browser_type_launch_args,
    settled,
)

# Where the closing note's screenshots go, besides artifacts/screenshots (EXPLORER_SHOTS overrides it).
NOTES = Path(os.environ.get("EXPLORER_SHOTS", SHOTS))

if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
    if os.environ.get("CI") == "true":
        raise RuntimeError("poppler-utils are missing: CI must count the printed pages (apt-get install poppler-utils)")
    pytest.skip("poppler-utils (pdfinfo, pdftotext) are not installed", allow_module_level=True)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, by pdfinfo's count and pdftotext's page breaks."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    count = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    pages = text.split("\f")[:count]
    assert len(pages) == count
    return pages


def test_print_all_briefs_gives_each_team_one_or_two_a4_pages(page: Page, browser, tmp_path: Path) -> None:
    page.goto("/briefs")
    expect(page.get_by_role("heading", name="Print all briefs")).to_be_visible(timeout=FIRST)
    settled(page)
    # the engine's first four explanations are in play
    expect(page.get_by_text(re.compile(r"each team's on new pages \(4 teams\)"))).to_be_visible(timeout=FIRST)
    with page.expect_download(timeout=FIRST) as info:
        page.get_by_role("button", name="All briefs: a page to print (HTML)").click()
    printable = tmp_path / info.value.suggested_filename
    info.value.save_as(printable)
    assert printable.name == "briefs-teams.html"

    paper = browser.new_page()
    try:
        paper.goto(printable.as_uri(), timeout=FIRST)
        expect(paper.locator("article")).to_have_count(4, timeout=FIRST)
        titles = [t.removeprefix("Debate brief: ") for t in paper.locator("article h1").all_inner_texts()]
        pdf = tmp_path / "briefs.pdf"
        paper.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        paper.close()
    pages = pdf_pages(pdf)
    # each brief starts a page: the page whose first line is its title (a long title wraps: its first words)
    starts = [next(i for i, text in enumerate(pages) if text.strip().startswith(f"Debate brief: {title}"[:40]))
              for title in titles]
    assert starts[0] == 0 and starts == sorted(starts)
    lengths = [b - a for a, b in zip(starts, [*starts[1:], len(pages)], strict=True)]
    assert all(1 <= n <= 2 for n in lengths), dict(zip(titles, lengths, strict=True))
    # the teams' version: no weights, no answer key
    printed = "\n".join(pages)
    assert re.search(r"weight \d", printed) is None and "answer key" not in printed
    NOTES.mkdir(parents=True, exist_ok=True)
    (NOTES / "briefs-pages.txt").write_text(
        f"print all: {len(pages)} A4 pages for {len(titles)} teams\n"
        + "".join(f"{t}: {n} page{'s' if n > 1 else ''}\n" for t, n in zip(titles, lengths, strict=True)))
    if shutil.which("pdftoppm"):  # the first brief as printed, a PNG per page
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", str(lengths[0]), str(pdf),
                        str(NOTES / "printed-brief")], check=True, timeout=120)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_briefs_page_on_a_laptop_and_a_phone(browser, app_url: str, width: int, height: int) -> None:  # noqa: F811
    """The page fits the screen's width (nothing cut at the right) and shows the brief as it prints."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(FIRST)
    try:
        page.goto(app_url + "/briefs")
        expect(page.get_by_role("heading", name="Your best evidence")).to_be_visible(timeout=FIRST)
        settled(page)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width, wide
        NOTES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(NOTES / f"briefs-{width}x{height}.png"), full_page=False)
    finally:
        context.close()
