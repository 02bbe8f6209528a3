"""Report intake: a registered leader's text is classified and, if it reports an activity,
stored as a report of their centre and receipted."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from classifier import Classification, classify
from handlers import texts
from handlers.context import Context
from handlers.report_texts import detail_name, type_name
from models.reports import Report
from thaitext import format_thai_date

MAX_REPORT_CHARS = 5000
BANGKOK = ZoneInfo("Asia/Bangkok")


def is_leader_text(ctx: Context) -> bool:
    return bool(ctx.text.strip()) and ctx.member is not None and ctx.member.role == "leader"


def on_leader_text(ctx: Context) -> None:
    member = ctx.member
    assert member is not None and member.centre is not None
    text = ctx.text[:MAX_REPORT_CHARS]
    # Leaders' dates are Thai dates: classify on the day it was in Thailand when they sent it.
    result = classify(text, thai_date(ctx))
    if result.activity_type is None and not result.abstain:
        if not ctx.in_group:
            ctx.reply(texts.NOT_A_REPORT)
        return
    report = store_report(ctx, text, result)
    ctx.reply(receipt_text(ctx, report, result), important=True)


def thai_date(ctx: Context) -> date:
    return ctx.sent_at.astimezone(BANGKOK).date()


def store_report(ctx: Context, text: str, result: Classification) -> Report:
    member = ctx.member
    assert member is not None and member.centre is not None
    report = Report(
        source_event_id=ctx.event_id, centre=member.centre, member_id=member.id,
        chat_key=ctx.chat_key, text=text, activity_type=result.activity_type,
        dimension=result.dimension, national_day=result.national_day,
        sectors=list(result.sectors), participants=result.participants,
        activity_date=result.activity_date, confidence=result.confidence,
        evidence=list(result.evidence), created_at=ctx.now,
    )
    ctx.session.add(report)
    ctx.session.flush()
    return report


def receipt_text(ctx: Context, report: Report, result: Classification) -> str:
    assert ctx.member is not None and ctx.member.centre is not None
    lines = [texts.RECEIPT_HEAD.format(id=report.id), ctx.member.centre.name_th]
    if result.abstain:
        lines.append(texts.RECEIPT_UNSURE)
    else:
        lines.append(f"ประเภท: {type_name(report.activity_type)}")
        detail = detail_name(report.dimension, report.national_day)
        if detail:
            lines.append(f"({detail})")
    lines.append(f"วันที่ทำกิจกรรม: {format_thai_date(report.activity_date)}")
    if report.sectors:
        lines.append("ภาคีที่ร่วม: " + " ".join(report.sectors))
    if report.participants:
        lines.append(f"ผู้เข้าร่วม: {report.participants:,} คน")
    lines.append(texts.RECEIPT_THANKS)
    return "\n".join(lines)
