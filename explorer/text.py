"""Case text shown as text: the one rule for every string that comes from a case file or a URL.

Streamlit reads Markdown in far more places than `st.markdown`: titles and headers, captions, alerts, expander
and tab labels, metric labels and values, every widget label, radio and segmented-control options, page-link
labels, progress texts, image captions and help tooltips. Its Markdown is GitHub's plus KaTeX (`$x$`),
directives (`:red[...]`, `:small[...]`, `:help[...]`, and any `:name` that would start one), Material icons
(`:material/name:`), emoji shortcodes (`:smile:`), its logo (`:streamlit:`), typographic arrows and dashes
(` -> `, ` -- `, ` >= `) and links made from bare addresses (`https://...`, `www.`, `name@host`). A selectbox's
or multiselect's options, `st.dataframe`, `st.text` and `st.code` show text as it is: case text goes there
unchanged. `st.html` and plotly read HTML: case text goes there through `literal_html`.

`literal(text)` is Markdown that reads as `text` in all of those, and in any CommonMark or GitHub renderer
(the Markdown downloads use it too). Checked against Streamlit's renderer in a real browser
(tests/test_browser.py) and, for every page, in AppTest (tests/test_app.py). The rule:

- whitespace runs become one space, so a string never starts a new block (a heading, a list, a table);
- a backslash before each character that starts an inline construct anywhere in a line: ``\\ ` * _ ~ [ ] <
  $ | ^ #``; before `&` where it would start an entity (`&amp;`), before `:` where it would start a directive
  (`:` followed by a letter or another `:`), and, at the start, before a block marker (`- + = >`) or the dot
  or bracket after a number (`1.`, `1)`). A backslash before ASCII punctuation is Markdown's own escape: the
  reader sees the character, not the backslash;
- a word joiner (U+2060, invisible and zero-width) where Streamlit changes text after the escapes are read, so
  that no backslash can stop it: after `https:` or `http:` before `//`, after `www` before `.` and after the
  `@` of an address (bare links); after a `:` that opens `:name:` (icons, emoji, the logo); and inside a
  spaced ` -- `, ` -> `, ` <- `, ` <-> `, ` >= `, ` <= `, ` ~= `. Only text of those shapes gets one; all other
  text is copied from the page exactly as it was written.
"""

from __future__ import annotations

import csv
import difflib
import html
import io
import re
from collections.abc import Iterable

WORD_JOINER = "\u2060"

_WHITESPACE = re.compile(r"\s+")
_ALWAYS = re.compile(r"([\\`*_~\[\]<$|^#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_DIRECTIVE = re.compile(r":(?=[A-Za-z:])")
_BLOCK_START = re.compile(r"^( ?)(?:([-+=>])|(\d+)(?=[.)]))")
_BARE_LINK = re.compile(r"(?i)(https?:(?=//)|www(?=\.))")
_ADDRESS = re.compile(r"(?<=[-.\w+])@(?=[-\w])")
_SHORTCODE = re.compile(r":(?=[A-Za-z0-9_+\-/]+:)")
_TYPOGRAPHY = re.compile(r"(?:(?<=\s)|^)(<->|->|<-|--|>=|<=|~=)(?=\s|$)")


def literal(text: object) -> str:
    """Markdown that shows `text` as the very text it is, in any Streamlit element that reads Markdown."""
    out = _WHITESPACE.sub(" ", str(text))
    out = _BARE_LINK.sub(lambda m: m.group(1) + WORD_JOINER, out)
    out = _ADDRESS.sub("@" + WORD_JOINER, out)
    out = _SHORTCODE.sub(":" + WORD_JOINER, out)
    out = _TYPOGRAPHY.sub(lambda m: m.group(1)[0] + WORD_JOINER + m.group(1)[1:], out)
    out = _ALWAYS.sub(r"\\\1", out)
    out = _ENTITY.sub(r"\\&", out)
    out = _DIRECTIVE.sub(r"\\:", out)
    return _BLOCK_START.sub(_escape_block_start, out)


def _escape_block_start(match: re.Match) -> str:
    space, marker, number = match.groups()
    return f"{space}\\{marker}" if marker else f"{space}{number}\\"


def literal_html(text: object) -> str:
    """Text for plotly's labels and hover boxes, which read a few HTML tags (`<b>`, `<br>`, `<a href>`) and
    entities: `<`, `>` and `&` become entities, which plotly shows as the characters."""
    return html.escape(str(text), quote=False)



def file_stem(title: str, most: int = 60) -> str:
    """A download's file name from a title people read, never an internal id: 'The quarrel with China' ->
    'the-quarrel-with-china' (letters and digits joined by hyphens, at most `most` characters; 'untitled' when
    nothing is left)."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return words[:most].rstrip("-") or "untitled"


# --- spreadsheets ------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet will not run as a formula: text that starts with = + - @, a tab or a carriage return
    gets a leading apostrophe (OWASP's rule); numbers, a number written as text (`-0.5`) and anything else that
    is not text are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV (`\\n` line ends), every text cell through csv_cell: the one writer of every CSV the project
    makes (the evidence table, a room's results, the class's ballots and weighings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


# --- words shared by every module: one rule each ---------------------------------------------------------------


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st, 111th."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def listed(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 student', '2 students', '1,200 passages'; `many` for a plural that is not the word with an s ('2
    analyses')."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def closest(name: str, known: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The known name most like a misspelt one, when one is close enough (difflib's ratio at least `cutoff`)."""
    found = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str], otherwise: str = "", cutoff: float = 0.75) -> str:
    """The hint for a misspelt name: "did you mean `x`?", or `otherwise` when nothing known is close."""
    close = closest(name, known, cutoff)
    return f"did you mean `{close}`?" if close else otherwise
