"""What the workshop pages share: which case they edit, reading a file and remembering what was read, saving a
change (refused when the file changed on disk since), the undo of the last change, and the outcome shown where
the change was made, with the problems the case has after it.

The workshop edits the served case (`--case`) or a case it started, under the workshop folder
(`--workshop-root`, else $EXPLORER_WORKSHOP_ROOT, else `cases/` beside the app). It never writes outside the
chosen case folder: the file names it writes come from ids checked by explorer.workshop.check_id, and
explorer.disk refuses any other name (explorer/disk/bounds.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from explorer import config, disk, fields, library
from explorer.disk import layout
from explorer.extract import ExtractError
from explorer.model import Case
from explorer.problem import Problem, errors, needing_work
from explorer.text import literal
from explorer.ui import case as served
from explorer.ui.page import STYLE
from explorer.workshop import WorkshopError, is_id, shipped, unsaved, update_case_info
from explorer.workshop import load as parse

JOURNAL = "ws_journal"
SEEN = "ws_seen"
OUTCOME = "ws_outcome"
FORM_LOADED = "ws_th_loaded"  # which thesis the thesis form was filled from
UNDO_DEPTH = 20
AGAIN = "The page now shows the file as it is: check it, then save again."


def enabled(argv: list[str] | None = None) -> bool:
    """Whether this server offers the workshop: not with `--no-workshop` or $EXPLORER_WORKSHOP=off, as a class's
    server runs (`make class`, the Docker image), so that a student's phone cannot change the case."""
    return config.settings(argv).workshop


workshop_root = served.workshop_root


def started_cases() -> list[str]:
    """The cases in the workshop folder (each a folder with case.yaml, named by an id)."""
    return [folder.name for folder in library.cases_in(workshop_root())]


# --- what was typed, kept across pages ------------------------------------------------------------------------
# Streamlit forgets a widget's value when a page without it runs. The workshop's fields are kept under a key no
# widget owns (KEPT) at the start of every workshop page, and put back when they were forgotten; a field changed
# since the last run clears the outcome shown (a message belongs to what it describes).

KEPT = "ws_kept"
FRESH = "ws_told_now"  # an outcome was told in this run's callbacks: the fields they changed do not clear it
JUST_TOLD = "ws_told_run"  # ... and the subject the page names now is the one it was told about
KEPT_FIELDS = re.compile(r"(ws_(question|case_title|case_summary|case_start|case_end|case_name|src_(id|kind|title|"
                         r"authors|year|url|text)|th_(id|title|statement|summary|scope|question|proponents|link_.+|gap_.+)|first|last|"
                         r"quote|stance|strength|note|bears_.+|info_.+|det_.+|hist_.+|ev_.+|cf_.+|tl_.+))")


NOT_KEPT = re.compile(r"(_save|_remove_\d+|_table_\d+|_round|_of)$")  # buttons, tables and the page's own marks


def kept_field(key: str) -> bool:
    """Whether `key` is a workshop field whose value is kept across pages (not a button, a table or a mark)."""
    return bool(KEPT_FIELDS.fullmatch(key)) and not NOT_KEPT.search(key)


def remember() -> None:
    """Keep every workshop field's value (KEPT), and put back those a page without them made Streamlit forget."""
    state = st.session_state
    kept = state.setdefault(KEPT, {})
    changed = False
    for key in [k for k in list(state) if isinstance(k, str) and kept_field(k)]:
        if key in kept and kept[key] != state[key]:
            changed = True
        kept[key] = state[key]
    for key, value in kept.items():  # set every run: a widget drawn anew shows the kept value, not its default
        state[key] = value
    state[JUST_TOLD] = state.pop(FRESH, False)
    if state[JUST_TOLD]:
        return
    if changed and state.get(OUTCOME, {}).get("place") != "undo":
        state.pop(OUTCOME, None)


def valid(key: str, options: list, many: bool = False) -> None:
    """Before a list is drawn: a kept choice it no longer offers (another case's source, say) is let go."""
    state = st.session_state
    if many:
        if isinstance(state.get(key), list) and any(v not in options for v in state[key]):
            put(key, [v for v in state[key] if v in options])
    elif key in state and state[key] not in options:
        put(key, options[0] if options else None)


