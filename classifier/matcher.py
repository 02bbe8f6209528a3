"""Longest-match lookup of lexicon keys in a token sequence."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tag:
    """What a matched key means: e.g. ("type", "3.1", 3.0) or ("sector", "รัฐ|org", 0)."""

    category: str
    label: str
    weight: float = 0.0


@dataclass(frozen=True)
class Hit:
    """A key found at tokens[start:end]."""

    start: int
    end: int
    text: str
    tags: tuple[Tag, ...]

    def has(self, category: str) -> bool:
        return any(t.category == category for t in self.tags)


# Tokens whose one-token reading is remembered; past this the memory starts again.
SINGLES_REMEMBERED = 50_000


@dataclass
class KeywordIndex:
    """Keys as token tuples, looked up by first token; ``stem*`` keys match a token prefix."""

    exact: dict[str, list[tuple[tuple[str, ...], list[Tag]]]] = field(default_factory=dict)
    prefixes: dict[str, list[Tag]] = field(default_factory=dict)
    _by_key: dict[tuple[str, ...], list[Tag]] = field(default_factory=dict)
    # Compound fallback: a dictionary compound ("พระธาตุบังพวน", "สุขสันต์วันเกิด") that no
    # key matches is read as its longest leading one-word key of at least this many letters.
    compound_min: int = 0
    compound_skip: frozenset[str] = frozenset()
    _singles: dict[str, tuple[Tag, ...]] = field(default_factory=dict, repr=False)
    _stem_lengths: tuple[int, ...] = ()

    def add(self, tokens: tuple[str, ...], tag: Tag) -> None:
        if not tokens:
            return
        if tokens in self._by_key:
            self._by_key[tokens].append(tag)
            return
        tags = [tag]
        self._by_key[tokens] = tags
        bucket = self.exact.setdefault(tokens[0], [])
        bucket.append((tokens, tags))
        bucket.sort(key=lambda item: -len(item[0]))

    def add_prefix(self, stem: str, tag: Tag) -> None:
        self.prefixes.setdefault(stem, []).append(tag)
        self._stem_lengths = tuple(sorted({len(s) for s in self.prefixes}, reverse=True))

    def find(self, tokens: list[str]) -> list[Hit]:
        """Non-overlapping hits, left to right, longest key first at each position."""
        hits: list[Hit] = []
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            longer = self._longer_key(tokens, i)
            if longer is not None:
                key, tags = longer
                hits.append(Hit(i, i + len(key), " ".join(key), tuple(tags)))
                i += len(key)
                continue
            single = self._single(token)
            if single:
                hits.append(Hit(i, i + 1, token, single))
            i += 1
        return hits

    def find_all(self, tokens: list[str]) -> list[Hit]:
        """Every key at every position, overlapping (context cues: one word may be cue to
        several rules, "มา สอน" is both someone acting and a training)."""
        hits: list[Hit] = []
        for i, token in enumerate(tokens):
            for key, tags in self.exact.get(token, ()):
                if len(key) > 1 and tuple(tokens[i : i + len(key)]) == key:
                    hits.append(Hit(i, i + len(key), " ".join(key), tuple(tags)))
            single = self._single(token)
            if single:
                hits.append(Hit(i, i + 1, token, single))
        return hits

    def _longer_key(
        self, tokens: list[str], i: int
    ) -> tuple[tuple[str, ...], list[Tag]] | None:
        """The longest key of two or more tokens starting at ``tokens[i]``, if any."""
        for key, tags in self.exact.get(tokens[i], ()):
            if len(key) > 1 and tuple(tokens[i : i + len(key)]) == key:
                return key, tags
        return None

    def _single(self, token: str) -> tuple[Tag, ...]:
        """What one token means alone: its own key, else a stem it starts with, else the
        compound fallback (remembered per token: words repeat across messages)."""
        known = self._singles.get(token)
        if known is not None:
            return known
        tags: list[Tag] = list(self._by_key.get((token,), ()))
        if not tags:
            for length in self._stem_lengths:
                if len(token) >= length and token[:length] in self.prefixes:
                    tags = list(self.prefixes[token[:length]])
                    break
        if not tags and self.compound_min and len(token) >= self.compound_min + 2:
            tags = self._compound(token)
        if len(self._singles) >= SINGLES_REMEMBERED:
            self._singles.clear()
        self._singles[token] = found = tuple(tags)
        return found

    def _compound(self, token: str) -> list[Tag]:
        for length in range(len(token) - 2, self.compound_min - 1, -1):
            tags = self._by_key.get((token[:length],))
            if tags:
                return [t for t in tags if t.category not in self.compound_skip]
        return []


def build_index(
    entries: Iterable[tuple[str, Tag]], split: Callable[[str], list[str]]
) -> KeywordIndex:
    """Index ``(key, tag)`` pairs; ``split`` segments a key exactly as message text is."""
    index = KeywordIndex()
    for key, tag in entries:
        key = key.strip().lower()
        if key.endswith("*") and " " not in key:
            index.add_prefix(key[:-1], tag)
        else:
            index.add(tuple(split(key)), tag)
    return index
