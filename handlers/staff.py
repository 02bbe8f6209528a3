"""Officers' and admins' commands: the month's status, the centres that have not reported,
the summary, the ranking, the monthly file, join codes and announcements. Each answers only
from the member's own area (handlers.scope.staff_scope); a leader is told it is for staff.

    command [month]   -> an answer about that month (default: this month, Thai time)
    รหัสใหม่ ตำบล     -> confirm step (chat state "staff_confirm") -> ยืนยันเปลี่ยนรหัส
    ประกาศ ข้อความ    -> confirm step (chat state "staff_confirm") -> ยืนยันประกาศ | ไม่ประกาศ
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from handlers import announcements, join_codes
from handlers import staff_texts as texts
from handlers.cards import with_message_replies
from handlers.context import Context
from handlers.scope import staff_scope
from handlers.staff_cards import status_messages, summary_messages
from handlers.staff_lists import not_reported_messages, ranking_text
from models import stats
from models.audit import do_audit
from models.stats import Month, Scope
from reporting.links import export_link
from thaitext import BANGKOK, commands, format_thai_moment, format_thai_month, thai_date
from thaitext.commands import command_argument, is_command
from thaitext.months import parse_month


@dataclass(frozen=True)
class Asked:
    """A staff command as typed: which one, the words that named it, and the rest."""

    name: str
    word: str
    argument: str


Words = tuple[str, ...]
# Longer words first within each: the first word that matches is the command.
MONTH_COMMANDS: tuple[tuple[str, Words], ...] = (
    ("status", commands.STATUS), ("not_reported", commands.NOT_REPORTED),
    ("summary", commands.SUMMARY), ("ranking", commands.RANKING), ("export", commands.EXPORT),
)
OTHER_COMMANDS: tuple[tuple[str, Words], ...] = (
    ("new_join_code", commands.NEW_JOIN_CODE), ("join_code", commands.JOIN_CODE),
    ("announce", commands.ANNOUNCE),
)
CONFIRMATIONS: tuple[tuple[str, Words], ...] = (
    ("confirm_new_join_code", commands.CONFIRM_NEW_JOIN_CODE),
    ("confirm_announce", commands.CONFIRM_ANNOUNCE), ("drop_announce", commands.DROP_ANNOUNCE),
)


def read_command(text: str) -> Asked | None:
    """The staff command `text` gives, if any. A month command's argument must read as a
    month, so "สรุปการประชุม..." stays an ordinary message."""
    for name, words in CONFIRMATIONS:
        if is_command(text, *words):
            return Asked(name, words[0], "")
    for name, words in (*MONTH_COMMANDS, *OTHER_COMMANDS):
        for word in words:
            argument = command_argument(text, word)
            if argument is not None:
                return Asked(name, word, argument)
    return None


def is_staff_help(ctx: Context) -> bool:
    return bool(ctx.text) and staff_scope(ctx.member) is not None and \
        is_command(ctx.text, *commands.HELP)


def on_staff_help(ctx: Context) -> None:
    assert ctx.member is not None
    admin = ctx.member.role == "admin"
    ctx.reply(texts.STAFF_HELP.format(announce_to=texts.ANNOUNCE_TO_ADMIN if admin else ""))


def is_staff_command(ctx: Context) -> bool:
    if not ctx.text or ctx.member is None:
        return False
    asked = read_command(ctx.text)
    if asked is None:
        return False
    if asked.name in dict(MONTH_COMMANDS) and staff_scope(ctx.member) is None:
        # From a leader, only a command that is plainly one, not a report that starts alike.
        return parse_month(asked.argument, thai_date(ctx.now)) is not None
    return True


def on_staff_command(ctx: Context) -> None:
    asked = read_command(ctx.text)
    assert asked is not None
    scope = staff_scope(ctx.member)
    if scope is None:
        if not ctx.in_group:
            ctx.reply(texts.STAFF_ONLY.format(command=asked.word))
        return
    if ctx.in_group:  # staff figures hold names: not for a group's eyes
        ctx.reply(texts.STAFF_IN_GROUP)
        return
    if asked.name in dict(MONTH_COMMANDS):
        answer_month_command(ctx, scope, asked)
    else:
        ACTIONS[asked.name](ctx, scope, asked.argument)


def answer_month_command(ctx: Context, scope: Scope, asked: Asked) -> None:
    found = parse_month(asked.argument, thai_date(ctx.now))
    if found is None:
        ctx.reply(texts.NOT_A_MONTH.format(text=asked.argument, command=asked.word))
        return
    month = Month(*found)
    MONTH_ANSWERS[asked.name](ctx, scope, month)


def month_argument(month: Month) -> str:
    """The month as a command's argument, for buttons that ask about the same month."""
    return f" {month.month}/{month.year + 543}"


def answer_status(ctx: Context, scope: Scope, month: Month) -> None:
    messages = status_messages(stats.status(ctx.session, scope, month))
    arg = month_argument(month)
    messages[-1] = with_message_replies(messages[-1], [
        (texts.BUTTON_NOT_REPORTED, commands.NOT_REPORTED[-2] + arg),
        (texts.BUTTON_SUMMARY, commands.SUMMARY[-2] + arg),
        (texts.BUTTON_EXPORT, commands.EXPORT[1] + arg),
    ])
    ctx.reply(*messages)


def answer_not_reported(ctx: Context, scope: Scope, month: Month) -> None:
    status = stats.status(ctx.session, scope, month)
    missing = stats.not_reported(ctx.session, scope, month)
    ctx.reply(*not_reported_messages(status, missing, month_argument(month)))


def answer_summary(ctx: Context, scope: Scope, month: Month) -> None:
    summary = stats.summary(ctx.session, scope, month)
    if not summary.status.total.reports:
        ctx.reply(texts.SUMMARY_NO_REPORTS.format(month=format_thai_month(month.first_day),
                                                  scope=summary.status.scope_name))
        return
    ctx.reply(*summary_messages(summary))


def answer_ranking(ctx: Context, scope: Scope, month: Month) -> None:
    ranked = stats.ranking(ctx.session, scope, month)
    ctx.reply(ranking_text(ranked, month, stats.scope_name(ctx.session, scope)))


def answer_export(ctx: Context, scope: Scope, month: Month) -> None:
    settings = ctx.settings
    if not settings.public_url:
        ctx.reply(texts.EXPORT_NOT_SET_UP)
        return
    expires = ctx.now + timedelta(hours=settings.export_link_hours)
    link = export_link(settings.public_url, settings.secret_key.encode(), scope, month, expires)
    do_audit(ctx.session, "export.link", f"{scope.level}:{scope.code}", actor=ctx.member,
             area=scope.code, at=ctx.now, month=f"{month.year:04d}-{month.month:02d}",
             expires=expires.astimezone(BANGKOK).isoformat(timespec="seconds"))
    ctx.reply(texts.EXPORT_LINK.format(
        month=format_thai_month(month.first_day), scope=stats.scope_name(ctx.session, scope),
        link=link, expires=format_thai_moment(expires)))


MONTH_ANSWERS: dict[str, Callable[[Context, Scope, Month], None]] = {
    "status": answer_status, "not_reported": answer_not_reported, "summary": answer_summary,
    "ranking": answer_ranking, "export": answer_export,
}
ACTIONS: dict[str, Callable[[Context, Scope, str], None]] = {
    "join_code": join_codes.show_code,
    "new_join_code": join_codes.ask_to_rotate,
    "confirm_new_join_code": join_codes.rotate,
    "announce": announcements.ask_to_announce,
    "confirm_announce": announcements.announce,
    "drop_announce": announcements.drop,
}
