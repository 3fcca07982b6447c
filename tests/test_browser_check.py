"""Check my essay in Chromium: a student uploads a Word essay (made with python-docx, with real footnotes) and
reads the check; screenshots at 1280x900 and 390x844 into artifacts/screenshots/ (and into NOTES_SHOTS when that
variable names a folder). Uses the fixtures of tests/test_browser.py; skips where it does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from test_browser import FIRST, SHOTS, app_url, browser_type_launch_args, settled  # noqa: F401 - fixtures by name
from wordfile import essay_docx

ESSAY = [
    "Khrushchev was removed mainly because the retreat over Cuba shamed the Soviet leadership.",
    ("The student essay says that “The perception was that Khrushchev had lost his battle of wits with Kennedy”.",
     "Untitled student essay on the causes of Khrushchev's downfall (excerpt)."),
    ("His rivals “deposed him largely due to his erratic and cantankerous behavior”.", "Khrushchev Falls from Power."),
    ("Martin Page argues that the retreat over Cuba humiliated the leadership. Suslov led the discussions at these "
    "sessions in October 1964."),
    "In conclusion, Cuba was one reason among others.",
]


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_student_uploads_a_word_essay_and_reads_the_check(browser: Browser, app_url: str, tmp_path: Path,  # noqa: F811
                                                             width: int, height: int) -> None:
    essay = tmp_path / "my essay.docx"
    essay.write_bytes(essay_docx(ESSAY, title="Why was Khrushchev removed?"))
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(FIRST)
    page.goto(app_url + "/check")
    expect(page.get_by_role("heading", name="Check my essay")).to_be_visible(timeout=FIRST)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(str(essay), timeout=FIRST)
    expect(page.get_by_text("Your essay argues:")).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("Setbacks abroad and the loss of prestige, Cuba above all").first).to_be_visible(
        timeout=FIRST)
    expect(page.get_by_text("“lost” where the source has “loss”", exact=False).or_(
        page.get_by_text('"lost" where the source has "loss"', exact=False)).first).to_be_visible(timeout=FIRST)
    expect(page.get_by_text("You credit these words to Khrushchev Falls from Power", exact=False)).to_be_visible(
        timeout=FIRST)
    expect(page.get_by_text("This repeats a mistake that Khrushchev Falls from Power makes", exact=False)).to_be_visible(
        timeout=FIRST)
    settled(page)
    body = page.locator("[data-testid=stMain]").inner_text(timeout=FIRST)
    for internal in ("lost_prestige", "falls_from_power", "downfall_essay", "dailyhistory"):
        assert internal not in body
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMainBlockContainer] *')]
        .filter(e => !e.closest('[data-testid=stDataFrame]'))
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 2; })
        .length""")
    assert cut == 0
    folders = [SHOTS, *([Path(os.environ["NOTES_SHOTS"])] if os.environ.get("NOTES_SHOTS") else [])]
    page.get_by_text("Your essay argues:").evaluate("e => e.scrollIntoView({block: 'start'})")
    settled(page)
    for folder in folders:  # what the student sees once the check is in: the findings
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"check_{width}x{height}.png"))
    page.set_viewport_size({"width": width, "height": 4_000})  # the whole page (Streamlit scrolls inside its own box)
    settled(page)
    for folder in folders:
        page.screenshot(path=str(folder / f"check_{width}_whole.png"))
    context.close()
