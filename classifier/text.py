"""Normalisation and word segmentation with the domain dictionary (PyThaiNLP, offline)."""

from __future__ import annotations

import re

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, normalize

from classifier.latin import to_thai
from thaitext import to_arabic_digits

# Main purpose is stated up front; the tail of a 10,000-character paste adds cost, not signal.
MAX_CHARS = 3000

_SPACES = re.compile(r"\s+")
# Leaders write Thai repetition marks and stretched vowels ("มากกกก", "ๆๆ"); collapse long
# runs so they do not produce dozens of one-letter tokens.
_RUNS = re.compile(r"(.)\1{3,}")
# Anything PyThaiNLP's normalize() would change beyond whitespace (zero-width characters, a
# doubled Sara E, marks out of order or repeated, dangling marks): most messages have none,
# and normalize() costs more than a fifth of a classification.
_MARKS = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = f"{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}" \
    "\u0e3a\u0e4c\u0e4d\u0e4e"
# One pattern per case, each scanned by its own leading character set: a single alternation of
# them costs a fiftieth of a classification on every message. (A consonant, a space and a mark
# is the space-then-mark case.)
_NEEDS_NORMALIZE = tuple(re.compile(pattern) for pattern in (
    "[\u200b\u200c\u0e45]",
    "\u0e40\u0e40",
    f"[{thai_tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}]",
    f"\u0e4d[{thai_tonemarks}]*\u0e32",
    f"[{thai_follow_vowels}][{thai_tonemarks}]",
    f"([{_NO_REPEAT}])[ ]*\\1",
    f"[{thai_tonemarks}]{{2}}",
    f"^\\s*[{_MARKS}]",
    f"[ \n][{_MARKS}]",
))


def prepare(text: str) -> str:
    """Normalised, Arabic-digit, lower-case, single-spaced text (bounded length), with the
    English and romanised Thai words of ``lexicons/latin.json`` in Thai."""
    text = to_arabic_digits(text[:MAX_CHARS])
    if any(pattern.search(text) for pattern in _NEEDS_NORMALIZE):
        text = normalize(text)
    text = _RUNS.sub(r"\1\1", text)
    text = _SPACES.sub(" ", text).strip().lower()
    latin = to_thai(text)
    return text if latin is text else _SPACES.sub(" ", latin).strip()


def tokenize(prepared: str, trie: Trie) -> list[str]:
    """Words of ``prepared`` (from :func:`prepare`), without whitespace tokens."""
    if not prepared:
        return []
    words = word_tokenize(prepared, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return [w for w in words if w.strip()]