def put(key: str, value: object) -> None:
    """Set a field from the page (filled from a file, say), kept as if typed."""
    st.session_state[key] = value
    st.session_state.setdefault(KEPT, {})[key] = value


def forget(*keys: str) -> None:
    """Let fields go (a form emptied after its save)."""
    kept = st.session_state.setdefault(KEPT, {})
    for key in keys:
        kept.pop(key, None)
        st.session_state.pop(key, None)


# --- unsaved changes, kept per item ---------------------------------------------------------------------------
# A form that shows one item at a time (a thesis, a source's details, a historian, an event, a contested fact) is
# filled from the file when another item is chosen. What was changed in it and not saved is set aside first (ASIDE,
# per form and item) and put back when the item is chosen again, for as long as the session lasts; the page says
# there are changes not saved, with a button that drops them. FILLED_WITH holds what the form was filled with.

ASIDE = "ws_aside"  # form -> {item: {field: value typed}}
FILLED_WITH = "ws_filled_with"  # form -> (item, {field: value as filled})


def form_fields(prefix: str, leave: tuple[str, ...] = ()) -> dict[str, object]:
    """The form's fields now: the kept fields whose key starts with `prefix`, but those in `leave` (its chooser)."""
    state = st.session_state
    return {k: state[k] for k in list(state) if isinstance(k, str) and k.startswith(prefix) and kept_field(k)
            and k not in leave}


def set_aside(form: str, prefix: str, item: str, leave: tuple[str, ...] = ()) -> None:
    """Before the form is filled with `item`: the changes not saved to the item it showed are kept aside."""
    shown = st.session_state.get(FILLED_WITH, {}).get(form)
    if not shown or shown[0] == item:
        return
    aside = st.session_state.setdefault(ASIDE, {}).setdefault(form, {})
    changed = unsaved.changes(shown[1], form_fields(prefix, leave))
    if changed:
        aside[shown[0]] = changed
    else:
        aside.pop(shown[0], None)


def filled(form: str, prefix: str, item: str, leave: tuple[str, ...] = ()) -> None:
    """After the form is filled with `item` from its file: what it was filled with, and the changes kept aside for
    the item put back over it."""
    st.session_state.setdefault(FILLED_WITH, {})[form] = (item, form_fields(prefix, leave))
    for key, value in st.session_state.get(ASIDE, {}).get(form, {}).pop(item, {}).items():
        put(key, value)


def unsaved_changes(form: str, prefix: str, item: str, what: str, names: Callable[[str], str | None],
                    leave: tuple[str, ...] = ()) -> None:
    """Beside the form: a plain line when `item` has changes not saved (`what` names it: "this thesis"), with a
    button that drops them, and one naming the other items (`names` gives their names; None: not this case's)
    whose changes are kept aside."""
    state = st.session_state
    shown = state.setdefault(FILLED_WITH, {}).get(form)
    if shown is None or shown[0] != item:  # filled by a save that opened what it made: as it is now
        shown = state[FILLED_WITH][form] = (item, form_fields(prefix, leave))
    changed = unsaved.changes(shown[1], form_fields(prefix, leave))

    def drop() -> None:
        for key in changed:
            if key in shown[1]:
                put(key, shown[1][key])
            else:
                forget(key)

    if changed:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.warning(literal(unsaved.here(what)), icon=":material/edit_note:")
        right.button(unsaved.DROP, key=f"ws_drop_{form}", on_click=drop, icon=":material/undo:")
    others = [names(other) for other in state.get(ASIDE, {}).get(form, {}) if other != item]
    others = [name for name in others if name]
    if others:
        st.caption(literal(unsaved.kept_for(others)))


def forget_filled(form: str) -> None:
    """The form holds no item's file now (a new item), or a save wrote it: what it holds next is taken as filled."""
    st.session_state.get(FILLED_WITH, {}).pop(form, None)


