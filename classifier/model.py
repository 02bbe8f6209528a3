"""A small linear fallback model, read from ``fallback_model.json``, for texts the lexicon
cannot decide.

The weights are a multinomial logistic regression trained at build time on the labelled
sets (``python -m classifier.train``) over the words of :func:`classifier.text.tokenize` and
character trigrams. At run time it is pure Python: a dictionary look-up per feature and a
softmax, with nothing trained or downloaded. :func:`classifier.core.classify` asks it only
when the lexicon abstains, and takes its answer only when it is sure (``MODEL_THRESHOLD``).
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_FILE = "fallback_model.json"
# The model's answer replaces an abstention only at or above this probability (a lower one
# turned more abstentions into silent errors on sets the lexicon had not been tuned on).
MODEL_THRESHOLD = 0.8
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
    found = {"w:" + _DIGITS.sub("0", token): 1.0 for token in tokens}
    padded = " " + _DIGITS.sub("0", prepared) + " "
    for i in range(len(padded) - CHAR_NGRAM + 1):
        found["c:" + padded[i : i + CHAR_NGRAM]] = 1.0
    found["len"] = min(len(tokens), LENGTH_CAP) / LENGTH_CAP
    return found


@dataclass(frozen=True)
class LinearModel:
    """One multinomial logistic regression: class names, intercepts, per-feature weights."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, found: dict[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in found.items():
            row = self.weights.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    scores[i] += weight * value
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
        return cls(classes, tuple(data["intercept"]), weights)


@dataclass(frozen=True)
class FallbackModel:
    """The type model (3.1 / 3.2 / 3.3 / none) and the 3.2 dimension model."""

    type_model: LinearModel
    dimension_model: LinearModel
    trained_on: tuple[str, ...]


_lock = threading.Lock()
_model: FallbackModel | None = None


def fallback_model() -> FallbackModel:
    """The shipped model, loaded once (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                text = resources.files("classifier").joinpath(MODEL_FILE).read_text("utf-8")
                data = json.loads(text)
                _model = FallbackModel(
                    LinearModel.from_json(data["type"]),
                    LinearModel.from_json(data["dimension"]),
                    tuple(data["trained_on"]),
                )
    return _model
