"""A student's essay as text, from the file they bring: .docx (python-docx, with Word's own footnotes and block
quotes), .md or .txt; and a class's essays from a folder or a zip. Bytes in, text out: nothing is written to
disk, nothing is sent anywhere.

The text comes out in one plain form that explorer/check.py reads, whatever the file was: paragraphs
separated by a blank line, a heading as a line starting `# `, a block quote as lines starting `> `, a footnote's place as `[^N]` and its text as
`[^N]: ...` at the end (Markdown's own footnotes, so a .md essay needs no conversion).

Bounds: an essay file of at most ESSAY_BYTES (a Word file's zip checked by explorer/extract.open_docx), a text
of at most ESSAY_CHARS; a class of at most CLASS_FILES essays and CLASS_BYTES in all, a zip's members read in
memory only (their names are never used as paths), each member within ESSAY_BYTES and unzipped no more than
ZIP_RATIO times its packed size, nested folders and hidden or system files skipped.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from explorer import extract
from explorer.problem import ExplorerError

SUFFIXES = (".docx", ".md", ".txt")
ESSAY_BYTES = 10_000_000  # a Word file with a few pictures; a typed essay is a few tens of kilobytes
ESSAY_CHARS = 200_000  # characters of text: a 30-page dissertation; a school essay has 5,000 to 15,000
CLASS_FILES = 200  # essays in a folder or a zip: a year group
CLASS_BYTES = 200_000_000  # all the essays of a class together, unzipped
ZIP_RATIO = 100  # a member unzipped may be this many times its packed size (text packs 3 to 10 times)
_SKIPPED = ("__MACOSX/", ".", "~$")  # a Mac's resource forks, hidden files, Word's lock files
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_QUOTE_STYLES = ("quote", "intense quote", "block text", "block quote", "blockquote")


class DraftError(ExplorerError):
    """A file that is not an essay that can be read: the message says why and what to do."""


@dataclass(frozen=True)
class Draft:
    name: str  # the file's name (no folder)
    text: str = ""  # the essay in the plain form above
    error: str = ""  # why it could not be read, when it could not


def read(name: str, data: bytes) -> str:
    """An essay's text from a file's bytes, by its name's ending."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in SUFFIXES:
        raise DraftError(f"{name}: cannot read {suffix or 'a file without an ending'}; save the essay as .docx, .md "
                         "or .txt, or paste its text")
    if len(data) > ESSAY_BYTES:
        raise DraftError(f"{name}: {len(data) / 1e6:,.1f} MB is more than the {ESSAY_BYTES / 1e6:.0f} MB an essay "
                         "needs; save it without pictures, or as .txt")
    try:
        text = from_docx(data) if suffix == ".docx" else extract.decode(data)
    except extract.ExtractError as err:
        raise DraftError(f"{name}: {err}") from None
    return bounded(name, text)


def bounded(name: str, text: str) -> str:
    """Pasted or read text, its line ends made `\\n`; too long or empty is refused."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if len(text) > ESSAY_CHARS:
        raise DraftError(f"{name}: {len(text):,} characters is more than the {ESSAY_CHARS:,} an essay has; check "
                         "one essay at a time")
    if not text.strip():
        raise DraftError(f"{name}: there is no text in it to check")
    return text


def from_docx(data: bytes) -> str:
    """A Word file's paragraphs, a footnote's place as `[^N]`, its notes at the end, a paragraph in a quotation
    style (or indented on both sides) as a block quote."""
    document = extract.open_docx(data)
    blocks = []
    for paragraph in document.paragraphs:
        words = _runs(paragraph._p)
        if not words.strip():
            continue
        style = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
        if style.startswith(("heading", "title", "subtitle")):
            blocks.append("# " + words.strip())
        else:
            blocks.append(("> " + words.strip()) if _is_block_quote(paragraph) else words.strip())
    notes = _footnotes(document)
    blocks += [f"[^{number}]: {text}" for number, text in notes if text]
    return "\n\n".join(blocks) + "\n"


def _runs(element) -> str:  # type: ignore[no-untyped-def]
    """The text of a paragraph (or a footnote), a footnote's reference written `[^N]`."""
    out = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}footnoteReference"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}footnoteReference":
            out.append(f"[^{node.get(f'{_W}id')}]")
        else:
            out.append(" ")
    return "".join(out)


