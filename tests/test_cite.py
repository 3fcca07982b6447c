"""Citations: CSL-JSON records of the sources, rendered by citeproc-py with the vendored Chicago style."""

import hashlib
import json
from pathlib import Path

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from lxml import etree

from explorer import cite
from explorer.export import to_csljson
from explorer.load import load_case
from explorer.model import Source

ROOT = Path(__file__).resolve().parent.parent
STYLE_SHA256 = "c280eb4277f5bd2d7270aa27a4b9ce55d376f201b0baae3c36d12ad365bf0f92"


@pytest.fixture(scope="module")
def claims():
    case, problems = load_case(ROOT / "claims")
    assert problems == []
    return case


def test_the_style_is_the_official_file_unchanged_with_its_licence() -> None:
    data = cite.STYLE_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == STYLE_SHA256
    ns = {"csl": "http://purl.org/net/xbiblio/csl"}
    info = etree.fromstring(data).find("csl:info", ns)
    assert info.findtext("csl:id", namespaces=ns) == "http://www.zotero.org/styles/chicago-fullnote-bibliography"
    assert info.findtext("csl:title", namespaces=ns) == cite.STYLE_TITLE
    rights = info.find("csl:rights", ns)
    assert rights.get("license") == "http://creativecommons.org/licenses/by-sa/3.0/"


def test_records_of_the_real_sources(claims) -> None:
    items = {item["id"]: item for item in cite.csl_items(claims)}
    assert len(items) == 14  # 5 texts, the reference article's 7 books, 2 editions of documents the gaps rest on
    assert {i: item["type"] for i, item in items.items()} == {
        "fursenko_2003": "book", "khrushchev_1964_documents": "book",
        "retirement_summary": "entry-encyclopedia", "downfall_essay": "manuscript",
        "falls_from_power": "entry-encyclopedia", "leadership_summary": "entry-encyclopedia",
        "dailyhistory": "webpage", "conquest_1967": "book", "khrushchev_remembers": "book",
        "sergei_khrushchev_1990": "book", "medvedev_1984": "book", "richter_1994": "book", "tatu_1969": "book",
        "taubman_2003": "book",
    }
    book = items["khrushchev_remembers"]
    assert {k: v for k, v in book.items() if k != "abstract"} == {
        "id": "khrushchev_remembers", "type": "book", "title": "Khrushchev Remembers",
        "author": [{"family": "Khrushchev", "given": "Nikita"}],
        "editor": [{"family": "Talbott", "given": "Strobe"}],
        "translator": [{"family": "Talbott", "given": "Strobe"}],
        "publisher": "Little, Brown", "publisher-place": "Boston", "issued": {"date-parts": [[1970]]},
        "number-of-volumes": 2,
    }
    assert items["richter_1994"]["author"] == [{"family": "Richter", "given": "James G."}]
    web = items["dailyhistory"]
    assert web["container-title"] == "DailyHistory.org"
    assert web["issued"] == {"date-parts": [[2021, 2, 10]]}  # the revision cited
    # honest about what is missing: no author and no date for the unsigned, undated texts
    for sid in ("retirement_summary", "downfall_essay", "falls_from_power", "leadership_summary", "dailyhistory"):
        assert "author" not in items[sid]
    for sid in ("retirement_summary", "downfall_essay", "falls_from_power", "leadership_summary"):
        assert "issued" not in items[sid]
    # the essay has no title: its description is printed as it is (genre), not as a title in quotation marks
    assert "title" not in items["downfall_essay"]
    assert items["downfall_essay"]["genre"] == "Untitled student essay on the causes of Khrushchev's downfall (excerpt)"


def test_names_without_a_comma_stay_whole() -> None:
    assert cite.csl_name("Doe, Jane") == {"family": "Doe", "given": "Jane"}
    assert cite.csl_name("Voltaire") == {"literal": "Voltaire"}


