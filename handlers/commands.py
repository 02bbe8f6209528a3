"""Reading a typed command the way people type it on a phone: `/`, `#`, extra spaces, Thai
digits."""

from __future__ import annotations

import re
from functools import lru_cache

from thaitext import to_arabic_digits

_PREFIX = re.compile(r"^[/#!\s]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=64)  # every command check of an event normalises the same text
def normalise(text: str) -> str:
    text = to_arabic_digits(text)
    text = _PREFIX.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()


def command_argument(text: str, *words: str) -> str | None:
    """The rest of the text after one of `words` (spaces optional), or None if it is not that
    command."""
    norm = normalise(text)
    for word in words:
        if norm == word or norm.startswith(word):
            return norm[len(word):].strip()
    return None


def is_command(text: str, *words: str) -> bool:
    """True when the whole text is one of `words` (ignoring spaces and prefixes)."""
    return normalise(text).replace(" ", "") in {w.replace(" ", "") for w in words}
