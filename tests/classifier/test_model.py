"""The shipped fallback model: loads without scikit-learn, and only decides abstentions."""

import datetime
import subprocess
import sys

import pytest

from classifier import CLASSIFIER_VERSION, classifier_version, classify, warm_up
from classifier.core import consult_model
from classifier.model import (
    DISAGREE_FLOOR,
    MODEL_OVERRIDE,
    MODEL_THRESHOLD,
    FallbackModel,
    LinearModel,
    fallback_model,
    features,
)
from classifier.rules import ASK_CONFIDENCE, Decision
from classifier.text import prepare, tokenize
from classifier.train import TRAIN_FILES
from classifier.vocabulary import vocabulary

DAY = datetime.date(2024, 12, 31)


def _features(text: str) -> dict[str, float]:
    prepared = prepare(text)
    return features(prepared, tokenize(prepared, vocabulary().trie))


def test_model_loads_with_both_parts_and_was_trained_on_the_shipped_sets() -> None:
    warm_up()
    model = fallback_model()
    assert set(model.type_model.classes) == {"3.1", "3.2", "3.3", "none"}
    assert set(model.dimension_model.classes) == {"living", "health", "income", "services"}
    assert model.type_model.weights and model.dimension_model.weights
    assert model.trained_on == TRAIN_FILES
    assert fallback_model() is model
    assert classifier_version() == f"{CLASSIFIER_VERSION}+model.{model.digest}"
    assert len(model.digest) == 8


def test_probabilities_are_a_distribution() -> None:
    probabilities = fallback_model().type_model.probabilities(_features("ประชุมกรรมการศูนย์"))
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())
    # Unknown features only leave the intercepts.
    assert fallback_model().type_model.probabilities({"w:ไม่มีคำนี้": 1.0})


def test_features_read_words_trigrams_and_ignore_digit_values() -> None:
    found = _features("ตรวจ 12 คน")
    assert "w:0" in found and "c: 0 " in found and "w:12" not in found
    assert any(name.startswith("w:") for name in found)
    assert any(name.startswith("c:") for name in found)


def test_model_answers_a_text_the_lexicon_has_no_words_for() -> None:
    result = classify("เอาเครื่องสูบน้ำไปช่วยบ้านที่น้ำเข้า ยกของขึ้นที่สูงให้ 3 หลัง", DAY)
    assert result.activity_type == "3.2" and result.dimension == "living"
    assert not result.abstain
    assert any(e.startswith("model:3.2:") for e in result.evidence)


def test_model_is_not_asked_when_the_lexicon_is_sure() -> None:
    result = classify("ประชุมคณะกรรมการศูนย์ผู้นำฯ ประจำเดือน 12 คน", DAY)
    assert result.activity_type == "3.1"
    assert not any(e.startswith("model:") for e in result.evidence)


def test_threshold_is_strict() -> None:
    assert 0.55 < MODEL_THRESHOLD < 1.0


def test_runtime_needs_neither_numpy_nor_scikit_learn() -> None:
    script = (
        "import datetime, sys, classifier; classifier.warm_up();"
        "classifier.classify('ยกของขึ้นที่สูงให้ 3 หลัง', datetime.date(2024, 1, 5));"
        "print(sorted(m for m in ('numpy', 'sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def _model(type_probabilities: dict[str, float]) -> FallbackModel:
    """A model whose type probabilities are ``type_probabilities`` whatever the text."""
    import math

    classes = tuple(type_probabilities)
    intercept = tuple(math.log(p) for p in type_probabilities.values())
    flat = LinearModel(classes, intercept, {})
    dims = LinearModel(("living", "health", "income", "services"), (0.0, 0.0, 0.0, 0.0), {})
    return FallbackModel(flat, dims, (), "test")


def _consult(decision: Decision, probabilities: dict[str, float]) -> Decision:
    text = "ซ่อมบ้านให้ยาย"
    prepared = prepare(text)
    return consult_model(_model(probabilities), prepared, tokenize(prepared, vocabulary().trie),
                         decision, None)


LEXICON_32 = Decision("3.2", "living", None, 0.9, ("ซ่อมบ้าน->living",))


@pytest.mark.parametrize(
    ("decision", "probabilities", "expected_type", "asks"),
    [
        # Agreeing: the lexicon stands, with its confidence.
        (LEXICON_32, {"3.1": 0.05, "3.2": 0.85, "3.3": 0.05, "none": 0.05}, "3.2", False),
        # Sure of another type: the model answers.
        (LEXICON_32, {"3.1": 0.02, "3.2": 0.02, "3.3": 0.95, "none": 0.01}, "3.3", False),
        # Doubting the lexicon's answer without being sure of its own: ask.
        (LEXICON_32, {"3.1": 0.5, "3.2": 0.1, "3.3": 0.2, "none": 0.2}, "3.2", True),
        # Disagreeing mildly: the lexicon stands.
        (LEXICON_32, {"3.1": 0.45, "3.2": 0.35, "3.3": 0.1, "none": 0.1}, "3.2", False),
        # A context rule decided (a temple's roof): a sure model only makes the bot ask.
        (Decision("3.3", None, None, 0.9, ("หลังคา->living", "rule:temple-building")),
         {"3.1": 0.02, "3.2": 0.95, "3.3": 0.02, "none": 0.01}, "3.3", True),
        # The lexicon abstains: a sure model answers, an unsure one leaves the question.
        (Decision(None, None, None, 0.5, ("rule:no-evidence",)),
         {"3.1": 0.05, "3.2": 0.85, "3.3": 0.05, "none": 0.05}, "3.2", False),
        (Decision(None, None, None, 0.5, ("rule:no-evidence",)),
         {"3.1": 0.25, "3.2": 0.5, "3.3": 0.2, "none": 0.05}, None, True),
        # Settled by its form (a bot command): not checked.
        (Decision(None, None, None, 0.95, ("rule:bot-command",), True),
         {"3.1": 0.97, "3.2": 0.01, "3.3": 0.01, "none": 0.01}, None, False),
    ],
)
def test_the_model_checks_the_lexicon(decision: Decision, probabilities: dict[str, float],
                                      expected_type: str | None, asks: bool) -> None:
    checked = _consult(decision, probabilities)
    assert checked.activity_type == expected_type
    assert (checked.confidence < 0.55) == asks
    if asks and decision.confidence >= 0.55:
        assert checked.confidence == ASK_CONFIDENCE


def test_policy_thresholds_are_ordered() -> None:
    assert 0.0 < DISAGREE_FLOOR < 0.5 < MODEL_THRESHOLD <= MODEL_OVERRIDE < 1.0