def test_a_book_in_chicago_notes_and_bibliography(claims) -> None:
    """A full first note, a short note later, and the author alone right after a note to the same work
    (Chicago 17th edition's replacement for "ibid.")."""
    cites = [cite.Cite("taubman_2003"), cite.Cite("dailyhistory"), cite.Cite("taubman_2003"), cite.Cite("taubman_2003")]
    first, _, short, again = cite.render(cite.csl_items(claims), cites).notes
    assert first.text == "William Taubman, Khrushchev: The Man and His Era (New York: Norton, 2003)."
    assert first.markdown == "William Taubman, *Khrushchev: The Man and His Era* (New York: Norton, 2003)."
    assert first.runs[1] == cite.Run("Khrushchev: The Man and His Era", italic=True)
    assert short.text == "Taubman, Khrushchev: The Man and His Era."
    assert again.text == "Taubman."
    rendered = cite.render(cite.csl_items(claims), [cite.Cite("taubman_2003")])
    assert [b.markdown for b in rendered.bibliography] == [
        "Taubman, William. *Khrushchev: The Man and His Era*. New York: Norton, 2003."]


def test_a_web_page_first_and_short_notes_by_paragraph(claims) -> None:
    """The locator is a paragraph of the source as published, under its heading: never a line of our copy."""
    rendered = cite.render(cite.csl_items(claims), [cite.Cite("dailyhistory", "2 under \u201cKhruschev Rejection of "
                                                                              "Stalin\u201d"),
                                                    cite.Cite("dailyhistory", "3")])
    assert [n.text for n in rendered.notes] == [
        ("\u201cWhy Was Nikita Khrushchev Deposed as the Leader of the USSR,\u201d DailyHistory.org, February 10, "
         "2021, para. 2 under \u201cKhruschev Rejection of Stalin.\u201d"),
        "\u201cWhy Was Nikita Khrushchev Deposed as the Leader of the USSR,\u201d para. 3.",
    ]
    assert [b.text for b in rendered.bibliography] == [
        ("DailyHistory.org. \u201cWhy Was Nikita Khrushchev Deposed as the Leader of the USSR.\u201d "
         "DailyHistory.org, February 10, 2021.")]