PICKED = "ws_pick_{}"  # the thesis or source a workshop page shows: a key no widget owns
JUST = "ws_just_picked"


WRITTEN = "ws_written"  # param -> (the page that last wrote it into the address, the value)


def pick(param: str, allowed: list[str], default: str | None = None, page: str = "") -> str | None:
    """The thesis or source a page shows (`param`, the widget's key and the address's parameter): a choice just
    made in the page, else the address's when it names one (a link; not a value another page left in the address,
    which the navigation carries along, nor one this page wrote itself when it could not show the one chosen
    before), else the one chosen before, else the default. Kept under a key no widget
    owns, set into the widget before it is drawn, and written into the address."""
    state = st.session_state
    just = state.setdefault(JUST, set())
    written = state.setdefault(WRITTEN, {})
    wanted = st.query_params.get(param)
    left = written.get(param)
    carried = left is not None and left[1] == wanted  # written by a page (this one on a rerun): no link
    if param in just:
        just.discard(param)
    elif wanted in allowed and not carried:
        state[PICKED.format(param)] = wanted
    now = state.get(PICKED.format(param))
    if now not in allowed:  # another page's choice this page cannot show (a new thesis): kept for that page
        now = default if default in allowed else (allowed[0] if allowed else None)
        state.setdefault(PICKED.format(param), now)
    else:
        state[PICKED.format(param)] = now
    state[param] = now
    if now is None or now == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != now:
        st.query_params[param] = now
    written[param] = (page, None if now == default else now)
    return now


def picked(param: str):
    """The on_change of a widget keyed `param`: its value is the page's choice, whatever the address says."""
    def run() -> None:
        put_pick(param, st.session_state.get(param))
    return run


def put_pick(param: str, value: str | None) -> None:
    """Choose a thesis or a source from the page's code (a thesis just written, a passage's source)."""
    st.session_state[PICKED.format(param)] = st.session_state[param] = value
    st.session_state.setdefault(JUST, set()).add(param)


def folder_of(name: str) -> Path:
    entry = library.find(served.shelf(), name)
    if entry is None:
        raise WorkshopError(f"no case named `{name}` is offered here")
    return entry.folder


def case_title(entry: library.Entry) -> str:
    case, _ = served.load(entry.folder)
    return case.info.title if case.info else "(a case whose question and title cannot be read: see Problems)"


def case_label(entry: library.Entry, listed: list[library.Entry]) -> str:
    """A case as the list of cases names it: its title and where it comes from; its short name too, only when
    another case of the list has the same title."""
    title = case_title(entry)
    twin = any(case_title(other) == title for other in listed if other.name != entry.name)
    return f"{title} ({entry.name + ', ' if twin else ''}{library.shelf_words(entry.shelf)})"


FOR_AUTHORS = "For case authors who edit the files"


def for_authors(*lines: str) -> None:
    """Where a form's work lands in the case's files, folded away: for those who also edit them by hand."""
    with st.expander(FOR_AUTHORS, icon=":material/folder_open:"):
        for line in lines:
            st.caption(literal(line))


def changeable(entry: library.Entry) -> bool:
    """Whether the workshop may change a case: one in the workshop folder (started or copied there), or any when the
    server was started with --edit-served-case ($EXPLORER_EDIT_SERVED_CASE=on), for case authors."""
    try:
        inside = entry.shelf == library.WORKSHOP or disk.bounds.straight_in(workshop_root(), entry.folder)
    except OSError:
        inside = False
    return shipped.changeable(inside, config.settings().edit_served)


def changeable_folder(folder: Path) -> bool:
    """Whether a save may write in `folder`: a case of the list the workshop may change."""
    entry = next((e for e in served.shelf() if e.folder == folder), None)
    return entry is not None and changeable(entry)


