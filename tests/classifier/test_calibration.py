"""Calibrated confidence: fitted on held-out first runs only, monotone, and what the bot asks by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.calibrate import MIN_BLOCK, Outcome, fit, main, read_outcomes, reliability
from classifier.calibration import Calibration, calibration, parse_calibration
from classifier.result import ASK_THRESHOLD

FIRSTRUN = Path(__file__).resolve().parents[2] / "evaldata" / "firstrun"


def test_shipped_calibration_is_fitted_on_every_first_run_and_rises() -> None:
    shipped = calibration()
    assert set(shipped.fitted_on) == {p.stem for p in FIRSTRUN.glob("*.jsonl")}
    points = [shipped(x / 100) for x in range(55, 100)]
    assert points == sorted(points)
    assert all(0.0 <= p <= 1.0 for p in points)


@pytest.mark.parametrize(
    ("raw", "calibrated"),
    [
        (0.3, 0.3),  # an abstention stays one
        (0.6, 0.5),  # at the first knot
        (0.7, 0.6),  # half-way between the first two
        (0.8, 0.7),
        (0.95, 0.9),  # past the last knot: its value
    ],
)
def test_piecewise_linear_between_knots(raw: float, calibrated: float) -> None:
    table = Calibration(((0.6, 0.5), (0.8, 0.7), (0.9, 0.9)), ("test",))
    assert table(raw) == pytest.approx(calibrated)


def test_knots_must_rise() -> None:
    with pytest.raises(ValueError):
        parse_calibration(json.dumps({"fitted_on": [], "knots": [[0.6, 0.8], [0.9, 0.7]]}))


def test_fit_pools_adjacent_violators_into_blocks_of_enough_answers() -> None:
    # Confident answers right 9 times in 10, middling ones 5 in 10, low ones 7 in 10: the low
    # and middling blocks violate the order and are pooled.
    outcomes = (
        [Outcome(0.6, i < 7, False) for i in range(MIN_BLOCK)]
        + [Outcome(0.75, i < 5, False) for i in range(MIN_BLOCK)]
        + [Outcome(0.95, i < 9, False) for i in range(MIN_BLOCK)]
        + [Outcome(0.4, True, True)]  # abstentions are not fitted
    )
    knots = fit(outcomes)
    assert len(knots) == 2
    assert knots[0] == (0.675, round((12 + 1) / (20 + 2), 3))
    assert knots[1] == (0.95, round((9 + 1) / (10 + 2), 3))


def test_reliability_table_counts_answers_and_asks() -> None:
    outcomes = [Outcome(0.96, True, False), Outcome(0.97, False, False),
                Outcome(0.6, True, False), Outcome(0.5, False, True)]
    table = reliability(outcomes)
    assert "| 0.95–1.00 | 2 | 0.965 | 0.500 |" in table
    assert "| 0.55–0.70 | 1 | 0.600 | 1.000 |" in table
    assert f"| asked (< {ASK_THRESHOLD}) | 1 | – | 0.000 |" in table


def test_refitting_reproduces_the_shipped_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "calibration.json"
    main(["--out", str(out)])
    refitted = parse_calibration(out.read_text("utf-8"))
    assert refitted == calibration()
    printed = capsys.readouterr().out
    assert "calibrated on the others only" in printed
    for path in FIRSTRUN.glob("*.jsonl"):
        assert read_outcomes(path)


def test_answers_at_the_same_confidence_stay_in_one_block() -> None:
    """Many answers share the lexicon's cap: sorting them wrong-first must not split the wrong
    ones into a lower block and leave a top block of only right ones."""
    capped = [Outcome(0.97, i % 5 != 0, False) for i in range(40)]  # 32 of 40 right
    lower = [Outcome(0.8, i % 2 == 0, False) for i in range(10)]
    knots = fit(capped + lower)
    assert knots[-1] == (0.97, round((32 + 1) / (40 + 2), 3))
