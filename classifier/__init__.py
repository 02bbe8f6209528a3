"""Classify leaders' LINE messages into activity types 3.1 / 3.2 / 3.3 (or not a report)."""

from classifier.core import classify, warm_up
from classifier.result import ASK_THRESHOLD, Classification

__all__ = ["ASK_THRESHOLD", "Classification", "classify", "warm_up"]
