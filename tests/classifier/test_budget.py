"""The evaluation figures on the project's labelled sets must stay within budget.

Every set here was tuned on (see evaldata/README.md): these are regression checks. The honest
estimate of how the classifier does on new text is each fresh set's first run, recorded in
evaldata/README.md and evaldata/firstrun/ before anything was tuned on it.
"""

import json
from pathlib import Path

import pytest

from classifier.evaluate import BUDGETS, evaluate, passes
from classifier.train import TRAIN_FILES

EVALDATA = Path(__file__).resolve().parents[2] / "evaldata"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (EVALDATA / name).read_text("utf-8").splitlines() if line]


@pytest.mark.parametrize("name", TRAIN_FILES)
def test_figures_meet_budget(name: str) -> None:
    figures = evaluate(_rows(name))
    failed = {k: round(figures[k], 3) for k, ok in passes(figures).items() if not ok}
    assert not failed, f"{name}: over budget {failed}; errors {figures['errors']}"


def test_own_set_is_large_and_follows_the_format() -> None:
    rows = _rows("own.jsonl")
    assert len(rows) >= 60
    for row in rows:
        assert row["type"] in ("3.1", "3.2", "3.3", "none")
        assert (row["dimension"] is not None) == (row["type"] == "3.2")


def test_no_set_is_still_called_held_out() -> None:
    assert not list(EVALDATA.glob("holdout*.jsonl"))
    assert set(TRAIN_FILES) == {p.name for p in EVALDATA.glob("*.jsonl")}


@pytest.mark.parametrize("name", [n for n in TRAIN_FILES if n not in ("dev.jsonl", "own.jsonl")])
def test_sets_are_labelled_like_the_shared_set(name: str) -> None:
    rows = _rows(name)
    assert len(rows) >= 40
    assert len({row["id"] for row in rows}) == len(rows)
    assert {row["type"] for row in rows} == {"3.1", "3.2", "3.3", "none"}
    for row in rows:
        assert (row["dimension"] is not None) == (row["type"] == "3.2")
        assert row["type"] != "none" or (row["sectors"] == [] and row["participants"] is None)


def test_evaluate_counts_abstentions_and_silent_errors() -> None:
    rows = [
        {"text": "ประชุมคณะกรรมการศูนย์ผู้นำฯ 9 คน", "type": "3.1", "dimension": None,
         "sectors": [], "participants": 9},
        # Gold says 3.3, the classifier confidently says 3.1: a silent error.
        {"text": "ประชุมคณะกรรมการศูนย์ผู้นำฯ 9 คน", "type": "3.3", "dimension": None,
         "sectors": [], "participants": 9},
        {"text": "สวัสดีค่ะ", "type": "none", "dimension": None, "sectors": [],
         "participants": None},
        {"text": "ช่วยยายลงทะเบียนบัตรสวัสดิการแห่งรัฐ", "type": "3.2", "dimension": "health",
         "sectors": ["รัฐ"], "participants": None},
    ]
    figures = evaluate(rows)
    assert figures["n"] == 4
    assert figures["type_accuracy"] == pytest.approx(3 / 4)
    assert figures["silent_error_rate"] == pytest.approx(1 / 4)
    assert figures["none_recall"] == 1.0
    assert figures["dimension_accuracy"] == 0.0
    assert figures["sector_recall"] == 0.0
    assert figures["participant_exact"] == 1.0
    assert figures["confusion"]["3.3"]["3.1"] == 1
    assert set(passes(figures)) == set(BUDGETS)


@pytest.mark.parametrize("name", ["fresh1.jsonl", "fresh2.jsonl", "fresh3.jsonl", "fresh4.jsonl",
                                  "fresh5.jsonl"])
def test_fresh_sets_are_large_and_their_first_runs_are_kept(name: str) -> None:
    rows = _rows(name)
    assert len(rows) >= 150
    first = _rows(f"firstrun/{name}")
    assert [r["id"] for r in first] == [r["id"] for r in rows]
    assert [r["gold"] for r in first] == [r["type"] for r in rows]



def test_the_unseen_set_is_kept_with_its_only_first_run() -> None:
    """evaldata/unseen/ holds a fresh set scored once and not yet tuned on: nothing trains on
    it, and its first run stays beside it for the round that does."""
    rows = _rows("unseen/fresh6.jsonl")
    first = _rows("unseen/firstrun-fresh6.jsonl")
    assert len(rows) >= 150
    assert [r["id"] for r in first] == [r["id"] for r in rows]
    assert [r["gold"] for r in first] == [r["type"] for r in rows]
    assert "unseen/fresh6.jsonl" not in TRAIN_FILES
