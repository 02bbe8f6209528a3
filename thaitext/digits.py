"""Thai-digit conversion (leaders type ๒๕ as often as 25)."""

from pythainlp.util import thai_digit_to_arabic_digit


def to_arabic_digits(text: str) -> str:
    """Return ``text`` with every Thai digit replaced by its Arabic digit."""
    return thai_digit_to_arabic_digit(text) if text else text
