"""classify(): one leader message and its send date in, a Classification out."""

from __future__ import annotations

import datetime

from classifier.dates import activity_date, find_dates
from classifier.participants import count_participants
from classifier.result import Classification
from classifier.rules import decide, score_hits
from classifier.sectors import find_sectors
from classifier.text import prepare, tokenize
from classifier.vocabulary import vocabulary
from scheduler.calendar import fixed_day_key, lunar_day_key


def warm_up() -> None:
    """Load the dictionary and lexicons now (start-up) rather than on the first message."""
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
    decision = decide(
        prepared, tokens, score_hits(hits), cue_hits, _day_of(prepared, sent_on),
        headcount=participants is not None,
    )
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
