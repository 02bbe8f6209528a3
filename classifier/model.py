"""A small linear model, read from ``fallback_model.json``, that checks the lexicon and
answers for it where the lexicon cannot decide.

The weights are a multinomial logistic regression trained at build time on the labelled
sets (``python -m classifier.train``, optionally with labels exported from the field) over the
words of :func:`classifier.text.tokenize` and character trigrams. At run time it is pure
Python: a dictionary look-up per feature and a softmax, with nothing trained or downloaded.
:func:`classifier.core.classify` reads its probabilities for every text: it answers where the
lexicon abstains (at ``MODEL_THRESHOLD``), overrides the lexicon where it is sure of another
type (``MODEL_OVERRIDE``), and makes the bot ask where it only doubts the lexicon's answer
(``DISAGREE_FLOOR``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FILE = "fallback_model.json"
# The model's answer replaces an abstention only at or above this probability (a lower one
# turned more abstentions into silent errors on sets the lexicon had not been tuned on).
MODEL_THRESHOLD = 0.8
# The model's answer replaces a lexicon answer of another type at or above this probability
# (on the first run of fresh1, every such answer of the model was right).
MODEL_OVERRIDE = 0.9
# Below this probability for the lexicon's answer, a disagreeing model makes the bot ask.
DISAGREE_FLOOR = 0.25
# The confidence a model answer is reported with never exceeds this.
MODEL_MAX_CONFIDENCE = 0.9
# Words and trigrams seen in fewer training texts than this are not features.
MIN_TEXTS = 2
CHAR_NGRAM = 3
# The length feature saturates at this many words.
LENGTH_CAP = 40

_DIGITS = re.compile(r"\d+")


def features(prepared: str, tokens: list[str]) -> dict[str, float]:
    """Features of a text from :func:`classifier.text.prepare` and its tokens."""
    # Digits to "0" in one pass over all the words (prepare() leaves no "\x1f" in the text).
    words = _DIGITS.sub("0", "\x1f".join(tokens)).split("\x1f") if tokens else []
    found = dict.fromkeys(["w:" + word for word in words], 1.0)
    padded = " " + _DIGITS.sub("0", prepared) + " "
    found.update(dict.fromkeys(
        ["c:" + padded[i : i + CHAR_NGRAM] for i in range(len(padded) - CHAR_NGRAM + 1)], 1.0
    ))
    found["len"] = min(len(tokens), LENGTH_CAP) / LENGTH_CAP
    return found


@dataclass(frozen=True)
class LinearModel:
    """One multinomial logistic regression: class names, intercepts, per-feature weights."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    # The same weights per class, for summing in C rather than in a Python loop.
    _columns: tuple[dict[str, float], ...] = field(default=(), repr=False, compare=False)

    def probabilities(self, found: dict[str, float]) -> dict[str, float]:
        columns = self._columns or _columns_of(self.classes, self.weights)
        known = list(filter(self.weights.__contains__, found))
        scale = found.get("len", 0.0)
        scores = []
        for bias, column in zip(self.intercept, columns, strict=True):
            score = bias + sum(map(column.__getitem__, known))
            if "len" in known:  # the one feature whose value is not 1
                score += column["len"] * (scale - 1.0)
            scores.append(score)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    def best(self, found: dict[str, float]) -> tuple[str, float]:
        probabilities = self.probabilities(found)
        label = max(probabilities, key=probabilities.__getitem__)
        return label, probabilities[label]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        classes = tuple(data["classes"])
        weights = {name: tuple(row) for name, row in data["weights"].items()}
        if len(data["intercept"]) != len(classes) or any(
            len(row) != len(classes) for row in weights.values()
        ):
            raise ValueError("fallback model: weight rows do not match the classes")
        return cls(classes, tuple(data["intercept"]), weights, _columns_of(classes, weights))


def _columns_of(
    classes: tuple[str, ...], weights: dict[str, tuple[float, ...]]
) -> tuple[dict[str, float], ...]:
    return tuple({name: row[i] for name, row in weights.items()} for i in range(len(classes)))


@dataclass(frozen=True)
class FallbackModel:
    """The type model (3.1 / 3.2 / 3.3 / none) and the 3.2 dimension model."""

    type_model: LinearModel
    dimension_model: LinearModel
    trained_on: tuple[str, ...]
    # The first hex digits of the file's SHA-256: which weights answered (see classifier.version).
    digest: str


def parse_model(text: str) -> FallbackModel:
    """A model from the text of a ``fallback_model.json`` file."""
    data = json.loads(text)
    return FallbackModel(
        LinearModel.from_json(data["type"]),
        LinearModel.from_json(data["dimension"]),
        tuple(data["trained_on"]),
        hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
    )


def load_model(path: Path) -> FallbackModel:
    """A model from a file, e.g. one retrained with field labels (``--out``)."""
    return parse_model(path.read_text(encoding="utf-8"))


@cache
def fallback_model() -> FallbackModel:
    """The shipped model, loaded once."""
    return parse_model(resources.files("classifier").joinpath(MODEL_FILE).read_text("utf-8"))
