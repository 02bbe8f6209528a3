"""Which classifier answered: recorded with every label a person gives (see handlers), so
that labels from the field can be told apart by the rules and weights they corrected."""

from __future__ import annotations

from classifier.model import FallbackModel, fallback_model

# The rules, lexicons and calibration. Bump it whenever one of them changes what a text gets;
# 1.0 was the classifier before issue #15 (fresh held-out sets, the model as a second reader);
# 1.1 after rounds 1 and 2 of tuning; 1.2 after round 3 (fresh3: English and romanised Thai);
# 1.3 after round 4 (fresh4: Thai number words, formal register, tributes, forwarded news);
# 1.4 after round 5 (fresh5: strength reports in นาย, plans and agendas, reported speech).
CLASSIFIER_VERSION = "1.4"


def classifier_version(model: FallbackModel | None = None) -> str:
    """``CLASSIFIER_VERSION`` and the fallback model's digest, e.g. ``1.2+model.2bd4e3c9``."""
    return f"{CLASSIFIER_VERSION}+model.{(model or fallback_model()).digest}"