def copy_chosen() -> None:
    """Copy the chosen case into the workshop folder under a fresh name, and open the copy (a callback)."""
    entry, root = served.chosen(), workshop_root()
    try:
        present = set(os.listdir(root)) if os.path.isdir(root) else set()
    except OSError:
        present = set()
    name = shipped.copy_name(entry.name, {e.name for e in served.shelf()} | present)
    try:
        title = case_title(entry)
        target, change = disk.copy_case(entry.folder, root, name, shipped.copied(title),
                                        lambda text: update_case_info(text, {"title": shipped.copy_title(title)}))
    except (disk.WriteRefused, OSError) as err:
        _tell("copy", "error", f"{err}")
        return
    journal = st.session_state.setdefault(JOURNAL, [])
    journal.append((str(target), change, st.session_state.get(PAGE, "")))
    del journal[:-UNDO_DEPTH]
    served.choose(name)
    _tell("copy", "success", f"Saved: {change.what}, as “{name}”. You are changing the copy now: the case that comes "
          "with the explorer stays as it was.")


def guard(entry: library.Entry) -> None:
    """A case the workshop may not change: said plainly, with the copy to change in one click; the page stops."""
    if changeable(entry):
        return
    st.info(shipped.READ_ONLY, icon=":material/lock:")
    st.button(shipped.COPY, type="primary", icon=":material/content_copy:", key="ws_copy_case", on_click=copy_chosen,
              help=shipped.COPY_HELP)
    st.stop()


def start(title: str, guarded: bool = True) -> tuple[Path, Case, list[Problem]]:
    """Every workshop page first: the style, the fields kept, the case being edited (the case chosen on any page,
    kept in the session and the address), its problems, the undo of the last change; a case the workshop may not
    change stops the page there (`guarded`; the first page stops later, below its new case)."""
    st.html(STYLE)
    if not enabled():
        st.title(title, anchor=False)
        st.info("This server does not offer the workshop (it was started for a class, with --no-workshop or "
                "EXPLORER_WORKSHOP=off). Build a case on your own computer: make run.")
        st.stop()
    remember()
    st.session_state[PAGE] = title
    entry = served.chosen()
    asked = served.unknown_asked()
    st.title(title, anchor=False)
    if asked is not None:
        st.warning(literal(f"This server offers no case named “{asked}”, so the page shows {entry.name}. "
                           "Choose a case below."))
    listed = served.shelf()
    st.session_state["ws_case_pick"] = entry.name
    st.selectbox("The case you are building", [e.name for e in listed], key="ws_case_pick",
                 format_func=lambda n: case_label(library.find(listed, n) or listed[0], listed),
                 on_change=lambda: served.choose(st.session_state.get("ws_case_pick")),
                 help="A case you start on the page “Start a case or add a source” is added to this list.")
    told = st.session_state.get(OUTCOME)
    if told and told["place"] == "copy":
        (st.error if told["kind"] == "error" else st.success)(literal(told["message"]))
    folder = entry.folder
    case, problems = load(folder)
    undo_button(folder)
    if guarded:
        guard(entry)
    return folder, case, problems


def load(folder: Path) -> tuple[Case, list[Problem]]:
    """The case as it is on disk now (the one cached loader, keyed on the files' times and sizes)."""
    return served.load(folder)


def read(folder: Path, rel: str) -> str | None:
    """A file's text as it is now; the page remembers the first text it read of each file until a save, so
    that a save can tell whether the file changed on disk in between."""
    try:
        text = disk.current(folder, rel)
    except disk.WriteRefused:
        text = None
    st.session_state.setdefault(SEEN, {}).setdefault(f"{folder}::{rel}", disk.digest(text))
    return text


def thesis_files(folder: Path) -> dict[str, str | None]:
    """The claim files in theses/ whose name (without .yaml) is an id, each with the id written in it (None
    when it has none that is an id): a renamed file's id may differ from its name."""
    listed, _ = disk.listing(folder, layout.THESES, (".yaml",))
    out: dict[str, str | None] = {}
    for rel in listed:
        name = rel.removeprefix(f"{layout.THESES}/").removesuffix(".yaml")
        if not rel.endswith(".yaml") or not is_id(name):
            continue
        try:
            data = parse(disk.current(folder, rel) or "")
        except disk.WriteRefused:
            data = None
        written = data.get("id") if isinstance(data, dict) else None
        out[name] = written if is_id(written) else None
    return out


