"""The workshop's reader: a source's full text, wrapped, with its recorded passages highlighted as on the Sources
page; selecting words (or clicking a sentence) sends where the selection starts and ends in the text.

From the keyboard: the text is one stop of the Tab key (a labelled region, described by the line of help under it);
the down and up arrows choose the next or the previous sentence, with Shift they take in one more (a run of
sentences), Home and End the first and the last; Enter (or Space) quotes what is chosen, Escape lets it go. Each
move is said to a screen reader (a polite live region) and shown as a selection, so the mouse and the keyboard
choose the same way and send the same thing.

A Streamlit component (st.components.v2) of a few lines of JavaScript: the selection's offsets are counted in
the text's own characters (code points), as Python counts them, from the start of the box (the box holds the
text and nothing else; its line breaks are characters shown by `white-space: pre-wrap`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import streamlit as st

from explorer import highlight, workshop
from explorer.text import literal

KEYS = ("With the keyboard: press Tab to reach the text, then the down and up arrows to choose a sentence; hold Shift "
        "to take in the next ones too; press Enter to quote them, Escape to start again.")

CSS = """
.ws-reader { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 62vh; overflow-y: auto;
  font-size: 1.05rem; line-height: 1.65; color: #1f1f1f; padding: 0.6rem 0.9rem; border: 1px solid #c8c8c8;
  border-radius: 0.5rem; background: #fff; cursor: text; }
.ws-reader:focus { outline: 3px solid #0b5cad; outline-offset: 2px; }
.ws-reader mark { color: #111; }
.ws-reader ::selection { background: #ffd54f; color: #111; }
.ws-reader-keys { font-size: 0.9rem; color: #31333f; margin: 0.35rem 0 0 0; }
@media (max-width: 640px) {  /* a phone: the columns stack, so the form comes after the box; a short box keeps it near */
  .ws-reader { max-height: 38vh; font-size: 1rem; line-height: 1.55; }
  .ws-reader-keys { display: none; }  /* no keyboard; still read out to a screen reader (aria-describedby) */
}
.ws-reader-said { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""

JS = r"""
export default function(component) {
  const { data, setTriggerValue, parentElement } = component;
  let box = parentElement.querySelector('.ws-reader');
  if (!box) {
    box = document.createElement('div');
    box.className = 'ws-reader';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.id = 'ws-reader-' + Math.random().toString(36).slice(2);
    const keys = document.createElement('p');
    keys.className = 'ws-reader-keys';
    keys.id = box.id + '-keys';
    const said = document.createElement('div');
    said.className = 'ws-reader-said';
    said.setAttribute('aria-live', 'polite');
    said.setAttribute('role', 'status');
    parentElement.append(box, keys, said);
    box.setAttribute('aria-describedby', keys.id);
    box._first = -1;
    box._last = -1;
  }
  const keys = parentElement.querySelector('.ws-reader-keys');
  const said = parentElement.querySelector('.ws-reader-said');
  keys.textContent = data.keys;
  box.setAttribute('aria-label', data.label);
  const sentences = data.sentences || [];
  if (box.dataset.version !== data.version) {
    const top = box.scrollTop;
    box.innerHTML = data.html;
    box.dataset.version = data.version;
    box.scrollTop = top;
  }
  if (box._first >= sentences.length || box._last >= sentences.length) { box._first = box._last = -1; }
  const offset = (node, at) => {
    const range = document.createRange();
    range.setStart(box, 0);
    range.setEnd(node, at);
    return Array.from(range.toString()).length;
  };
  // where a character of the text (a code point, as Python counts) is in the box: a text node and its offset
  const place = (at) => {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let node, left = at, last = null;
    while ((node = walker.nextNode())) {
      const chars = Array.from(node.data);
      if (left <= chars.length) return [node, chars.slice(0, left).join('').length];
      left -= chars.length;
      last = node;
    }
    return last ? [last, last.data.length] : [box, 0];
  };
  const send = () => {
    const chosen = window.getSelection();
    if (!chosen || chosen.rangeCount === 0) return;
    const range = chosen.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    setTriggerValue('selected', { start: Math.min(start, end), end: Math.max(start, end), at: Date.now() });
  };
  const show = () => {
    const first = Math.min(box._first, box._last), last = Math.max(box._first, box._last);
    const range = document.createRange();
    const [startNode, startAt] = place(sentences[first][0]);
    const [endNode, endAt] = place(sentences[last][1]);
    range.setStart(startNode, startAt);
    range.setEnd(endNode, endAt);
    const chosen = window.getSelection();
    chosen.removeAllRanges();
    chosen.addRange(range);
    const rect = range.getBoundingClientRect(), frame = box.getBoundingClientRect();
    if (rect.top < frame.top || rect.bottom > frame.bottom) box.scrollTop += rect.top - frame.top - 24;
    const count = sentences.length;
    said.textContent = (first === last ? `Sentence ${first + 1} of ${count}: `
                        : `Sentences ${first + 1} to ${last + 1} of ${count}: `)
                       + range.toString().replace(/\s+/g, ' ').trim() + ' Press Enter to quote.';
  };
  box.onkeydown = (event) => {
    const count = sentences.length;
    const moves = { ArrowDown: 1, ArrowUp: -1, Home: -count, End: count };
    if (event.key in moves && count > 0 && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const from = box._last < 0 ? (moves[event.key] > 0 ? -1 : count) : box._last;
      const next = Math.max(0, Math.min(count - 1, from + moves[event.key]));
      if (!event.shiftKey || box._first < 0) box._first = next;
      box._last = next;
      show();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape') {
      box._first = box._last = -1;
      window.getSelection().removeAllRanges();
      said.textContent = 'No sentence chosen.';
    }
  };
  box.onmouseup = () => setTimeout(() => { box._first = box._last = -1; send(); }, 0);
  box.ontouchend = () => setTimeout(send, 0);
}
"""

_reader = st.components.v2.component("explorer_reader", css=CSS, js=JS, isolate_styles=False)


def spans_of(sentences: Sequence) -> list[list[int]]:
    """Each sentence's [start, end] in the text (code points): where the arrow keys move the selection."""
    return [[s.start, s.end] for s in sentences]


def selection(key: str) -> dict | None:
    """The selection a reader (keyed `key`) has just sent, read in its callback: {start, end}, or None."""
    value = st.session_state.get(key)
    chosen = value.get("selected") if hasattr(value, "get") else getattr(value, "selected", None)
    if isinstance(chosen, dict) and isinstance(chosen.get("start"), int) and isinstance(chosen.get("end"), int):
        return chosen
    return None


def reader(html: str, label: str, key: str, sentences: Sequence = (),
           on_select: Callable[[dict], None] | None = None) -> None:
    """Show the reader. A selection (words, a click, or sentences chosen with the keys) is given to `on_select`
    ({start, end}, offsets in the text) before the page runs again, so that the page shows what it quotes at once
    (the frame round the chosen words, the form's quote). `sentences` (from explorer.workshop.sentences) are the
    steps of the arrow keys."""
    version = hashlib.sha1(html.encode()).hexdigest()[:16]

    def selected() -> None:
        chosen = selection(key)
        if chosen is not None and on_select is not None:
            on_select(chosen)

    _reader(data={"html": html, "label": label, "version": version, "keys": KEYS, "sentences": spans_of(sentences)},
            key=key, on_selected_change=selected)


PENDING = "__now"  # the highlight of the words being quoted, framed in black
REFUSED = "ws_reader_refused"  # a selection the page could not quote, said under the reader once


def quoted(text: str, found: Sequence, picked: dict) -> tuple[str, int, int] | None:
    """What a reader's selection quotes (its words, its first and last sentence), for a page's callback; None when
    it quotes nothing, the reason kept to be said under the reader."""
    st.session_state.pop(REFUSED, None)
    try:
        return workshop.selection_quote(text, found, picked["start"], picked["end"])
    except workshop.WorkshopError as err:
        st.session_state[REFUSED] = str(err)[:1].upper() + str(err)[1:] + "."
        return None


def source(text: str, spans: list, colours: dict[str, str], labels: dict[str, str], chosen: str, pending: bool,
           key: str, sentences: Sequence, on_select: Callable[[dict], None]) -> None:
    """A source's whole text in the reader: what is recorded highlighted in its colour (`spans`: (ref, start, end)),
    the words being quoted framed and named `chosen`, and a selection the page could not quote said under it."""
    reader(highlight.to_html(text, spans, {**colours, PENDING: "#000000"}, {**labels, PENDING: chosen},
                             selected=PENDING if pending else None, breaks=False),
           "The text of the source you are reading", key=key, sentences=sentences, on_select=on_select)
    refused = st.session_state.pop(REFUSED, None)
    if refused:
        st.warning(literal(refused))
