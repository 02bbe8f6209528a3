"""classify(): one leader message and its send date in, a Classification out."""

from __future__ import annotations

import datetime

from classifier.dates import activity_date, find_dates
from classifier.model import MODEL_MAX_CONFIDENCE, MODEL_THRESHOLD, fallback_model, features
from classifier.participants import count_participants
from classifier.result import ASK_THRESHOLD, Classification
from classifier.rules import Decision, decide, score_hits
from classifier.sectors import find_sectors
from classifier.text import prepare, tokenize
from classifier.vocabulary import vocabulary
from thaitext.important_days import fixed_day_key, lunar_day_key


def warm_up() -> None:
    """Load the dictionary, lexicons and fallback model now rather than on the first message."""
    fallback_model()
    # A dated text also loads the holidays package's Thai calendar for lunar days.
    classify("20 ก.ค. 67 ประชุมคณะกรรมการศูนย์ 10 คน", datetime.date(2024, 7, 29))


def classify(text: str, sent_on: datetime.date) -> Classification:
    """Classify a leader's LINE message sent on ``sent_on`` (see the labelling rules R1-R7)."""
    vocab = vocabulary()
    prepared = prepare(text or "")
    tokens = tokenize(prepared, vocab.trie)
    hits = vocab.lexicon.find(tokens)
    cue_hits = vocab.cues.find(tokens)
    when, date_reason = activity_date(prepared, sent_on)
    participants = count_participants(prepared)
    day = _day_of(prepared, sent_on)
    decision = decide(
        prepared, tokens, score_hits(hits), cue_hits, day, headcount=participants is not None
    )
    if decision.confidence < ASK_THRESHOLD:
        decision = _ask_model(prepared, tokens, decision, day)
    if decision.activity_type is None:
        return Classification(
            None, None, None, (), None, when, decision.confidence, decision.evidence
        )
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
        confidence=decision.confidence,
        evidence=evidence,
    )


def _ask_model(prepared: str, tokens: list[str], decision: Decision, day: str | None) -> Decision:
    """The fallback model's answer for a text the lexicon abstained on, if it is sure of it."""
    model = fallback_model()
    found = features(prepared, tokens)
    label, probability = model.type_model.best(found)
    if probability < MODEL_THRESHOLD:
        return decision
    activity_type = None if label == "none" else label
    evidence = (*decision.evidence, f"model:{label}:{probability:.2f}")
    dimension = national_day = None
    if activity_type == decision.activity_type:
        dimension, national_day = decision.dimension, decision.national_day
    if activity_type == "3.2" and dimension is None:
        dimension, _ = model.dimension_model.best(found)
    if activity_type == "3.3" and national_day is None:
        national_day = day
    confidence = max(ASK_THRESHOLD, min(probability, MODEL_MAX_CONFIDENCE))
    return Decision(activity_type, dimension, national_day, confidence, evidence)


def _day_of(prepared: str, sent_on: datetime.date) -> str | None:
    """The important day a written date falls on (fixed days, then major holy days)."""
    dates = find_dates(prepared, sent_on)
    for day in dates:
        key = fixed_day_key(day.month, day.day)
        if key:
            return key
    for day in dates:
        key = lunar_day_key(day)
        if key:
            return key
    return None
