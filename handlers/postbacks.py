"""Button presses on receipts: correct the type, cancel (with a confirm step), save a text the
bot took for chatter. Only signed data from the member it was sent to is obeyed."""

from __future__ import annotations

from classifier import classifier_version, classify
from handlers import texts
from handlers.cards import with_quick_replies
from handlers.context import Context
from handlers.receipts import button, receipt_message
from handlers.registration import audit
from handlers.reports import save_unsaved
from handlers.tokens import Action, read_action
from models.reports import Report
from thaitext import thai_date

TYPES = ("3.1", "3.2", "3.3")


def is_postback(ctx: Context) -> bool:
    return ctx.type == "postback" and ctx.is_leader


def on_postback(ctx: Context) -> None:
    assert ctx.member is not None
    data = str((ctx.event.get("postback") or {}).get("data", ""))
    action = read_action(ctx.settings.channel_secret, data)
    if action is None or action.member_id != ctx.member.id:
        audit(ctx, ctx.member, "postback.refused", {"data": data[:300]})
        ctx.reply(texts.ACTION_REFUSED)
        return
    if action.name == "save":
        save_unsaved(ctx, action)
        return
    report = ctx.session.get(Report, action.report_id)
    if report is None or report.member_id != ctx.member.id:
        ctx.reply(texts.ACTION_REFUSED)
        return
    if report.status != "active":
        ctx.reply(texts.ALREADY_CANCELLED.format(id=report.id))
        return
    handle_action(ctx, report, action)


def handle_action(ctx: Context, report: Report, action: Action) -> None:
    assert ctx.member is not None
    if action.name == "type" and action.value in TYPES:
        correct_type(ctx, report, action.value)
    elif action.name == "cancel":
        ask_to_cancel(ctx, report)
    elif action.name == "cancel_yes":
        report.status = "cancelled"
        audit(ctx, ctx.member, "report.cancel", {"report": report.id})
        ctx.reply(texts.CANCELLED.format(id=report.id), important=True)
    elif action.name == "cancel_no":
        ctx.reply(texts.NOT_CANCELLED.format(id=report.id))
    else:
        ctx.reply(texts.ACTION_REFUSED)


def correct_type(ctx: Context, report: Report, new_type: str) -> None:
    """A person's choice wins over the classifier's, and is kept as a label to learn from."""
    assert ctx.member is not None
    old = report.activity_type
    report.activity_type = new_type
    if new_type != "3.2":
        report.dimension = None
    if new_type != "3.3":
        report.national_day = None
    report.type_confirmed_by = ctx.member.id
    answer = classify(report.text, thai_date(report.created_at)).activity_type or "none"
    audit(ctx, ctx.member, "report.label_type",
          {"report": report.id, "from": old, "to": new_type, "confidence": report.confidence,
           "text": report.text[:1000], "classifier": answer, "version": classifier_version()})
    headline = texts.TYPE_CORRECTED.format(type=new_type)
    ctx.reply(receipt_message(ctx, report, headline), important=True)


def ask_to_cancel(ctx: Context, report: Report) -> None:
    buttons = [
        button(ctx, texts.BUTTON_CANCEL_YES, texts.BUTTON_CANCEL_YES_SAID, "cancel_yes",
               report.id),
        button(ctx, texts.BUTTON_CANCEL_NO, texts.BUTTON_CANCEL_NO, "cancel_no", report.id),
    ]
    excerpt = report.text[:60] + ("…" if len(report.text) > 60 else "")
    ctx.reply(with_quick_replies(texts.CONFIRM_CANCEL.format(id=report.id, text=excerpt),
                                 buttons))
