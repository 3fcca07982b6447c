"""The workshop's writes: atomic, refused when the file changed since the page read it, and undone exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer import disk
from explorer.disk import WriteRefused


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
