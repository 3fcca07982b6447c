"""AppTest of "Check my essay": an essay uploaded as a Word file (made with python-docx, with real footnotes) is
checked and its findings shown with the essay's words and the source's; pasted text is checked too; a bad file
is said in words; a class's zip gives one table and each essay's check. No internal id reaches the page."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest
from test_check_checker import DRAFT
from wordfile import essay_docx

from explorer.text import WORD_JOINER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "explorer/ui/pages/check.py"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IDS = ("lost_prestige", "falls_from_power", "downfall_essay", "dailyhistory", "hardliner_backlash")


def said(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def page(monkeypatch) -> AppTest:
    monkeypatch.setenv("EXPLORER_CASE", str(ROOT / "claims"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    return "\n".join(said(m.value) for m in at.markdown)


def test_an_essay_uploaded_as_word_is_checked(monkeypatch) -> None:
    at = page(monkeypatch)
    assert [t.value for t in at.title] == ["Check my essay"]
    assert [i.value for i in at.info] == ["Upload a file or paste your essay to check it."]
    data = essay_docx(["Khrushchev was removed mainly because of Cuba.",
                       (("The essay says “The perception was that Khrushchev had lost his battle of wits with "
                        "Kennedy”."), "Untitled student essay on the causes of Khrushchev's downfall (excerpt)."),
                       "Suslov led the discussions at these sessions in October 1964.",
                       "In conclusion, Cuba was one reason among others."])
    at.file_uploader[0].set_value(("my essay.docx", data, DOCX)).run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "**Your essay argues:** Setbacks abroad and the loss of prestige, Cuba above all" in text
    assert ("**What to look at:** Quotation not word for word (1); A source's mistake repeated (1); Rival explanation "
            "not answered (1); No judgement (1); Paragraph without evidence (1)") in text
    assert ("This quotation is not word for word what Untitled student essay on the causes of Khrushchev's downfall "
            "(excerpt) says: \"lost\" where the source has \"loss\". The source's own words are: “The perception was "
            "that Khrushchev had loss his battle of wits with Kennedy”. Copy them exactly;") in text
    assert "Your words:\n\n> Suslov led the discussions at these sessions in October 1964." in text
    for word in IDS:
        assert word not in text
    paragraphs = next(t.value for t in at.dataframe if "Argues" in t.value.columns)
    assert list(paragraphs["Argues"])[1] == "Setbacks abroad and the loss of prestige, Cuba above all"
    assert list(paragraphs["Evidence"]) == ["none", "yes", "none", "none"]
    quoted = next(t.value for t in at.dataframe if "Found" in t.value.columns)
    assert list(quoted["Found"]) == ["close, not exact"]


def test_pasted_text_and_a_bad_file(monkeypatch) -> None:
    at = page(monkeypatch)
    at.text_area(key="essay_text").input(DRAFT).run()
    assert "**Your essay argues:** Setbacks abroad and the loss of prestige, Cuba above all" in shown(at)
    at.file_uploader[0].set_value(("essay.docx", b"not a word file", DOCX)).run()
    assert [said(e.value) for e in at.error] == [
        "essay.docx: not a Word (.docx) file that can be read (File is not a zip file); save it again as .docx"]


def test_a_class_zip_gives_a_table_and_each_essays_check(monkeypatch) -> None:
    at = page(monkeypatch)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("anna.md", DRAFT)
        z.writestr("ben.docx", essay_docx(["Khrushchev spent seven years under house arrest."]))
    at.file_uploader[1].set_value([("class.zip", packed.getvalue(), "application/zip")]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(t.value for t in at.dataframe if "Essay" in t.value.columns)
    assert list(table["Essay"]) == ["anna.md", "ben.docx"]
    assert list(table["A source's mistake repeated"]) == [1, 1]
    assert at.selectbox(key="class_essay").options == ["1. anna.md", "2. ben.docx"]
