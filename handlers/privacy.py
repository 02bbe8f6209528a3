"""PDPA: a member can see the personal data kept about them and have it deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.richmenu.links import enqueue_menu_unlink
from handlers import texts
from handlers.commands import is_command
from handlers.context import Context
from handlers.registration import audit
from handlers.scope import role_name, scope_name
from models.reports import Report
from thaitext import format_thai_date

CONFIRM_WINDOW = timedelta(minutes=10)


def is_privacy_command(ctx: Context) -> bool:
    return ctx.member is not None and is_command(
        ctx.text, "ข้อมูลของฉัน", "ลบข้อมูลของฉัน", "ยืนยันลบข้อมูล")


def on_privacy_command(ctx: Context) -> None:
    member = ctx.member
    assert member is not None
    if ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
    elif is_command(ctx.text, "ข้อมูลของฉัน"):
        count = ctx.session.scalar(
            select(func.count()).select_from(Report).where(Report.member_id == member.id))
        consented = format_thai_date(member.consented_at.date()) if member.consented_at else "-"
        ctx.reply(texts.MY_DATA.format(name=member.display_name or "-", role=role_name(member),
                                       scope=scope_name(ctx.session, member),
                                       consented=consented, reports=count or 0))
    elif is_command(ctx.text, "ลบข้อมูลของฉัน"):
        ctx.set_chat_state({"confirm_delete_until": (ctx.now + CONFIRM_WINDOW).isoformat()})
        ctx.reply(texts.CONFIRM_DELETE)
    else:
        until = ctx.chat_state().get("confirm_delete_until")
        if until is None or datetime.fromisoformat(until) < ctx.now:
            ctx.reply(texts.NOTHING_TO_DELETE)
            return
        audit(ctx, member, "member.delete_personal_data", {})
        enqueue_menu_unlink(ctx.session, member.line_user_id)
        member.display_name = None
        member.line_user_id = f"deleted:{member.id}"
        member.status = "removed"
        ctx.set_chat_state(None)
        ctx.reply(texts.DELETED, important=True)
