"""The essay plan as Markdown (explorer/essay/markdown.py): its headings, footnotes and case text shown as text."""
# ruff: noqa: F811 (the shared fixtures of essay_cases, imported here, are the tests' parameters)

import io
import re
from pathlib import Path

from conftest import ARMY
from docx import Document
from essay_cases import case, claims, docx_parts, footnote_texts, outline  # noqa: F401 (fixtures)

from explorer import essay
from explorer.load import load_case


def test_markdown(outline) -> None:
    text = essay.to_markdown(outline)
    assert text.startswith("# Essay plan: Why did the leader fall?\n\n*This is a plan to write from, not an essay.")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Your thesis", "## Introduction", "## How to write each paragraph",
                        "## 1\\. Your main argument: The harvest", "## 2\\. A contributing factor: The army's anger",
                        "## Counter-argument: Lost prestige", "## Judgement: which mattered most, and why",
                        "## Conclusion", "## Notes", "## Bibliography", "## Further reading"]
    assert "> \u201cAbroad, the retreat over Cuba was a humiliation.\u201d[^5]" in text
    # after a quotation, only its note and its source: what a student copies holds no reference, strength or trust
    assert "> \u201cThe harvest of 1963 failed.\u201d[^1]\n>\n> — The failure itself. (Alpha)\n" in text
    assert not re.search(r"#\d|strength|trust 0", text)
    assert "**Who argues it.** Richard Roe: Blames Cuba.[^4]" in text
    assert "**\\[Evidence\\]** As a reference work (\u201cAlpha\u201d) puts it, \u201cThe harvest of 1963 failed.\u201d[^2]" in text
    markers = re.findall(r"\[\^(\d+)\](?!:)", text)
    definitions = re.findall(r"^\[\^(\d+)\]: ", text, flags=re.MULTILINE)
    assert sorted(set(markers), key=int) == definitions == ["1", "2", "3", "4", "5"]
    assert "[^4]: \u201cBeta\u201d (Student essay, n.d.), para. 1." in text
    assert text.endswith("## Bibliography\n\n- \u201cAlpha.\u201d N.d.\n- \u201cBeta.\u201d Student essay. N.d.\n\n"
                         "## Further reading\n\n- Doe, Jane. *Gamma*, 1990.\n")


def test_the_outline_shows_case_text_as_text(hostile_case: Path) -> None:
    """The outline's Markdown (shown in the app and downloaded) reads as the case's words; the Word file takes
    them as they are, a title past Word's 255 characters for a document property cut short there."""
    from hostile import EVIL, hostile, interpreted, seen

    army = ARMY.replace("title: The army's anger", f"title: '{hostile('The army')}'")
    (hostile_case / "theses" / "army.yaml").write_text(army, encoding="utf-8")
    loaded, problems = load_case(hostile_case)
    assert problems == []
    # the harvest as the counter-argument: Jane Doe (a hostile name) argues it in her book (a hostile title)
    outline = essay.build_outline(loaded, "prestige", ["army"], "harvest")
    assert [r.historian for r in outline.counter.rivals] == ["doe", "doe"]
    md = essay.to_markdown(outline)
    assert interpreted(md) == []
    assert seen(md).startswith(f"# Essay plan: {hostile('Why did the leader fall?')}\n")
    assert md.count(EVIL) == 0 and seen(md).count(EVIL) >= 5
    data = essay.to_docx(outline)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == f"Essay plan: {hostile('Why did the leader fall?')}"
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert f"Who argues it. {hostile('Jane Doe')}: {hostile('Blames the harvest.')}" in [p.text for p in doc.paragraphs]
    book = footnote_texts(docx_parts(data))["4"]  # the footnote takes the words as they are, with no escapes
    assert book == " " + outline.notes[3].text.text and "# Evil Gamma [click](https://evil.example/a) ![x]" in book


def test_an_outline_on_the_default_case_names_no_reference_or_thesis_id(claims) -> None:
    """What a student copies into an essay, in Markdown and in Word (body and footnotes, read back with
    python-docx and lxml), holds no passage reference (`lost_prestige#3`) and no thesis id (`lost_prestige`)."""
    from test_brief import internal_codes

    others = [t for t in claims.within().theses if t != "lost_authority"]  # the theses of its question
    for factors, counter in ((others[:3], others[3]), (others[4:8], others[8]), (others[8:], others[0])):
        outline = essay.build_outline(claims, "lost_authority", factors, counter)
        assert outline.quotations
        text = essay.to_markdown(outline)
        assert internal_codes(text, claims) == [], factors
        data = essay.to_docx(outline)
        doc = Document(io.BytesIO(data))
        words = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(footnote_texts(docx_parts(data)).values())
        assert internal_codes(words, claims) == [], factors
        for q in outline.quotations:
            assert essay.gloss(q) in words