def thesis_label(case: Case, name: str, written: str | None) -> str:
    """How a page names the claim file `name` whose id is `written`: its title, and its id when that is not
    its file's name."""
    if written not in case.theses:
        return f"{name} (does not load: the Problems page says why)"
    title = case.theses[written].title
    return title if written == name else f"{title} (the file {name}.yaml, whose id is {written})"


def seen(folder: Path, rel: str) -> str | None:
    return st.session_state.setdefault(SEEN, {}).get(f"{folder}::{rel}")


def _forget(folder: Path, rels: list[str]) -> None:
    memory = st.session_state.setdefault(SEEN, {})
    for rel in rels:
        memory.pop(f"{folder}::{rel}", None)


Build = Callable[[], tuple[str, dict[str, str | None]]]


def save(place: str, where: Path | Callable[[], Path], build: Build,
         on_success: Callable[[], None] | None = None, on_stale: Callable[[], str] | None = None, within: Path | None = None, folders: tuple[str, ...] = ()) -> Callable[[], None]:
    """A callback that makes one change: `build` reads the form (from session state) and gives what the change
    is, in words, and the new text of each file it writes (rel -> text). Refused, with the form left as it was,
    when the form is wrong (WorkshopError, ExtractError) or a file changed on disk since the page read it.
    `where` is the case folder, or a function that names it from the form (a new case, made in the workshop
    folder `within`, with the empty `folders`). On a refusal because a file changed on disk, `on_stale` is
    called, and what it says (what the form does now) is said after the refusal."""

    def run() -> None:
        files: dict[str, str | None] = {}
        folder = Path(".")
        try:
            folder = where() if callable(where) else where
            if within is None and not changeable_folder(folder):
                raise WorkshopError(shipped.READ_ONLY)
            what, files = build()
            change = disk.save(folder, what, {rel: (seen(folder, rel), text) for rel, text in files.items()},
                               within, folders)
        except (WorkshopError, ExtractError, disk.WriteRefused) as err:
            message = str(err)
            if isinstance(err, disk.Stale):
                _forget(folder, list(files))  # the page reads the file again: a second save is a choice
                message += " " + (on_stale() if on_stale is not None else AGAIN)
            _tell(place, "error", message)
            return
        except OSError as err:  # a folder that cannot be read, say: said as a refusal, never a traceback
            _tell(place, "error", f"{err.filename or 'a file'} could not be used: {(err.strerror or str(err)).lower()}; "
                  "nothing was written, and what you typed is still in the form")
            return
        _forget(folder, [w.rel for w in change.writes])
        journal = st.session_state.setdefault(JOURNAL, [])
        journal.append((str(folder), change, st.session_state.get(PAGE, "")))
        del journal[:-UNDO_DEPTH]
        _tell(place, "success", f"Saved: {change.what}.", [w.rel for w in change.writes])
        forget_filled(place)
        if on_success is not None:
            on_success()

    return run


SUBJECT = "ws_subject"


def about(subject: str) -> None:
    """What the page's forms are about now (a case, a thesis, a source): an outcome told about another is not
    shown."""
    st.session_state[SUBJECT] = subject
    told = st.session_state.get(OUTCOME)
    if told and st.session_state.get(JUST_TOLD):  # a save that opened what it made (a new thesis, say)
        told["subject"] = subject


def _tell(place: str, kind: str, message: str, rels: list[str] | None = None, field: str = "") -> None:
    st.session_state[OUTCOME] = {"place": place, "kind": kind, "message": message, "rels": rels or [],
                                 "field": field, "subject": st.session_state.get(SUBJECT)}
    st.session_state[FRESH] = True


