"""A hostile case: the small case (conftest.py) with Markdown, HTML, KaTeX and Streamlit's own directives, icons,
emoji, arrows and bare links in every free-text field, and the checks that none of it is read as anything but
text. Used by the AppTest walk of every page (test_app.py), the real browser (test_browser.py) and the Markdown
downloads (test_brief.py, test_essay_markdown.py)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml
from conftest import FILES, write_case

# Markdown, HTML, KaTeX and Streamlit's own directives, icons, emoji, arrows and bare links: none of it may be
# read as anything but text, wherever the case's words are shown.
EVIL = ("[click](https://evil.example/a) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)> "
        '<a href="https://evil.example/l">l</a> $x^2$ :red[red] :blue-badge[badge] :material/warning: :smile: '
        ":streamlit: **bold** _it_ ~~gone~~ `code` a\\b -- https://evil.example/bare www.evil.example "
        "me@evil.example &amp;")
HOSTILE_LINE = "They wrote [click](https://evil.example/q) $x^2$ :red[red] **bold** <img src=x onerror=alert(1)> in 1964."


def hostile(words: str) -> str:
    """Case text that starts a Markdown heading and carries every construct of EVIL."""
    return f"# Evil {words} {EVIL}"


def write_hostile_case(folder: Path) -> Path:
    """The small case with EVIL in every free-text field: titles, the question, summaries, notes, names,
    descriptions, event titles, readings, and one passage quoted from a source whose text holds it."""
    data = {name: yaml.safe_load(textwrap.dedent(body)) for name, body in FILES.items()}
    info = data["case.yaml"]
    for field in ("title", "question", "summary"):
        info[field] = hostile(info[field])
    for source in data["sources.yaml"]["sources"]:
        source["title"] = hostile(source["title"])
        source["description"] = hostile(source["description"])
        for defect in source.get("defects", []):
            defect["note"] = hostile(defect["note"])
    book = data["sources.yaml"]["sources"][2]
    book.update(container=hostile("container"), publisher=hostile("publisher"), place=hostile("place"),
                url="https://evil.example/[x](y)")
    for historian in data["historians.yaml"]["historians"]:
        historian["name"] = hostile(historian["name"])
        historian["about"] = hostile("about")
        for view in historian["views"]:
            view["summary"] = hostile(view["summary"])
    for event in data["timeline.yaml"]["events"]:
        event["title"] = hostile(event["title"])
    for fact in data["contested.yaml"]["contested"]:
        fact["question"] = hostile(fact["question"])
        fact["scholarship"] = hostile("scholarship")
        for reading in fact["readings"]:
            reading["says"] = hostile(reading["says"])
    for name in ("theses/harvest.yaml", "theses/prestige.yaml"):
        thesis = data[name]
        for field in ("title", "statement", "summary"):
            thesis[field] = hostile(thesis[field])
        for evidence in thesis["evidence"]:
            evidence["note"] = hostile(evidence["note"])
        for link in thesis.get("links", []):
            link["note"] = hostile("link")
    data["theses/harvest.yaml"]["evidence"].append(
        {"source": "alpha", "quote": HOSTILE_LINE, "stance": "supports", "strength": 3, "note": hostile("quoted")})
    write_case(folder, {name: yaml.safe_dump(body, allow_unicode=True, sort_keys=False) for name, body in data.items()})
    with open(folder / "texts" / "alpha.txt", "a", encoding="utf-8") as text:
        text.write(HOSTILE_LINE + "\n")
    return folder


# What EVIL would become if any of it were read as Markdown or HTML: once the characters escaped with a backslash
# are set aside, none of these may be left in a string that Streamlit (or any Markdown reader) renders.
CONSTRUCTS = ["# evil", "[click]", "](https", "![x]", "<img", "<a href", "$x^2$", ":red[", ":blue-badge[",
              ":material/warning:", ":smile:", ":streamlit:", "**bold**", "_it_", "~~gone~~", "`code`", " -- ",
              "https://evil", "www.evil", "@evil", "&amp;", "[free"]
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


def interpreted(markdown: str) -> list[str]:
    """The constructs of EVIL that Markdown would read in this string (none, when it is shown as text)."""
    bare = ESCAPED.sub("\0", markdown).lower()
    return [c for c in CONSTRUCTS if c in bare]


def seen(markdown: str) -> str:
    """What a reader sees of `text.literal`'s Markdown: escapes without their backslash, no word joiners."""
    return ESCAPED.sub(lambda m: m.group()[1], markdown).replace("\u2060", "")


