"""The workshop's writes: atomic, refused when the file changed since the page read it, and undone exactly."""

from __future__ import annotations

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
        "was written. What you typed is still in the form; the page now shows the file as it is: check it, then "
        "save again.")
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
