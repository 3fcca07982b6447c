"""Reading an essay: Word files with their footnotes and block quotes, Markdown and text; a class's folder or zip,
within bounds (sizes, counts, zip bombs), its members read in memory, never written anywhere."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from wordfile import essay_docx

from explorer import drafts


def test_a_word_essay_keeps_its_footnotes_and_block_quotes() -> None:
    data = essay_docx([("Khrushchev fell because of Cuba.", "Khrushchev Falls from Power."),
                       ("> Publicly Brezhnev praised Khrushchev but privately plotted against him.", "Ibid."),
                       "This shows that he was betrayed."])
    assert drafts.read("essay.docx", data) == (
        "# My essay\n\n"
        "Khrushchev fell because of Cuba.[^1]\n\n"
        "> Publicly Brezhnev praised Khrushchev but privately plotted against him.[^2]\n\n"
        "This shows that he was betrayed.\n\n"
        "[^1]: Khrushchev Falls from Power.\n\n"
        "[^2]: Ibid.\n")


def test_markdown_and_text_are_read_as_written_and_bad_files_are_refused_in_words() -> None:
    assert drafts.read("a.md", b"One.\r\n\r\nTwo.") == "One.\n\nTwo."
    with pytest.raises(drafts.DraftError, match=r"^a\.pdf: cannot read \.pdf; save the essay as \.docx, \.md or "
                                                r"\.txt, or paste its text$"):
        drafts.read("a.pdf", b"%PDF")
    with pytest.raises(drafts.DraftError, match=r"^a\.txt: line 1 is not UTF-8 text \(byte 0xe9\)"):
        drafts.read("a.txt", "Caf\u00e9".encode("latin-1"))
    with pytest.raises(drafts.DraftError, match=r"^a\.docx: not a Word \(\.docx\) file that can be read"):
        drafts.read("a.docx", b"not a zip")
    with pytest.raises(drafts.DraftError, match=r"^a\.txt: there is no text in it to check$"):
        drafts.read("a.txt", b"  \n ")
    with pytest.raises(drafts.DraftError, match=r"^a\.txt: 200,001 characters is more than the 200,000 an essay "
                                                r"has; check one essay at a time$"):
        drafts.read("a.txt", b"x" * 200_001)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_class_zip_is_read_in_memory_its_paths_never_used(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = _zip({"../../evil/x.md": b"Skipped.", "class/a.md": b"First essay.", "class/b.txt": b"Second essay.", "__MACOSX/._b.txt": b"x",
                 "notes.pdf": b"%PDF", "c.docx": b"broken", "big.txt": b"a" * 5_000_000})
    found = drafts.from_zip("class.zip", data)
    assert [(d.name, d.text, d.error) for d in found] == [
        ("a.md", "First essay.", ""),
        ("b.txt", "Second essay.", ""),
        ("big.txt", "", "big.txt: unzips to 5.0 MB, more than an essay needs (a zip bomb?)"),
        ("c.docx", "", ("c.docx: not a Word (.docx) file that can be read (File is not a zip file); save it again "
                       "as .docx")),
    ]
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_class_has_bounds() -> None:
    with pytest.raises(drafts.DraftError, match=r"^class\.zip: 201 essays, more than the 200 one check takes"):
        drafts.from_zip("class.zip", _zip({f"{n}.txt": b"x" for n in range(201)}))
    with pytest.raises(drafts.DraftError, match=r"^class\.zip: no essays in it \(\.docx, \.md or \.txt\)$"):
        drafts.from_zip("class.zip", _zip({"a.pdf": b"x"}))
    with pytest.raises(drafts.DraftError, match=r"^class\.zip: not a zip file that can be read"):
        drafts.from_zip("class.zip", b"PK nothing")


def test_a_class_folder_reads_its_own_files_only(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("An essay.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Not read.", encoding="utf-8")
    outside = tmp_path.parent / "outside.md"
    outside.write_text("Secret.", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(outside)
    assert [(d.name, d.text) for d in drafts.from_folder(tmp_path)] == [("a.md", "An essay.")]
