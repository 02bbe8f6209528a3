"""Fit ``classifier/calibration.json`` on held-out first runs and print reliability tables.

Run ``python -m classifier.calibrate`` from the project root. It reads every
``evaldata/firstrun/*.jsonl`` (one line per text of a fresh set: the gold type, the answer the
classifier gave the first time it read the set, its raw confidence and whether it abstained),
fits a monotone map from raw confidence to the share of answers that were right (pool
adjacent violators, with add-one smoothing), writes it, and prints Markdown tables for
evaldata/README.md: the raw reliability, the same after calibration, and, with two or more
sets, each set scored with a map fitted on the others only.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier.calibration import CALIBRATION_FILE, Calibration
from classifier.result import ASK_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent
BINS: tuple[float, ...] = (ASK_THRESHOLD, 0.7, 0.8, 0.9, 0.95, 1.0001)
# The fewest answers one knot of the map stands on.
MIN_BLOCK = 10


@dataclass(frozen=True)
class Outcome:
    """One first-run answer: its raw confidence and whether the type was right."""

    confidence: float
    right: bool
    abstained: bool


def read_outcomes(path: Path) -> list[Outcome]:
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            outcomes.append(Outcome(float(row["confidence"]), row["answer"] == row["gold"],
                                    bool(row["abstain"])))
    return outcomes


def fit(outcomes: Sequence[Outcome]) -> tuple[tuple[float, float], ...]:
    """Knots (mean raw confidence of a block, smoothed share right), rising."""
    points = sorted((o.confidence, o.right) for o in outcomes if not o.abstained)
    # Runs of at least MIN_BLOCK answers, so that no knot rests on a handful of them; equal
    # confidences stay in one run (many answers share the lexicon's cap).
    runs: list[list[float]] = []  # [sum of confidences, right, count, last confidence]
    for confidence, right in points:
        if not runs or (runs[-1][2] >= MIN_BLOCK and confidence != runs[-1][3]):
            runs.append([0.0, 0.0, 0.0, confidence])
        run = runs[-1]
        run[0] += confidence
        run[1] += right
        run[2] += 1
        run[3] = confidence
    if len(runs) > 1 and runs[-1][2] < MIN_BLOCK:
        last = runs.pop()
        for i in range(3):
            runs[-1][i] += last[i]
    blocks: list[list[float]] = []  # [sum of confidences, right, count]
    for run in runs:
        blocks.append(run[:3])
        while len(blocks) > 1 and _share(blocks[-2]) >= _share(blocks[-1]):
            last = blocks.pop()
            for i in range(3):
                blocks[-1][i] += last[i]
    return tuple((round(b[0] / b[2], 3), round((b[1] + 1) / (b[2] + 2), 3)) for b in blocks)


def _share(block: list[float]) -> float:
    return (block[1] + 1) / (block[2] + 2)


def reliability(outcomes: Sequence[Outcome], calibration: Calibration | None = None) -> str:
    """A Markdown table: answers binned by (calibrated) confidence, with the share right."""
    lines = ["| confidence | answers | mean confidence | share right |", "|---|---:|---:|---:|"]
    scored = [(calibration(o.confidence) if calibration else o.confidence, o) for o in outcomes]
    asked = [o for c, o in scored if o.abstained or c < ASK_THRESHOLD]
    for low, high in zip(BINS, BINS[1:], strict=False):
        chosen = [(c, o) for c, o in scored if not o.abstained and low <= c < high]
        if chosen:
            mean = sum(c for c, _ in chosen) / len(chosen)
            right = sum(o.right for _, o in chosen) / len(chosen)
            lines.append(f"| {low:.2f}–{min(high, 1.0):.2f} | {len(chosen)} | {mean:.3f} | "
                         f"{right:.3f} |")
    if asked:
        right = sum(o.right for o in asked) / len(asked)
        lines.append(f"| asked (< {ASK_THRESHOLD}) | {len(asked)} | – | {right:.3f} |")
    return "\n".join(lines)


def budget_line(outcomes: Sequence[Outcome], calibration: Calibration) -> str:
    """Accuracy, silent errors and abstentions once calibrated answers below the threshold ask."""
    n = len(outcomes)
    asked = [o for o in outcomes if o.abstained or calibration(o.confidence) < ASK_THRESHOLD]
    answered = [o for o in outcomes if o not in asked]
    right = sum(o.right for o in answered)
    return (f"accuracy {right / n:.3f}, silent errors {(len(answered) - right) / n:.3f}, "
            f"abstentions {len(asked) / n:.3f} (n = {n})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firstrun", type=Path, default=ROOT / "evaldata" / "firstrun")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / CALIBRATION_FILE)
    args = parser.parse_args(argv)
    sets = {path.stem: read_outcomes(path) for path in sorted(args.firstrun.glob("*.jsonl"))}
    if not sets:
        raise SystemExit(f"no first-run files in {args.firstrun}")
    pooled = [o for outcomes in sets.values() for o in outcomes]
    knots = fit(pooled)
    calibration = Calibration(knots, tuple(sets))
    header = json.dumps(
        {"_comment": "Generated by `python -m classifier.calibrate`; do not edit by hand.",
         "fitted_on": list(sets), "answers": len(pooled)}, ensure_ascii=False, indent=1)
    rows = ",\n  ".join(json.dumps(list(k)) for k in knots)
    args.out.write_text(header[:-2] + f',\n "knots": [\n  {rows}\n ]\n}}\n', encoding="utf-8")
    print(f"{args.out}: {len(knots)} knots from {len(pooled)} first-run answers of "
          f"{', '.join(sets)}\n")
    print("Raw confidence:\n\n" + reliability(pooled) + "\n")
    print("Calibrated (fitted on these same answers):\n\n" + reliability(pooled, calibration))
    print("\n" + budget_line(pooled, calibration) + "\n")
    if len(sets) > 1:
        for name, outcomes in sets.items():
            others = [o for other, rest in sets.items() if other != name for o in rest]
            held_out = Calibration(fit(others), tuple(k for k in sets if k != name))
            print(f"{name}, calibrated on the others only:\n\n"
                  + reliability(outcomes, held_out) + "\n\n" + budget_line(outcomes, held_out)
                  + "\n")


if __name__ == "__main__":
    main()
