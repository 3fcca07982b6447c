"""The case folder on disk: the one rule that keeps reads and writes inside it, bounded reads, and the workshop's
writes (atomic, refused when the file changed since the page read it, and undone exactly)."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from conftest import write_case
from hostile import UNPRINTABLE, YAML11_WORDS, deep_claim

from explorer import disk, workshop
from explorer.disk import WriteRefused, layout
from explorer.load import load_case


def test_a_save_and_its_undo_restore_the_files_exactly(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("# kept\nsources: []\n")
    seen = disk.digest(disk.current(tmp_path, "sources.yaml"))
    change = disk.save(tmp_path, "add the source `a`", {"sources.yaml": (seen, "sources:\n  - id: a\n"),
                                                         "texts/a.txt": (None, "Text.\n")})
    assert (tmp_path / "texts" / "a.txt").read_text() == "Text.\n"
    assert [w.rel for w in change.writes] == ["sources.yaml", "texts/a.txt"]
    back = disk.undo(tmp_path, change)
    assert (tmp_path / "sources.yaml").read_text() == "# kept\nsources: []\n"
    assert not (tmp_path / "texts" / "a.txt").exists()
    assert back.what == "undo add the source `a`"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["sources.yaml", "texts"]  # no temporary file left


def test_a_stale_write_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("id: a\n")
    seen = disk.digest(disk.current(tmp_path, "t.yaml"))
    (tmp_path / "t.yaml").write_text("id: b\n")  # someone else saved it
    with pytest.raises(WriteRefused) as err:
        disk.save(tmp_path, "edit", {"other.yaml": (None, "x: 1\n"), "t.yaml": (seen, "id: c\n")})
    assert str(err.value) == (
        "t.yaml changed on disk after this page read it (someone else, or another program, saved it), so nothing "
        "was written. What you typed is still in the form.")
    assert (tmp_path / "t.yaml").read_text() == "id: b\n" and not (tmp_path / "other.yaml").exists()


def test_an_undo_after_a_later_change_is_refused(tmp_path: Path) -> None:
    change = disk.save(tmp_path, "add a thesis", {"t.yaml": (None, "id: a\n")})
    (tmp_path / "t.yaml").write_text("id: a\ntitle: later\n")
    with pytest.raises(WriteRefused) as err:
        disk.undo(tmp_path, change)
    assert str(err.value) == ("t.yaml has changed since “add a thesis”, so that change was not undone (undoing it "
                              "would lose the later change); edit the file instead")


@pytest.mark.parametrize("rel", ["../x.yaml", "/etc/passwd", "theses/../../x", ".git/config", ""])
def test_names_that_leave_the_case_folder_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(WriteRefused):
        disk.save(tmp_path, "edit", {rel: (None, "x")})


def test_a_link_out_of_the_folder_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("safe\n")
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "t.yaml").symlink_to(outside)
    with pytest.raises(WriteRefused) as err:
        disk.save(tmp_path / "case", "edit", {"t.yaml": (disk.digest("safe\n"), "x")})
    assert str(err.value) == "t.yaml leads out of the case folder (a link?), so the workshop will not write it"
    assert outside.read_text() == "safe\n"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_new_case_is_not_started_through_a_link_in_the_workshop_folder(tmp_path: Path, dangling: bool) -> None:
    cases, outside = tmp_path / "cases", tmp_path / "outside"
    cases.mkdir()
    if not dangling:
        outside.mkdir()
    (cases / "ww1").symlink_to(outside)
    with pytest.raises(WriteRefused) as err:
        disk.new_case_folder(cases, "ww1")
    assert str(err.value) == (f"ww1 in {cases} is a link (to {outside}), so the workshop will not start a case "
                              "there; give another name")
    with pytest.raises(WriteRefused) as err:  # the same check when the files are written
        disk.save(cases / "ww1", "start", {"case.yaml": (None, "x: 1\n")}, within=cases, folders=("theses",))
    assert str(err.value).startswith("ww1 in ")
    assert not outside.exists() or list(outside.iterdir()) == []


def test_a_new_case_in_a_workshop_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cases").write_text("")
    with pytest.raises(WriteRefused) as err:
        disk.new_case_folder(tmp_path / "cases", "ww1")
    assert str(err.value) == (f"the workshop folder {tmp_path / 'cases'} is a file, not a folder, so no case can be "
                              "started in it; give the server another --workshop-root")


def test_a_new_case_makes_its_empty_folders_when_it_is_written(tmp_path: Path) -> None:
    disk.save(tmp_path / "cases" / "ww1", "start", {"case.yaml": (None, "x: 1\n")}, within=tmp_path / "cases",
              folders=("theses", "texts"))
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "cases", "cases/ww1", "cases/ww1/case.yaml", "cases/ww1/texts", "cases/ww1/theses"]


def test_a_save_of_two_files_is_all_or_nothing(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sources.yaml").write_text("sources: []\n")
    real = os.replace

    def failing(src, dst):
        if str(dst).endswith(".txt"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(WriteRefused) as err:
        disk.save(tmp_path, "add", {"sources.yaml": (disk.digest("sources: []\n"), "sources:\n  - id: a\n"),
                                    "texts/a.txt": (None, "Text.\n")})
    assert str(err.value) == ("texts/a.txt could not be written: no space left on device; nothing was changed, and "
                              "nothing you typed is lost: the form is still filled")
    assert (tmp_path / "sources.yaml").read_text() == "sources: []\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["sources.yaml", "texts"]  # no temporary file left


def test_line_ends_and_byte_order_mark_are_kept_and_undone_exactly(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf# kept\r\nsources: []\r\n"
    (tmp_path / "sources.yaml").write_bytes(raw)
    text = disk.current(tmp_path, "sources.yaml")
    assert text == "# kept\nsources: []\n"
    change = disk.save(tmp_path, "add", {"sources.yaml": (disk.digest(text), "# kept\nsources:\n  - id: a\n")})
    assert (tmp_path / "sources.yaml").read_bytes() == b"\xef\xbb\xbf# kept\r\nsources:\r\n  - id: a\r\n"
    disk.undo(tmp_path, change)
    assert (tmp_path / "sources.yaml").read_bytes() == raw


# --- the one writer's promise: what is written is what the loader reads back (issue 27) ---------------------


def _folded(case: Path) -> str:
    """The harvest claim file with its statement and its first note as `>-` folded blocks."""
    rel = "theses/harvest.yaml"
    text = (case / rel).read_text(encoding="utf-8")
    text = text.replace("statement: The leader fell because the harvest failed.\n",
                        "statement: >-\n  The leader fell\n  because the harvest failed.\n")
    text = text.replace("    note: The failure itself.\n", "    note: >-\n      The failure\n      itself.\n")
    (case / rel).write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize("typed", UNPRINTABLE + YAML11_WORDS)
def test_what_the_workshop_saves_the_loader_reads_back_as_typed(tmp_path: Path, typed: str) -> None:
    case = write_case(tmp_path / "case")
    rel = "theses/harvest.yaml"
    text = _folded(case)
    new = workshop.update_thesis(text, rel, {"statement": typed, "title": typed})
    disk.save(case, "edit", {rel: (disk.digest(text), new)})
    text = disk.current(case, rel)
    new = workshop.update_passage(text, rel, 0, workshop.passage("alpha", "The harvest of 1963 failed.", "supports",
                                                                 2, typed))
    disk.save(case, "edit", {rel: (disk.digest(text), new)})
    loaded, problems = load_case(case)
    assert [p for p in problems if p.file == rel] == []
    thesis = loaded.theses["harvest"]
    assert (thesis.title, thesis.statement, thesis.evidence[0].note) == (typed, typed, typed)


@pytest.mark.parametrize(("written", "said"), [
    ("id: harvest\ntitle: No\n", ("theses/harvest.yaml:1: title: would be read back as something else than was "
                                 "written")),
    ("id: harvest\ntitle: 12:30\n", ("theses/harvest.yaml:1: title: would be read back as something else than was "
                                    "written")),
    ("id: harvest\ntitle: a \x93b\x94\n", ("theses/harvest.yaml:2: (file): the character U+0093 is not allowed in "
                                          "YAML, so the file was not read")),
    (deep_claim(), "theses/harvest.yaml:3: (yaml): lists and mappings are nested more than 50 deep here"),
])
def test_a_text_the_loader_would_read_otherwise_is_not_written(tmp_path: Path, written: str, said: str) -> None:
    case = write_case(tmp_path / "case")
    rel = "theses/harvest.yaml"
    before = (case / rel).read_bytes()
    with pytest.raises(WriteRefused) as refused:
        disk.save(case, "edit", {rel: (disk.digest(disk.current(case, rel)), written)})
    assert str(refused.value).startswith(f"{rel} was not written: the explorer could not read it back as written "
                                         f"({said}")
    assert (case / rel).read_bytes() == before


def test_a_text_bigger_than_the_loader_reads_is_not_written(tmp_path: Path) -> None:
    case = write_case(tmp_path / "case")
    with pytest.raises(WriteRefused) as refused:
        disk.save(case, "add", {"texts/big.txt": (None, "x" * (disk.TEXT_LIMIT + 1))})
    assert str(refused.value) == ("texts/big.txt would be 20.0 MB, more than the 20 MB the explorer reads, so nothing "
                                  "was written; check that the right file is here, or split it")
    assert not (case / "texts" / "big.txt").exists()
    disk.save(case, "add", {"texts/big.txt": (None, "x" * disk.TEXT_LIMIT)})  # the limit itself is read
    with pytest.raises(WriteRefused, match=r"^theses/big\.yaml would be 5\.0 MB, more than the 5 MB"):
        disk.save(case, "add", {"theses/big.yaml": (None, "#" * (disk.MAX_BYTES + 1))})


def test_the_workshop_reads_a_case_file_as_the_loader_does(tmp_path: Path) -> None:
    """A pipe under a claim file's name is refused at once (never waited on), and so is a file bigger than the
    loader reads."""
    case = write_case(tmp_path / "case")
    os.mkfifo(case / "theses" / "pipe.yaml")
    with pytest.raises(WriteRefused) as refused:
        disk.current(case, "theses/pipe.yaml")
    assert str(refused.value) == ("theses/pipe.yaml is not a file (a folder, a device or a pipe), so it was not read, "
                                  "so the workshop will not change it; put a plain text file under this name, or "
                                  "remove it")
    (case / "theses" / "huge.yaml").write_bytes(b"#" * (disk.MAX_BYTES + 1))
    with pytest.raises(WriteRefused, match=r"^theses/huge\.yaml file is 5\.0 MB, more than the 5 MB"):
        disk.current(case, "theses/huge.yaml")


# --- the one rule: nothing outside the case folder is read or written, whoever asks ------------------------

LEAVING = ["../x.yaml", "/etc/passwd", "theses/../../x.yaml", ".git/config", "texts/.hidden.txt", ""]


@pytest.mark.parametrize("rel", LEAVING)
def test_a_name_that_is_not_plain_is_refused_by_the_readers_and_the_writers_alike(tmp_path: Path, rel: str) -> None:
    case = tmp_path / "case"
    (case / "theses").mkdir(parents=True)
    (tmp_path / "x.yaml").write_text("outside\n")
    (case / ".git").mkdir()
    (case / ".git" / "config").write_text("secret\n")
    assert not disk.bounds.is_plain(rel)
    assert disk.read_text(case, rel).text is None
    assert disk.read_text(case, rel).problems[0].message == (
        "is not a name of a file in the case folder, so it was not read")
    assert disk.read_bytes(case, rel)[0] is None
    assert disk.exists(case, rel) is False
    with pytest.raises(WriteRefused, match="is not a name of a file in the case folder"):
        disk.current(case, rel)
    with pytest.raises(WriteRefused, match="is not a name of a file in the case folder"):
        disk.save(case, "edit", {rel: (None, "x: 1\n")})
    assert (tmp_path / "x.yaml").read_text() == "outside\n" and (case / ".git" / "config").read_text() == "secret\n"


@pytest.mark.parametrize("rel", ["sources.yaml", "theses/a.yaml", "texts/a_b.txt", "schema/thesis.schema.json"])
def test_a_plain_name_inside_the_folder_is_allowed(rel: str) -> None:
    assert disk.bounds.is_plain(rel)


def test_a_link_out_of_the_folder_is_neither_read_nor_shown(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("the password\n")
    case = write_case(tmp_path / "case")
    (case / "texts" / "leak.txt").symlink_to(outside)
    (case / "theses").joinpath("up").symlink_to(tmp_path)  # a folder link: theses/up/secret.txt leads out
    for rel in ("texts/leak.txt", "theses/up/secret.txt"):
        read = disk.read_text(case, rel)
        assert read.text is None
        assert [str(p) for p in read.problems] == [(f"{rel}:0: (file): is a link to a file outside the case folder, "
                                                    "so it was not read; copy the file into the case folder instead "
                                                    "of linking to it")]
        assert disk.read_bytes(case, rel)[0] is None
        with pytest.raises(WriteRefused) as refused:
            disk.current(case, rel)
        assert "the password" not in str(refused.value)
        with pytest.raises(WriteRefused):
            disk.save(case, "edit", {rel: (disk.digest("the password\n"), "changed\n")})
    assert outside.read_text() == "the password\n"


def test_an_undo_never_waits_on_a_pipe_put_where_a_file_was(tmp_path: Path) -> None:
    """What an undo reads of the files it puts back is read within bounds too: a pipe is refused at once."""
    change = disk.save(tmp_path, "add", {"t.yaml": (None, "id: a\n")})
    (tmp_path / "t.yaml").unlink()
    os.mkfifo(tmp_path / "t.yaml")
    with pytest.raises(WriteRefused, match=r"^t\.yaml is not a file \(a folder, a device or a pipe\)"):
        disk.undo(tmp_path, change)


def test_a_case_in_a_library_and_a_new_case_lie_straight_inside_their_folder(tmp_path: Path) -> None:
    (tmp_path / "cases" / "a" / "b").mkdir(parents=True)
    (tmp_path / "cases" / "link").symlink_to(tmp_path)
    assert disk.bounds.straight_in(tmp_path / "cases", tmp_path / "cases" / "a")
    assert not disk.bounds.straight_in(tmp_path / "cases", tmp_path / "cases" / "a" / "b")
    assert not disk.bounds.straight_in(tmp_path / "cases", tmp_path / "cases" / "..")
    assert not disk.bounds.straight_in(tmp_path / "cases", tmp_path / "cases" / "link")


# --- the one table of the case's file names --------------------------------------------------------------

CASE_FILE_NAME = re.compile(r"(case|sources|historians|timeline|contested)\.ya?ml|(^|[^a-z_])(theses|texts|schema)/")
ROOT = Path(__file__).resolve().parent.parent


def names_written_out(source: str) -> list[tuple[int, str]]:
    """The strings of a module (docstrings apart) that write a case file's name out instead of taking it from
    explorer.disk.layout: `"sources.yaml"`, `f"texts/{sid}.txt"` (its `texts/` part)."""
    tree = ast.parse(source)
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and CASE_FILE_NAME.search(node.value)]


def test_the_case_file_names_are_written_once_in_the_layout() -> None:
    found = {str(p.relative_to(ROOT)): names_written_out(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "explorer").rglob("*.py")) if p != ROOT / "explorer" / "disk" / "layout.py"}
    assert {k: v for k, v in found.items() if v} == {}


def test_a_case_file_name_written_out_is_found() -> None:
    sample = ('"""Reads sources.yaml."""\nA = "sources.yaml"\nB = f"texts/{sid}.txt"\nC = {"theses": 1}\n'
              'D = f"{layout.TEXTS}/"\n')
    assert names_written_out(sample) == [(2, "sources.yaml"), (3, "texts/")]


def test_the_layout_names_each_file_of_a_case() -> None:
    assert (layout.thesis("lost_prestige"), layout.text("downfall_essay"), layout.schema("thesis")) == (
        "theses/lost_prestige.yaml", "texts/downfall_essay.txt", "schema/thesis.schema.json")
    assert layout.limit_for(layout.text("a")) == layout.TEXT_LIMIT == 20_000_000
    assert layout.limit_for(layout.thesis("a")) == layout.limit_for(layout.SOURCES) == layout.MAX_BYTES == 5_000_000
    assert sorted(p.name for p in (ROOT / "claims").iterdir() if p.name.endswith(".yaml")) == sorted(
        [layout.CASE, layout.SOURCES, *layout.OPTIONAL])