def form_refusal(found: list[Problem], labels: dict[str, str]) -> WorkshopError:
    """The problems of what a form gave, in the form's own words: `note` is empty -> Why it matters is empty."""
    said = []
    for p in found:
        leaf = p.field.rsplit(".", 1)[-1].split("[")[0]
        name = labels.get(leaf, leaf)
        message = p.message.replace(f"`{leaf}`", name) if f"`{leaf}`" in p.message else f"{name}: {p.message}"
        said.append(message[:1].upper() + message[1:] + (f"; {fields.in_a_form(p.hint)}" if p.hint else ""))
    return WorkshopError(". ".join(said))


def outcome(place: str, problems: list[Problem], field_prefix: str = "") -> None:
    """At the place of a change: what happened, and the problems the case now has in the files it wrote (those
    of one field and below, with `field_prefix`, as a passage's)."""
    told = st.session_state.get(OUTCOME)
    if not told or told["place"] != place or told.get("subject") != st.session_state.get(SUBJECT):
        return
    if told["kind"] == "error":
        st.error(literal(told["message"]), icon=":material/block:")
        return
    st.success(literal(told["message"]), icon=":material/check_circle:")
    found = [p for p in needing_work(problems) if p.file in told["rels"]
             and (not field_prefix or p.field.startswith(field_prefix))]
    show_problems(found, "The case was checked again after the change")


def show_problems(found: list[Problem], lead: str) -> None:
    if not found:
        return
    worst = st.error if errors(found) else st.warning
    lines = "\n".join(f"- {literal(f'{p.file}, line {p.line}, {in_form_words(p.field)}: {p.message}' + (f'; {fields.in_a_form(p.hint)}' if p.hint else ''))}"
                      for p in found)
    worst(f"{literal(lead)}: {len(found)} problem{'s' if len(found) != 1 else ''} to fix.\n\n{lines}")


FIELD_WORDS = {"quote": "the passage", "note": "why it matters", "stance": "how it bears on this thesis",
               "strength": "how strong it is", "bears_on": "how it bears on the other theses", "source": "the source",
               "proponents": "the historians who argue it", "links": "how this thesis links to the others"}


def in_form_words(field: str) -> str:
    """A problem's field as the workshop's forms name it: `evidence[1].bears_on.b` -> `passage 2, how it bears on
    the other theses (b)`; a field the forms do not name stays as the file has it."""
    found = re.fullmatch(r"evidence\[(\d+)\](?:\.(.+))?", field)
    head, rest = (f"passage {int(found[1]) + 1}", found[2]) if found else ("", field)
    if rest:
        key, _, below = rest.partition(".")
        name = FIELD_WORDS.get(key.split("[")[0])
        rest = (f"{name} ({below})" if below else name) if name and "[" not in key else rest
    return ", ".join(part for part in (head, rest) if part)


UNDO = "Undo the last change to this case"
PAGE = "ws_page"  # the title of the workshop page running: a change is journaled with the page that made it


def undo_button(folder: Path) -> None:
    """Undo the last change made to this case from the workshop (one step at a time, back to 20 changes)."""
    journal = st.session_state.get(JOURNAL, [])
    mine = [i for i, (where, *_) in enumerate(journal) if where == str(folder)]
    told = st.session_state.get(OUTCOME)
    if told and told["place"] == "undo":
        (st.error if told["kind"] == "error" else st.success)(literal(told["message"]))
    if not mine:
        return
    _, last, made_on = journal[mine[-1]]

    def run() -> None:
        try:
            disk.undo(folder, last)
        except disk.WriteRefused as err:
            _tell("undo", "error", str(err))
            return
        journal.pop(mine[-1])
        _forget(folder, [w.rel for w in last.writes])
        st.session_state.pop(FORM_LOADED, None)  # the thesis form shows the file as it is again
        _tell("undo", "success", f"Undone: {last.what}. The case is as it was before it.")

    left, right = st.columns([2, 3], vertical_alignment="center")
    left.button(UNDO, key="ws_undo", on_click=run, icon=":material/undo:")
    here = made_on == st.session_state.get(PAGE)
    right.caption(literal(f"The last change to this case, whichever page made it: {last.what} (made "
                          + ("on this page" if here else f"on the page “{made_on}”") + "). Undo puts back the case "
                          "as it was before that change, and nothing else."))
