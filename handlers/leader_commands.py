"""Leaders' commands: help, this month's reports, cancel or edit the last report."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from handlers import texts
from handlers.commands import is_command
from handlers.context import Context
from handlers.postbacks import ask_to_cancel
from handlers.prefetch import BANGKOK
from handlers.report_texts import TYPE_SHORT
from handlers.reports import is_leader, set_user_state
from models.reports import Photo, Report, last_report
from thaitext import format_thai_date_short, format_thai_month

HELP_WORDS = ("ช่วยเหลือ", "เมนู", "วิธีใช้", "help", "ช่วยด้วย")
MY_REPORTS_WORDS = ("รายงานของฉัน", "รายงานของเรา", "ดูรายงาน")
CANCEL_WORDS = ("ยกเลิก", "ยกเลิกรายงาน")
EDIT_WORDS = ("แก้ไข", "แก้ไขรายงาน", "แก้รายงาน")
SEND_WORDS = ("ส่งรายงาน", "รายงานกิจกรรม")
EDIT_WINDOW = timedelta(minutes=10)
MY_REPORTS_SHOWN = 10


def is_leader_command(ctx: Context) -> bool:
    return is_leader(ctx) and bool(ctx.text) and is_command(
        ctx.text, *HELP_WORDS, *MY_REPORTS_WORDS, *CANCEL_WORDS, *EDIT_WORDS, *SEND_WORDS)


def on_leader_command(ctx: Context) -> None:
    if is_command(ctx.text, *HELP_WORDS):
        ctx.reply(texts.LEADER_HELP)
    elif is_command(ctx.text, *SEND_WORDS):
        ctx.reply(texts.HOW_TO_REPORT)
    elif ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
    elif is_command(ctx.text, *MY_REPORTS_WORDS):
        ctx.reply(my_reports_text(ctx))
    elif is_command(ctx.text, *CANCEL_WORDS):
        report = last_report(ctx.session, member_id(ctx))
        if report is None:
            ctx.reply(texts.NO_REPORT_YET)
        else:
            ask_to_cancel(ctx, report)
    else:
        start_editing(ctx)


def member_id(ctx: Context) -> int:
    assert ctx.member is not None
    return ctx.member.id


def month_start(now: datetime) -> datetime:
    local = now.astimezone(BANGKOK)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def my_reports_text(ctx: Context) -> str:
    """This month's reports of the leader's centre (every leader of it), newest first."""
    member = ctx.member
    assert member is not None and member.centre is not None
    start = month_start(ctx.now)
    photos = (select(func.count()).select_from(Photo)
              .where(Photo.report_id == Report.id, Photo.status == "stored")
              .scalar_subquery())
    rows = ctx.session.execute(
        select(Report, photos)
        .where(Report.centre_id == member.centre_id, Report.status == "active",
               Report.created_at >= start)
        .order_by(Report.activity_date.desc(), Report.id.desc())
    ).all()
    if not rows:
        return texts.MY_REPORTS_NONE.format(month=format_thai_month(start))
    lines = [texts.MY_REPORTS_HEAD.format(centre=member.centre.name_th, count=len(rows),
                                          month=format_thai_month(start))]
    for report, photo_count in rows[:MY_REPORTS_SHOWN]:
        kind = TYPE_SHORT.get(report.activity_type or "", "ยังไม่ระบุประเภท")
        lines.append(f"#{report.id} {format_thai_date_short(report.activity_date)} · "
                     f"{report.activity_type or '?'} {kind} · 📷 {photo_count}")
    if len(rows) > MY_REPORTS_SHOWN:
        lines.append(texts.MY_REPORTS_MORE.format(count=len(rows) - MY_REPORTS_SHOWN))
    return "\n".join(lines)


def start_editing(ctx: Context) -> None:
    report = last_report(ctx.session, member_id(ctx))
    if report is None:
        ctx.reply(texts.NO_REPORT_YET)
        return
    set_user_state(ctx, "editing", {"report_id": report.id,
                                    "until": (ctx.now + EDIT_WINDOW).isoformat()})
    excerpt = report.text[:200] + ("…" if len(report.text) > 200 else "")
    ctx.reply(texts.EDIT_PROMPT.format(id=report.id, text=excerpt))
