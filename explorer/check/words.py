"""The words the check compares: a word's stem by a few English suffix rules, the words of a text that carry
meaning, and its negations."""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from explorer import quote as quotes

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_NEGATION = {"not", "no", "never", "nor", "wrong", "wrongly", "mistaken", "mistakenly", "mistake", "error",
             "incorrect", "incorrectly", "false", "falsely", "inaccurate", "untrue", "actually", "contrary",
             "misleading", "myth", "fact"}
_SYNONYMS = {"ussr": "soviet", "usa": "united", "america": "united", "american": "united", "americans": "united",
             "russia": "soviet", "russian": "soviet", "soviets": "soviet", "kremlin": "soviet"}


def stem(word: str) -> str:
    """A word's lower-case stem by a few English suffix rules, enough to match "lands" with "land" and "removed"
    with "remove"; not a linguist's stemmer."""
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s")
    w = _SYNONYMS.get(w, w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2] if not w.endswith("eed") else w
    return w


def content_words(text: str) -> list[str]:
    """The stems of a text's words that carry meaning (English stop words left out; negations kept apart)."""
    return [stem(w) for w in WORD.findall(text.translate(quotes._FOLD))
            if w.lower() not in ENGLISH_STOP_WORDS and w.lower() not in _NEGATION and len(w) > 1]


def negations(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text.translate(quotes._FOLD)) if w.lower() in _NEGATION} | (
        {"not"} if re.search(r"n['’]t\b", text) else set())
