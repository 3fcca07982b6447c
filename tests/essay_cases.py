"""What the essay plan's tests share (tests/test_essay_*.py, one a module of explorer/essay/): the small case
with a third thesis, its outlines, the real case, and reading a Word file's parts back."""

import io
import os
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ARMY, FILES, write_case
from lxml import etree

from explorer import essay
from explorer.load import load_case
from explorer.weighting import Weighting

ROOT = Path(__file__).resolve().parent.parent


def office_or_skip() -> str:
    """LibreOffice's soffice (apt-get install libreoffice-writer-nogui): skipped on a developer's machine without
    it, required under CI=true."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required under CI=true (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return found


# A historian who argues `prestige`, for the small case with a third thesis (conftest.ARMY).
ROE = """\
  - id: roe
    name: Richard Roe
    views:
      - summary: Blames Cuba.
        source: beta
        quote: Abroad, the retreat over Cuba was a humiliation.
        thesis: prestige
"""


@pytest.fixture
def case(tmp_path: Path):
    folder = write_case(tmp_path / "case", {"theses/army.yaml": ARMY,
                                            "historians.yaml": textwrap.dedent(FILES["historians.yaml"]) + ROE})
    loaded, problems = load_case(folder)
    assert problems == []
    return loaded


@pytest.fixture
def outline(case):
    """The harvest, with the army's anger as its factor, answering the lost prestige that Richard Roe argues."""
    return essay.build_outline(case, "harvest", ["army"], "prestige")


@pytest.fixture
def ordered(case):
    """Two factors in the order the weighting does not suggest, and no counter-argument (background given a
    point, so that the weights are the student's)."""
    return essay.build_outline(case, "harvest", ["prestige", "army"],
                               weighting=Weighting.of(case, points={"context": 1}))


@pytest.fixture(scope="module")
def claims():
    loaded, problems = load_case(ROOT / "claims")
    assert problems == []
    return loaded


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def docx_parts(data: bytes) -> dict[str, etree._Element]:
    """The XML parts of a .docx file, read with zipfile and lxml (not python-docx)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith((".xml", ".rels"))}


def footnote_texts(parts: dict[str, etree._Element]) -> dict[str, str]:
    """The numbered footnotes of word/footnotes.xml (not the separators), id -> text."""
    return {n.get(f"{W}id"): "".join(n.itertext()) for n in parts["word/footnotes.xml"].iter(f"{W}footnote")
            if n.get(f"{W}type") is None}
