"""The shipped fallback model: loads without scikit-learn, and only decides abstentions."""

import datetime
import subprocess
import sys

import pytest

from classifier import classify, warm_up
from classifier.model import MODEL_THRESHOLD, fallback_model, features
from classifier.text import prepare, tokenize
from classifier.vocabulary import vocabulary

DAY = datetime.date(2024, 12, 31)


def _features(text: str) -> dict[str, float]:
    prepared = prepare(text)
    return features(prepared, tokenize(prepared, vocabulary().trie))


def test_model_loads_with_both_parts_and_was_not_trained_on_holdout5() -> None:
    warm_up()
    model = fallback_model()
    assert set(model.type_model.classes) == {"3.1", "3.2", "3.3", "none"}
    assert set(model.dimension_model.classes) == {"living", "health", "income", "services"}
    assert model.type_model.weights and model.dimension_model.weights
    assert "holdout5.jsonl" not in model.trained_on
    assert fallback_model() is model


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
