"""Classify leaders' LINE messages into activity types 3.1 / 3.2 / 3.3 (or not a report)."""

from classifier.core import classify, warm_up
from classifier.result import ASK_THRESHOLD, Classification
from classifier.version import CLASSIFIER_VERSION, classifier_version

__all__ = [
    "ASK_THRESHOLD", "CLASSIFIER_VERSION", "Classification", "classifier_version", "classify",
    "warm_up",
]