# --- what the workshop and the command line may be given, and what they may find on disk (issue 27) ------------

# Text typed or pasted into a form that YAML cannot hold as it is: Word's smart quotes pasted as C1 controls
# (U+0093, U+0094), DEL, NUL, an escape sequence, a bell, a byte order mark in the middle, a C1 control alone.
UNPRINTABLE = ["Word\x93s smart quotes\x94 pasted", "a DEL \x7f here", "a NUL \x00 byte", "an escape \x1b[31m red",
               "a bell \x07 rings", "a mark \ufeff inside", "a C1 \x81 control"]
# Words and numbers that ruamel.yaml (YAML 1.2) writes plain and the loader (PyYAML, YAML 1.1) would read as
# something other than the text: booleans, null, base-60 numbers, numbers with underscores.
YAML11_WORDS = ["No", "On", "yes", "OFF", "~", "Null", "12:30", "1_000", "0b101", "+.inf", "2024-01-01"]


def deep_claim(depth: int = 5_000) -> str:
    """A claim file nested `depth` deep (a recursion bomb for a parser without a bound)."""
    return "id: deep\ntitle: Deep\nevidence: " + "[" * depth + "]" * depth + "\n"


# A YAML alias bomb of about 600 bytes: nine levels of ten aliases, 10^9 strings when expanded.
ALIAS_BOMB = ("id: bomb\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
              + "".join(f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                        for p, n in zip("abcdefgh", "bcdefghi", strict=True))
              + "evidence: *i\n")


# --- files a teacher may upload (issue 27): Word files that are bombs, pages in other charsets -------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS_XML = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
).encode()


def deep_xml(depth: int = 100_000) -> bytes:
    """A document.xml nested `depth` deep (no DTD): lxml's own depth limit is what stops it."""
    return (f'<?xml version="1.0"?>\n<w:document xmlns:w="{W}"><w:body>' + "<w:p>" * depth + "</w:p>" * depth
            + "</w:body></w:document>").encode()


def docx_with(document_xml: bytes | None = None, extra: tuple[str, bytes] | None = None) -> bytes:
    """A real .docx (python-docx's), with its word/document.xml replaced and a part added."""
    import io
    import zipfile

    import docx

    base = io.BytesIO()
    made = docx.Document()
    made.add_paragraph("A paragraph.")
    made.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            body = old.read(item)
            if item.filename == "word/document.xml" and document_xml is not None:
                body = document_xml
            new.writestr(item.filename, body)
        if extra is not None:
            new.writestr(extra[0], extra[1])
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 200) -> bytes:
    """A .docx of well under a megabyte whose document.xml unzips to `megabytes` MB."""
    inner = (f'<?xml version="1.0"?>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
             + b" " * (megabytes * 1_000_000) + b"</w:t></w:r></w:p></w:body></w:document>")
    return docx_with(inner)


CP1252_PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>'
               "<p>\u201cThe Caf\u00e9\u201d \u2013 Khrushchev\u2019s fall.</p></body></html>").encode("cp1252")
UTF16_PAGE = ('<html><head><meta charset="utf-16"></head><body><p>\u201cThe Caf\u00e9\u201d \u2013 Khrushchev\u2019s '
              "fall.</p></body></html>").encode("utf-16")  # with its byte order mark, as editors save it
LATIN2_PAGE = ('<html><head><meta charset="iso-8859-2"></head><body><p>\u0141\u00f3d\u017a and Pozna\u0144.</p>'
               "</body></html>").encode("iso-8859-2")
