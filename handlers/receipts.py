"""A report's receipt card for the member who sent it, with signed buttons to fix the type or
cancel."""

from __future__ import annotations

from typing import Any

from classifier import ASK_THRESHOLD
from handlers import texts
from handlers.cards import Button, ReceiptView, receipt_card
from handlers.context import Context
from handlers.tokens import Action, sign_action
from models.reports import Report, photo_count
from thaitext import format_thai_date
from thaitext.activities import TYPE_SHORT, detail_name, type_name


def button(ctx: Context, label: str, shown: str, action: str, report_id: int,
           value: str = "") -> Button:
    """A quick-reply button that only this member can use, only on this report."""
    member_id = ctx.member.id if ctx.member is not None else 0
    data = sign_action(ctx.settings.channel_secret,
                       Action(action, report_id, member_id, value))
    return Button(label, data, shown)


def report_buttons(ctx: Context, report: Report) -> list[Button]:
    buttons = [
        button(ctx, texts.BUTTON_TYPE.format(code=code, short=TYPE_SHORT[code]),
               texts.BUTTON_TYPE_SAID.format(code=code), "type", report.id, code)
        for code in ("3.1", "3.2", "3.3") if code != report.activity_type or unsure(report)
    ]
    buttons.append(button(ctx, texts.BUTTON_CANCEL, texts.BUTTON_CANCEL_SAID, "cancel",
                          report.id))
    return buttons


def unsure(report: Report) -> bool:
    return report.type_confirmed_by is None and (
        report.activity_type is None or report.confidence < ASK_THRESHOLD)


def receipt_message(ctx: Context, report: Report, headline: str,
                    notes: list[str] | None = None, photos: int | None = None) -> dict[str, Any]:
    """`photos`: how many stored photos the report has, if the caller knows (else counted)."""
    view = ReceiptView(
        headline=headline,
        report_id=report.id,
        centre_name=report.centre.name_th,
        type_label=type_name(report.activity_type),
        detail=detail_name(report.dimension, report.national_day),
        date_label=format_thai_date(report.activity_date),
        sectors=list(report.sectors or []),
        participants=report.participants,
        photo_count=photo_count(ctx.session, report.id) if photos is None else photos,
        unsure=unsure(report),
        cancelled=report.status == "cancelled",
        notes=notes or [],
    )
    buttons = [] if report.status == "cancelled" else report_buttons(ctx, report)
    return receipt_card(view, buttons)
