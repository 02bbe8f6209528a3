"""PDPA: a member can see the personal data kept about them and have it deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from handlers import texts
from handlers.context import Context
from handlers.registration import audit
from handlers.scope import role_name, scope_name
from models.reports import Report
from models.richmenus import enqueue_menu_unlink
from thaitext import commands, format_thai_date, thai_date
from thaitext.commands import is_command

CONFIRM_WINDOW = timedelta(minutes=10)


def is_privacy_command(ctx: Context) -> bool:
    return ctx.member is not None and is_command(
        ctx.text, *commands.MY_DATA, *commands.DELETE_MY_DATA, *commands.CONFIRM_DELETE)


def on_privacy_command(ctx: Context) -> None:
    member = ctx.member
    assert member is not None
    if ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
    elif is_command(ctx.text, *commands.MY_DATA):
        count = ctx.session.scalar(
            select(func.count()).select_from(Report).where(Report.member_id == member.id))
        consented = format_thai_date(thai_date(member.consented_at)) if member.consented_at else "-"
        ctx.reply(texts.MY_DATA.format(name=member.display_name or "-", role=role_name(member),
                                       scope=scope_name(ctx.session, member),
                                       consented=consented, reports=count or 0))
    elif is_command(ctx.text, *commands.DELETE_MY_DATA):
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
