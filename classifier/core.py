"""classify(): one leader message and its send date in, a Classification out.

The lexicon and the context rules decide first; the fallback model then reads every text and
checks them (see ``consult_model``); last, the confidence is calibrated on held-out data
(classifier.calibration) so that the bot asks exactly where a guess would too often be wrong.
"""

from __future__ import annotations

import datetime

from classifier.calibration import calibrate
from classifier.dates import WrittenDate, read_dates
from classifier.model import (
    DISAGREE_FLOOR,
    MODEL_MAX_CONFIDENCE,
    MODEL_OVERRIDE,
    MODEL_THRESHOLD,
    FallbackModel,
    fallback_model,
    features,
)
from classifier.participants import count_participants
from classifier.result import ASK_THRESHOLD, Classification
from classifier.rules import ASK_CONFIDENCE, Decision, decide, score_hits
from classifier.sectors import find_sectors
from classifier.text import prepare, tokenize
from classifier.vocabulary import vocabulary
from thaitext.important_days import fixed_day_key, lunar_day_key


def warm_up() -> None:
    """Load the dictionary, lexicons and fallback model now rather than on the first message."""
    fallback_model()
    # A dated text also loads the holidays package's Thai calendar for lunar days.
    classify("20 ก.ค. 67 ประชุมคณะกรรมการศูนย์ 10 คน", datetime.date(2024, 7, 29))


def classify(
    text: str, sent_on: datetime.date, model: FallbackModel | None = None
) -> Classification:
    """Classify a leader's LINE message sent on ``sent_on`` (see the labelling rules R1-R7).

    ``model`` replaces the shipped fallback model (e.g. one retrained with field labels).
    """
    vocab = vocabulary()
    prepared = prepare(text or "")
    tokens = tokenize(prepared, vocab.trie)
    hits = vocab.lexicon.find(tokens)
    cue_hits = vocab.cues.find_all(tokens)
    dates = read_dates(prepared, sent_on)
    when, date_reason = dates.activity, dates.reason
    participants = count_participants(prepared)
    day = _day_of(dates.dates)
    decision = decide(
        prepared, tokens, score_hits(hits), cue_hits, day, headcount=participants is not None,
        upcoming=dates.upcoming,
    )
    decision = consult_model(model or fallback_model(), prepared, tokens, decision, day)
    confidence = calibrate(decision.confidence) if not decision.settled else decision.confidence
    if decision.activity_type is None:
        return Classification(None, None, None, (), None, when, confidence, decision.evidence)
    if decision.activity_type == "3.1" and date_reason and fixed_day_key(when.month, when.day):
        # A 3.1 text naming an important day is a meeting that plans or reviews that day's
        # activity: the meeting happened when it was reported, not on the day it names.
        when, date_reason = sent_on, "date:meeting-about-an-important-day"
    sectors, sector_evidence = find_sectors(tokens, hits, vocab.cue_words)
    evidence = decision.evidence + tuple(sector_evidence)
    if date_reason:
        evidence += (date_reason,)
    return Classification(
        activity_type=decision.activity_type,
        dimension=decision.dimension,
        national_day=decision.national_day,
        sectors=sectors,
        participants=participants,
        activity_date=when,
        confidence=confidence,
        evidence=evidence,
    )


def consult_model(
    model: FallbackModel, prepared: str, tokens: list[str], decision: Decision, day: str | None
) -> Decision:
    """The lexicon's decision checked against the model's probabilities.

    Where the lexicon abstains, the model answers if it is sure (MODEL_THRESHOLD). Where they
    disagree, a model sure of another type (MODEL_OVERRIDE) answers, unless a context rule
    the model cannot read decided the type (the temple's roof, a meeting that plans a clean-up):
    then, as where the model gives the lexicon's answer little chance (DISAGREE_FLOOR), the bot
    asks. Otherwise the lexicon stands. A message settled by its form (no words, a bot command)
    is not checked.
    """
    if decision.settled:
        return decision
    found = features(prepared, tokens)
    probabilities = model.type_model.probabilities(found)
    label = max(probabilities, key=probabilities.__getitem__)
    probability = probabilities[label]
    if decision.confidence < ASK_THRESHOLD:
        if probability < MODEL_THRESHOLD:
            return decision
        return _model_answer(model, found, decision, day, label, probability, "model")
    said = decision.activity_type or "none"
    if label == said or (said == "none" and _not_a_report_by_form(decision)):
        return decision
    if probability >= MODEL_OVERRIDE and not _read_in_context(decision):
        return _model_answer(model, found, decision, day, label, probability, "model-overrides")
    if probabilities[said] < DISAGREE_FLOOR or probability >= MODEL_OVERRIDE:
        evidence = (*decision.evidence, f"model-doubts:{label}:{probability:.2f}")
        return Decision(decision.activity_type, decision.dimension, decision.national_day,
                        min(decision.confidence, ASK_CONFIDENCE), evidence)
    return decision


def _read_in_context(decision: Decision) -> bool:
    """The type rests on a rule that moves weight by context (R1, R3c, R5, R6)."""
    return any(
        e in _CONTEXT_RULES or e.startswith("rule:important-day:") for e in decision.evidence)


# Also the position and form rules (a request or forward that opens the text, a tribute with no
# work done) and work on an important day, whose date the model does not read as a day.
_CONTEXT_RULES = frozenset({
    "rule:centre-building", "rule:centre-equipment", "rule:learning-centre", "rule:planning",
    "rule:household-service", "rule:temple-building", "rule:temple-volunteer",
    "rule:network-day", "rule:meeting", "rule:leaders-trained", "rule:request",
    "rule:tribute-only", "rule:opening-announcement",
})


# "Not a report" read from the text's form: a tribute with no work done, an announcement or
# plan that opens the text ("แผนภารกิจพรุ่งนี้…", "ระเบียบวาระการประชุมครั้งหน้า"), a request or
# forward that opens it. The model reads the activity words and not their place, so its doubt
# there is no reason to ask.
_FORM_RULES = frozenset({"rule:tribute-only", "rule:opening-announcement", "rule:request"})


def _not_a_report_by_form(decision: Decision) -> bool:
    return any(e in _FORM_RULES for e in decision.evidence)


def _model_answer(
    model: FallbackModel, found: dict[str, float], decision: Decision, day: str | None,
    label: str, probability: float, reason: str,
) -> Decision:
    activity_type = None if label == "none" else label
    evidence = (*decision.evidence, f"{reason}:{label}:{probability:.2f}")
    dimension = national_day = None
    if activity_type == decision.activity_type:
        dimension, national_day = decision.dimension, decision.national_day
    if activity_type == "3.2" and dimension is None:
        dimension, _ = model.dimension_model.best(found)
    if activity_type == "3.3" and national_day is None:
        national_day = day
    confidence = max(ASK_THRESHOLD, min(probability, MODEL_MAX_CONFIDENCE))
    return Decision(activity_type, dimension, national_day, confidence, evidence)


def _day_of(dates: tuple[WrittenDate, ...]) -> str | None:
    """The important day a written date falls on (fixed days, then major holy days)."""
    for written in dates:
        key = fixed_day_key(written.on.month, written.on.day)
        if key:
            return key
    for written in dates:
        key = lunar_day_key(written.on)
        if key:
            return key
    return None