def _is_block_quote(paragraph) -> bool:  # type: ignore[no-untyped-def]
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() in _QUOTE_STYLES:
        return True
    indent = paragraph.paragraph_format
    left, right = indent.left_indent, indent.right_indent
    return bool(left and right and left > 0 and right > 0)


def _footnotes(document) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Word's footnotes as (id, text), without the two separators; none when the file has no footnotes part."""
    from lxml import etree

    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == _FOOTNOTES and not rel.is_external), None)
    if part is None:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(part.blob, parser)
    except etree.LxmlError as err:
        raise extract.ExtractError(f"this Word file's footnotes cannot be read ({err}); save it again from Word "
                                   "as .docx") from None
    out = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        out.append((note.get(f"{_W}id") or "", " ".join(_runs(note).split())))
    return out


# --- a class: a folder or a zip ----------------------------------------------------------------------------------


def skipped(name: str) -> bool:
    """Hidden and system files that are not essays (a Mac's resource forks, dot files, Word's lock files), and a
    zip member whose path climbs out of its folder (`../`)."""
    return any(part.startswith(_SKIPPED) or part + "/" in _SKIPPED for part in PurePosixPath(name).parts)


def from_folder(folder: Path) -> list[Draft]:
    """The essays directly in a folder (regular files with an essay's ending; links and sub-folders are not
    followed), each read or with the reason it could not be."""
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        try:
            status = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode) or skipped(path.name) or path.suffix.lower() not in SUFFIXES:
            continue
        found.append((path, status.st_size))
    _count(len(found), str(folder))
    total = sum(size for _, size in found)
    if total > CLASS_BYTES:
        raise DraftError(f"{folder}: the essays hold {total / 1e6:,.0f} MB, more than the {CLASS_BYTES / 1e6:.0f} "
                         "MB a class's essays need")
    out = []
    for path, size in found:
        if size > ESSAY_BYTES:
            out.append(Draft(path.name, error=f"{path.name}: {size / 1e6:,.1f} MB is more than the "
                                              f"{ESSAY_BYTES / 1e6:.0f} MB an essay needs"))
            continue
        try:
            out.append(Draft(path.name, read(path.name, path.read_bytes())))
        except DraftError as err:
            out.append(Draft(path.name, error=str(err)))
        except OSError as err:
            out.append(Draft(path.name, error=f"{path.name}: cannot be read: {(err.strerror or str(err)).lower()}"))
    return out


def from_zip(name: str, data: bytes) -> list[Draft]:
    """The essays in a zip, read in memory: members with an essay's ending, at any depth (their names shown
    without folders), each within the bounds; the rest skipped."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
        raise DraftError(f"{name}: not a zip file that can be read ({err}); make it again with your computer's "
                         "“compress” or “send to zip” command") from None
    with package:
        members = [m for m in package.infolist() if not m.is_dir() and not skipped(m.filename)
                   and PurePosixPath(m.filename.lower()).suffix in SUFFIXES]
        _count(len(members), name)
        total = sum(m.file_size for m in members)
        if total > CLASS_BYTES:
            raise DraftError(f"{name}: the essays unzip to {total / 1e6:,.0f} MB, more than the "
                             f"{CLASS_BYTES / 1e6:.0f} MB a class's essays need (a zip bomb?)")
        out = []
        for member in sorted(members, key=lambda m: (PurePosixPath(m.filename.replace("\\", "/")).name.lower(),
                                                      m.filename)):
            shown = PurePosixPath(member.filename.replace("\\", "/")).name
            if member.file_size > ESSAY_BYTES or member.file_size > ZIP_RATIO * max(member.compress_size, 1_000):
                out.append(Draft(shown, error=f"{shown}: unzips to {member.file_size / 1e6:,.1f} MB, more than an "
                                              "essay needs (a zip bomb?)"))
                continue
            try:
                with package.open(member) as handle:
                    raw = handle.read(ESSAY_BYTES + 1)
                out.append(Draft(shown, read(shown, raw)))
            except DraftError as err:
                out.append(Draft(shown, error=str(err)))
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as err:
                out.append(Draft(shown, error=f"{shown}: cannot be unzipped ({err})"))
        return out


def _count(count: int, where: str) -> None:
    if count == 0:
        raise DraftError(f"{where}: no essays in it (.docx, .md or .txt)")
    if count > CLASS_FILES:
        raise DraftError(f"{where}: {count:,} essays, more than the {CLASS_FILES} one check takes; split the class "
                         "into smaller folders")
