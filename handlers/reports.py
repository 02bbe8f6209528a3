"""Report intake: a registered leader's text is classified and, if it reports an activity,
stored as a report of their centre with the photos and location sent just before it."""

from __future__ import annotations

from datetime import datetime, timedelta

from classifier import Classification, classifier_version, classify
from handlers import texts
from handlers.cards import with_quick_replies
from handlers.context import Context
from handlers.fetched import MAX_REPORT_CHARS
from handlers.receipts import button, receipt_message
from handlers.registration import audit
from handlers.tokens import Action
from models.reports import Report, held_photos, insert_report
from thaitext import thai_date

HOLD_PHOTOS = timedelta(hours=24)  # photos sent first wait this long for their text


def is_leader_text(ctx: Context) -> bool:
    return bool(ctx.text.strip()) and ctx.is_leader


def on_leader_text(ctx: Context) -> None:
    text = ctx.text[:MAX_REPORT_CHARS]
    result = ctx.prefetched.classification or classify(text, thai_date(ctx.sent_at))
    if result.activity_type is None and not result.abstain:
        if not ctx.in_group:
            remember_unsaved(ctx, text)
            save = button(ctx, texts.BUTTON_SAVE, texts.BUTTON_SAVE_SAID, "save", 0,
                          ctx.event_id)
            ctx.reply(with_quick_replies(texts.NOT_A_REPORT, [save]))
        return
    report = store_report(ctx, text, result)
    notes, photos = attach_held(ctx, report)
    ctx.reply(receipt_message(ctx, report, texts.RECEIPT_HEAD, notes, photos), important=True)


def store_report(ctx: Context, text: str, result: Classification) -> Report:
    member = ctx.member
    assert member is not None and member.centre is not None
    report = Report(source_event_id=ctx.event_id, centre=member.centre,
                    centre_id=member.centre.id, member_id=member.id, chat_key=ctx.chat_key,
                    text=text, created_at=ctx.now, type_confirmed_by=None, status="active",
                    latitude=None, longitude=None, address=None)
    apply_classification(report, result)
    return insert_report(ctx.session, report)


def apply_classification(report: Report, result: Classification) -> None:
    if report.type_confirmed_by is None:
        report.activity_type = result.activity_type
        report.dimension = result.dimension
        report.national_day = result.national_day
    report.sectors = list(result.sectors)
    report.participants = result.participants
    report.activity_date = result.activity_date
    report.confidence = result.confidence
    report.evidence = list(result.evidence)


def attach_held(ctx: Context, report: Report) -> tuple[list[str], int]:
    """Give the new report the photos and location its sender sent before the text; returns
    notes for the receipt and how many photos the report now has."""
    assert ctx.member is not None
    notes = []
    photos = held_photos(ctx.session, ctx.member.id, ctx.now - HOLD_PHOTOS) \
        if ctx.may_have_held_photos() else []
    cap = ctx.settings.max_photos_per_report
    for photo in photos[:cap]:
        photo.report_id = report.id
    if len(photos) > cap:
        notes.append(texts.PHOTO_CAP.format(cap=cap))
    location = ctx.pop_user_state("location")
    if location:
        report.latitude, report.longitude = location["latitude"], location["longitude"]
        report.address = location.get("address")
    return notes, min(len(photos), cap)


def remember_unsaved(ctx: Context, text: str) -> None:
    """A text the classifier took for chatter: kept briefly so the leader can still save it."""
    ctx.set_user_state("unsaved", {"text": text, "event_id": ctx.event_id,
                                   "until": (ctx.now + ctx.report_window).isoformat()})


def save_unsaved(ctx: Context, action: Action) -> None:
    """The leader pressed "save as a report" on a text the bot had not stored."""
    held = ctx.pop_user_state("unsaved")
    if not held or held["event_id"] != action.value or \
            datetime.fromisoformat(held["until"]) < ctx.now:
        ctx.reply(texts.ACTION_EXPIRED)
        return
    result = classify(held["text"], thai_date(ctx.now))
    report = store_report(ctx, held["text"], result)
    report.source_event_id = held["event_id"]
    if result.activity_type is None:
        report.confidence = 0.0  # the bot thought it was chatter: ask for the type
    notes, photos = attach_held(ctx, report)
    assert ctx.member is not None
    audit(ctx, ctx.member, "report.label_saved",
          {"report": report.id, "text": held["text"][:1000],
           "classifier": result.activity_type or "none", "version": classifier_version()})
    ctx.reply(receipt_message(ctx, report, texts.RECEIPT_HEAD, notes, photos), important=True)


def is_editing_text(ctx: Context) -> bool:
    return is_leader_text(ctx) and ctx.user_state("editing") is not None


def on_editing_text(ctx: Context) -> None:
    editing = ctx.pop_user_state("editing")
    report = ctx.session.get(Report, editing["report_id"])
    if report is None or report.status != "active" or \
            datetime.fromisoformat(editing["until"]) < ctx.now:
        on_leader_text(ctx)
        return
    report.text = ctx.text[:MAX_REPORT_CHARS]
    # The day the report was sent, in Thailand: "วันนี้" in the new text means that day.
    apply_classification(report, classify(report.text, thai_date(report.created_at)))
    ctx.reply(receipt_message(ctx, report, texts.EDITED), important=True)
