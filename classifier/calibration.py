"""Calibrated confidence: a raw confidence mapped to how often such answers were right.

The map is fitted by ``python -m classifier.calibrate`` on held-out data only: what the
classifier answered the first time it read each fresh set (``evaldata/firstrun/``), before
anything was tuned on that set. It is monotone and piecewise linear between ``knots`` (raw,
share right). Answers whose calibrated confidence falls below ``ASK_THRESHOLD`` are asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from classifier.result import ASK_THRESHOLD

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    knots: tuple[tuple[float, float], ...]
    fitted_on: tuple[str, ...]

    def __call__(self, raw: float) -> float:
        """The calibrated confidence of an answer; a raw abstention stays one."""
        if raw < ASK_THRESHOLD or not self.knots:
            return raw
        knots = self.knots
        if raw <= knots[0][0]:
            return knots[0][1]
        for (x0, y0), (x1, y1) in zip(knots, knots[1:], strict=False):
            if raw <= x1:
                share = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
                return round(y0 + (y1 - y0) * share, 3)
        return knots[-1][1]


def parse_calibration(text: str) -> Calibration:
    data = json.loads(text)
    knots = tuple((float(x), float(y)) for x, y in data["knots"])
    if any(b[0] < a[0] or b[1] < a[1] for a, b in zip(knots, knots[1:], strict=False)):
        raise ValueError("calibration: knots must rise")
    return Calibration(knots, tuple(data["fitted_on"]))


@cache
def calibration() -> Calibration:
    """The shipped calibration, loaded once."""
    return parse_calibration(
        resources.files("classifier").joinpath(CALIBRATION_FILE).read_text("utf-8"))


def calibrate(raw: float) -> float:
    """``raw`` through the shipped calibration."""
    return calibration()(raw)
