"""The classifier's data: lexicon files loaded once into a dictionary trie and two indexes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from importlib import resources
from typing import Any

from pythainlp.corpus.common import thai_words
from pythainlp.util import Trie, dict_trie

from classifier.matcher import KeywordIndex, Tag, build_index
from classifier.text import prepare, tokenize

_PACKAGE = "classifier"
# Shortest one-word key read inside a longer dictionary compound (shorter keys such as "ยา"
# would also match unrelated words such as "ยาย").
COMPOUND_MIN = 4
_FOLDER = "lexicons"


@dataclass(frozen=True)
class Vocabulary:
    """Everything loaded from ``classifier/lexicons``."""

    trie: Trie
    lexicon: KeywordIndex  # types, dimensions, sectors, network, national-day names
    cues: KeywordIndex  # context cue words (meeting, future, temple, ...)
    cue_words: dict[str, frozenset[str]]  # the same cues as token sets, for positional checks


def _read_json(name: str) -> dict[str, Any]:
    data = json.loads(resources.files(_PACKAGE).joinpath(_FOLDER, name).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _read_words(name: str) -> list[str]:
    text = resources.files(_PACKAGE).joinpath(_FOLDER, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _lexicon_entries() -> Iterator[tuple[str, Tag]]:
    for label, words in _read_json("types.json").items():
        for word, weight in words.items():
            yield word, Tag("type", label, float(weight))
    for label, words in _read_json("dimensions.json").items():
        category = "cleanup" if label == "cleanup" else "dim"
        for word, weight in words.items():
            yield word, Tag(category, label, float(weight))
    for key, names in _read_json("national_days.json").items():
        for name in names:
            yield name, Tag("nday", key)
    sectors = _read_json("sectors.json")
    for word in sectors.pop("network"):
        yield word, Tag("network", "network")
    for word in sectors.pop("ignore"):
        yield word, Tag("ignore", "ignore")
    for sector, kinds in sectors.items():
        for kind, words in kinds.items():
            for word in words:
                # The kind (actor/org/place) rides in the label so one index serves all.
                yield word, Tag("sector", f"{sector}|{kind}")


def _cue_entries(cues: dict[str, list[str]]) -> Iterator[tuple[str, Tag]]:
    for name, words in cues.items():
        for word in words:
            yield word, Tag("cue", name)


def _dictionary_words(keys: list[str]) -> set[str]:
    listed = _read_words("extra_words.txt")
    removed = {w[1:] for w in listed if w.startswith("-")}
    words = (set(thai_words()) | {w for w in listed if not w.startswith("-")}) - removed
    for key in keys:
        for part in key.lower().split():
            words.add(part.rstrip("*"))
    return words


def _load() -> Vocabulary:
    entries = list(_lexicon_entries())
    trie = dict_trie(_dictionary_words([key for key, _ in entries]))
    split = partial(_split_key, trie=trie)
    cues: dict[str, list[str]] = _read_json("cues.json")
    lexicon = build_index(entries, split)
    cue_index = build_index(_cue_entries(cues), split)
    # Dictionary compounds that begin with a known word count as that word (word families);
    # sector names are left out: a compound place name is not a partner.
    lexicon.compound_min = cue_index.compound_min = COMPOUND_MIN
    lexicon.compound_skip = frozenset({"sector", "network", "ignore"})
    return Vocabulary(
        trie=trie,
        lexicon=lexicon,
        cues=cue_index,
        cue_words={name: frozenset(w.lower() for w in words) for name, words in cues.items()},
    )


def _split_key(key: str, trie: Trie) -> list[str]:
    return tokenize(prepare(key), trie)


_lock = threading.Lock()
_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    """The loaded vocabulary (loaded on first use; thread-safe)."""
    global _vocabulary
    if _vocabulary is None:
        with _lock:
            if _vocabulary is None:
                _vocabulary = _load()
    return _vocabulary
