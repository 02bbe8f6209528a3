"""Normalisation and word segmentation with the domain dictionary (PyThaiNLP, offline)."""

from __future__ import annotations

import re

from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, normalize

from thaitext import to_arabic_digits

# Main purpose is stated up front; the tail of a 10,000-character paste adds cost, not signal.
MAX_CHARS = 3000

_SPACES = re.compile(r"\s+")
# Leaders write Thai repetition marks and stretched vowels ("มากกกก", "ๆๆ"); collapse long
# runs so they do not produce dozens of one-letter tokens.
_RUNS = re.compile(r"(.)\1{3,}")


def prepare(text: str) -> str:
    """Normalised, Arabic-digit, lower-case, single-spaced text (bounded length)."""
    text = to_arabic_digits(text[:MAX_CHARS])
    text = normalize(text)
    text = _RUNS.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip().lower()


def tokenize(prepared: str, trie: Trie) -> list[str]:
    """Words of ``prepared`` (from :func:`prepare`), without whitespace tokens."""
    if not prepared:
        return []
    words = word_tokenize(prepared, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return [w for w in words if w.strip()]
