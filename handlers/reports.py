"""Report intake: a registered leader's text becomes a report of their centre."""

from __future__ import annotations

from handlers import texts
from handlers.context import Context
from models.reports import Report
from thaitext import format_thai_date

MAX_REPORT_CHARS = 5000


def is_leader_text(ctx: Context) -> bool:
    return bool(ctx.text.strip()) and ctx.member is not None and ctx.member.role == "leader"


def on_leader_text(ctx: Context) -> None:
    member = ctx.member
    assert member is not None and member.centre is not None
    sent_on = ctx.sent_at.date()
    report = Report(
        source_event_id=ctx.event_id, centre=member.centre, member_id=member.id,
        chat_key=ctx.chat_key, text=ctx.text[:MAX_REPORT_CHARS], activity_date=sent_on,
        sectors=[], evidence=[], created_at=ctx.now,
    )
    ctx.session.add(report)
    ctx.session.flush()
    ctx.reply(texts.RECEIPT.format(id=report.id, centre=member.centre.name_th,
                                   date=format_thai_date(report.activity_date)), important=True)