def test_a_web_page_with_its_url_and_access_date() -> None:
    """Notes with commas, the bibliography with full stops; the access date only where the page has no date of
    its own (Chicago 17th edition); a heading ending in a question mark takes no full stop after it."""
    page = Source(id="wiki_x", kind="wiki_article", title="A page", container="Some Wiki", revised="2020-11-20",
                  url="https://example.org/wiki/A_page", accessed="2026-11-22", description="A page.")
    undated = Source(id="sum_y", kind="encyclopedia_summary", title="A summary", container="Some Site",
                     url="https://example.org/y", accessed="2026-11-22", description="A summary.")
    rendered = cite.render([cite.csl_item(page), cite.csl_item(undated)],
                           [cite.Cite("wiki_x", "3"), cite.Cite("sum_y", "1 under \u201cWhat Happened?\u201d")])
    assert [n.text for n in rendered.notes] == [
        "\u201cA Page,\u201d Some Wiki, November 20, 2020, para. 3, https://example.org/wiki/A_page.",
        ("\u201cA Summary,\u201d in Some Site, para. 1 under \u201cWhat Happened?,\u201d accessed November 22, 2026, "
         "https://example.org/y."),
    ]
    assert [b.text for b in rendered.bibliography] == [
        "Some Wiki. \u201cA Page.\u201d Some Wiki, November 20, 2020. https://example.org/wiki/A_page.",
        "\u201cA Summary.\u201d In Some Site. Accessed November 22, 2026. https://example.org/y.",
    ]
    assert cite.csl_item(page)["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert rendered.notes[0].text.endswith(".") and rendered.bibliography[0].text.endswith(".")


def test_the_bibliography_adds_further_reading_and_sorts(claims) -> None:
    rendered = cite.bibliography(claims, ["dailyhistory"])
    assert rendered.sources == ("conquest_1967", "khrushchev_remembers", "sergei_khrushchev_1990", "medvedev_1984",
                                "richter_1994", "tatu_1969", "taubman_2003", "dailyhistory",
                                "khrushchev_1964_documents", "fursenko_2003")  # no author: sorted by title
    assert rendered.bibliography[1].text == ("Khrushchev, Nikita. Khrushchev Remembers. Edited and translated by "
                                             "Strobe Talbott. Boston: Little, Brown, 1970.")
    # further reading in the bibliography's own order, the works without an author last, by title
    assert cite.further_reading(claims) == [s for s in rendered.sources if s != "dailyhistory"]


def test_further_reading_is_listed_apart_from_what_the_notes_cite(claims) -> None:
    rendered = cite.render(cite.csl_items(claims), [cite.Cite("taubman_2003"), cite.Cite("dailyhistory", 12)],
                           further=cite.further_reading(claims))
    assert rendered.sources == ("taubman_2003", "dailyhistory")
    assert rendered.further_sources == ("conquest_1967", "khrushchev_remembers", "sergei_khrushchev_1990",
                                        "medvedev_1984", "richter_1994", "tatu_1969", "khrushchev_1964_documents",
                                        "fursenko_2003")  # Taubman is cited
    assert rendered.further[0].text == ("Conquest, Robert. Power and Policy in the USSR: The Struggle for Stalin’s "
                                        "Succession, 1945–1960. New York: Harper & Row, 1967.")
    assert rendered.bibliography[0].text.startswith("Taubman, William. Khrushchev")
    alone = cite.render(cite.csl_items(claims), [cite.Cite("dailyhistory")], further=["dailyhistory"])
    assert (alone.further, alone.further_sources) == ((), ())
    with pytest.raises(KeyError, match="no CSL record for source `nope`"):
        cite.render(cite.csl_items(claims), [], further=["nope"])


def test_undated_unsigned_texts_say_so(claims) -> None:
    """No invented title for the untitled essay (its description, as it is), "n.d." where no date is known, and
    bibliography entries that end their parts with full stops, not the note's comma."""
    rendered = cite.render(cite.csl_items(claims), [cite.Cite("falls_from_power", "11 under \u201cSummary of Event\u201d"),
                                                    cite.Cite("downfall_essay", "3")])
    assert [n.text for n in rendered.notes] == [
        "\u201cKhrushchev Falls from Power,\u201d n.d., para. 11 under \u201cSummary of Event.\u201d",
        "Untitled student essay on the causes of Khrushchev's downfall (excerpt) (n.d.), para. 3.",
    ]
    assert [b.text for b in rendered.bibliography] == [
        "Untitled student essay on the causes of Khrushchev's downfall (excerpt). N.d.",
        "\u201cKhrushchev Falls from Power.\u201d N.d.",
    ]


def test_an_unknown_source_is_refused(claims) -> None:
    with pytest.raises(KeyError, match="no CSL record for source `nope`"):
        cite.render(cite.csl_items(claims), [cite.Cite("nope")])


def test_the_csljson_export_is_read_by_citeproc_on_its_own(claims) -> None:
    """citeproc-py, with its own plain formatter, reads the exported file and cites every record."""
    items = json.loads(to_csljson(claims))
    style = CitationStylesStyle(str(cite.STYLE_PATH), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    missing = []
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bibliography.register(citation, missing.append)
    notes = [str(bibliography.cite(citation, missing.append)) for citation in citations]
    assert missing == []
    assert len(notes) == 14 and all(notes)
    assert "Robert Conquest, Power and Policy in the USSR" in notes[5]
    assert len(list(bibliography.bibliography())) == 14


def test_punctuation_moves_inside_closing_quotes() -> None:
    assert cite._tidy("\u201cTitle\u201d, n.d..") == "\u201cTitle,\u201d n.d."
    assert cite._tidy("\u201c\ue000Title\ue001\u201d.") == "\u201c\ue000Title\ue001.\u201d"
    assert cite._tidy("under \u201cWhat Happened?\u201d.") == "under \u201cWhat Happened?\u201d"
    assert cite._tidy("under \u201cWhat Happened?\u201d, https://x") == "under \u201cWhat Happened?,\u201d https://x"


def test_a_bibliography_entry_with_neither_publisher_nor_site_ends_in_full_stops() -> None:
    assert cite._entry_ends("\u201cTitle,\u201d n.d.", {}) == "\u201cTitle.\u201d N.d."
    assert cite._entry_ends("Place: Pub, n.d.", {"publisher": "Pub"}) == "Place: Pub, n.d."


def test_markdown_shows_the_runs_as_text_and_italics_as_italics() -> None:
    runs = (cite.Run("a*b_c [d] <e> #f :red[g] "), cite.Run("The $x$ Title", italic=True), cite.Run(". https://x.org"))
    assert cite.Formatted(runs).markdown == (
        r"a\*b\_c \[d\] \<e> \#f \:red\[g\] *The \$x\$ Title*. https:" + "\u2060" + "//x.org")


# --- the language of a source decides whether the style title-cases its title ---------------------------------


def book(language: str | None, title: str = "Griff nach der Weltmacht") -> dict:
    source = Source(id="fischer_1961", kind="scholarly_monograph", title=title, authors=["Fischer, Fritz"],
                    publisher="Droste", place="Düsseldorf", issued="1961", language=language,
                    description="A book.")
    return cite.csl_item(source)


def test_a_german_title_keeps_its_case() -> None:
    """citeproc-py title-cases only when the item's language starts with `en` (or, without one, the style's
    default-locale does: Chicago sets none, so `en`)."""
    rendered = cite.render([book("de")], [cite.Cite("fischer_1961"), cite.Cite("fischer_1961", "12")])
    assert [n.text for n in rendered.notes] == ["Fritz Fischer, Griff nach der Weltmacht (Düsseldorf: Droste, 1961).",
                                                "Fischer, para. 12."]
    assert rendered.notes[0].runs[1] == cite.Run("Griff nach der Weltmacht", italic=True)
    assert [b.markdown for b in rendered.bibliography] == [("Fischer, Fritz. *Griff nach der Weltmacht*. Düsseldorf: "
                                                           "Droste, 1961.")]
    assert cite.render([book("de-AT")], [cite.Cite("fischer_1961")]).notes[0].runs[1].text == (
        "Griff nach der Weltmacht")


@pytest.mark.parametrize("language", [None, "en", "en-GB", "en-US"])
def test_an_english_title_is_still_title_cased(language) -> None:
    """Without a language, a title is taken to be English, as before the field existed."""
    rendered = cite.render([book(language, "the origins of the war in the east")], [cite.Cite("fischer_1961")])
    assert rendered.notes[0].runs[1].text == "The Origins of the War in the East"
    german_without_language = cite.render([book(language)], [cite.Cite("fischer_1961")])
    assert german_without_language.notes[0].runs[1].text == "Griff Nach Der Weltmacht"


def test_the_language_goes_into_the_csl_record() -> None:
    assert book("de")["language"] == "de"
    assert "language" not in book(None)


@pytest.mark.parametrize("tag", ["de", "en", "en-GB", "fr-CA", "sr-Latn", "gsw", "zh-Hant-TW"])
def test_language_tags_in_bcp_47_form(tag) -> None:
    assert Source(id="x", kind="memoir", title="X", description="X.", language=tag).language == tag


@pytest.mark.parametrize("tag", ["German", "EN", "De", "d", "en_GB", "en-", ""])
def test_a_language_that_is_not_a_tag_is_one_clear_problem(small_case, tag) -> None:
    body = (small_case / "sources.yaml").read_text(encoding="utf-8")
    body = body.replace("    title: Gamma\n", f"    title: Gamma\n    language: '{tag}'\n")
    (small_case / "sources.yaml").write_text(body, encoding="utf-8")
    case, problems = load_case(small_case)
    assert [str(p) for p in problems] == [
        (f"sources.yaml:17: sources[2].language: `{tag}` is not a language tag; write a BCP 47 language tag, the "
        "language in lower case: de, en, en-GB, fr-CA")]
    assert "gamma_book" not in case.sources
