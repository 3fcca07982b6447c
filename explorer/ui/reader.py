"""The workshop's reader: a source's full text, wrapped, with its recorded passages highlighted as on the Sources
page; selecting words (or clicking a sentence) sends where the selection starts and ends in the text.

A Streamlit component (st.components.v2) of a few lines of JavaScript: the selection's offsets are counted in
the text's own characters (code points), as Python counts them, from the start of the box (the box holds the
text and nothing else; its line breaks are characters shown by `white-space: pre-wrap`)."""

from __future__ import annotations

import hashlib

import streamlit as st

CSS = """
.ws-reader { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 62vh; overflow-y: auto;
  font-size: 1.05rem; line-height: 1.65; color: #1f1f1f; padding: 0.6rem 0.9rem; border: 1px solid #c8c8c8;
  border-radius: 0.5rem; background: #fff; cursor: text; }
.ws-reader:focus { outline: 3px solid #0b5cad; outline-offset: 2px; }
.ws-reader mark { color: #111; }
.ws-reader ::selection { background: #ffd54f; color: #111; }
"""

JS = """
export default function(component) {
  const { data, setTriggerValue, parentElement } = component;
  let box = parentElement.querySelector('.ws-reader');
  if (!box) {
    box = document.createElement('div');
    box.className = 'ws-reader';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    parentElement.appendChild(box);
  }
  box.setAttribute('aria-label', data.label);
  if (box.dataset.version !== data.version) {
    const top = box.scrollTop;
    box.innerHTML = data.html;
    box.dataset.version = data.version;
    box.scrollTop = top;
  }
  const offset = (node, at) => {
    const range = document.createRange();
    range.setStart(box, 0);
    range.setEnd(node, at);
    return Array.from(range.toString()).length;
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
  box.onmouseup = () => setTimeout(send, 0);
  box.ontouchend = () => setTimeout(send, 0);
  box.onkeyup = (event) => { if (event.key === 'Enter' || event.shiftKey) send(); };
}
"""

_reader = st.components.v2.component("explorer_reader", css=CSS, js=JS, isolate_styles=False)


def reader(html: str, label: str, key: str) -> dict | None:
    """Show the reader; the selection just made ({start, end}, offsets in the text), or None."""
    version = hashlib.sha1(html.encode()).hexdigest()[:16]
    result = _reader(data={"html": html, "label": label, "version": version}, key=key,
                     on_selected_change=lambda: None)
    chosen = getattr(result, "selected", None)
    if isinstance(chosen, dict) and isinstance(chosen.get("start"), int) and isinstance(chosen.get("end"), int):
        return chosen
    return None
