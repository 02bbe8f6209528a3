"""Thai-digit conversion (leaders type ๒๕ as often as 25)."""

import re

from pythainlp.util import thai_digit_to_arabic_digit

_THAI_DIGIT = re.compile("[๐-๙]")


def to_arabic_digits(text: str) -> str:
    """Return ``text`` with every Thai digit replaced by its Arabic digit."""
    # PyThaiNLP converts a character at a time; most texts have no Thai digit at all.
    return thai_digit_to_arabic_digit(text) if _THAI_DIGIT.search(text) else text
