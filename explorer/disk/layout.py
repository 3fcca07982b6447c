"""The case folder's layout: the one table of its files' names, and how big each may be.

Every module that names a file of a case (the loader, the command line, the workshop and its pages, the
synthetic cases, the library) takes the name from here; a message that names a file builds it from here too.

    case.yaml             the question, period, summary          CASE
    sources.yaml          the sources' records                   SOURCES
    historians.yaml       the historians and their views         HISTORIANS  (optional)
    timeline.yaml         dated events                           TIMELINE    (optional)
    contested.yaml        facts on which the sources disagree    CONTESTED   (optional)
    theses/<id>.yaml      one claim file per thesis              THESES, thesis(id)
    texts/<id>.txt        the full text of a source              TEXTS, text(id)
    schema/<name>.schema.json   the files' JSON Schemas          SCHEMAS, schema(name)
    README.md             the case's own notes for its authors   README
"""

from __future__ import annotations

CASE = "case.yaml"
SOURCES = "sources.yaml"
HISTORIANS = "historians.yaml"
TIMELINE = "timeline.yaml"
CONTESTED = "contested.yaml"
THESES = "theses"  # a folder
TEXTS = "texts"  # a folder
SCHEMAS = "schema"  # a folder
README = "README.md"

OPTIONAL = (HISTORIANS, TIMELINE, CONTESTED)  # the files a case may leave out (it needs CASE, SOURCES, THESES)
YAML = (".yaml", ".yml")  # what a claim file's name may end in
TEXT = ".txt"  # what a source's text's name ends in

MAX_BYTES = 5_000_000  # a case file; sizes are said in MB of a million bytes, as file managers say them
TEXT_LIMIT = 20_000_000  # a source's text (texts/<source>.txt)


def thesis(thesis_id: str) -> str:
    """The claim file of a thesis, relative to the case folder: theses/<id>.yaml."""
    return f"{THESES}/{thesis_id}.yaml"


def text(source_id: str) -> str:
    """The text of a source, relative to the case folder: texts/<id>.txt."""
    return f"{TEXTS}/{source_id}{TEXT}"


def schema(name: str) -> str:
    """The JSON Schema of a kind of file (`thesis`, `sources`, ...), relative to the case folder."""
    return f"{SCHEMAS}/{name}.schema.json"


def limit_for(rel: str) -> int:
    """The most bytes a file of the case may hold, the same for the loader that reads it and for every writer."""
    return TEXT_LIMIT if rel.startswith(f"{TEXTS}/") else MAX_BYTES


def is_skipped(name: str) -> bool:
    """A hidden file or one an editor or another system leaves beside the real file (`.#name.yaml`,
    `._name.yaml`, `name.yaml~`, `#name.yaml#`): never read, so that it cannot win over the real file."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))
