"""`วันสำคัญ`: the next important days people plan volunteer work (3.3) for, with how far off
each is. Anyone may ask in a 1:1 chat, registered or not; in a group, registered members only
(strangers' chatter in a group is none of the bot's business)."""

from __future__ import annotations

from datetime import date, timedelta

from handlers.context import Context
from models.calendar import important_days
from thaitext import commands, format_thai_date, thai_date
from thaitext.commands import is_command
from thaitext.important_days import ImportantDay, upcoming

WITHIN_DAYS = 90
SHOWN = 5

# Texts
HEAD = "📅 วันสำคัญที่จะถึง ชวนกันทำกิจกรรมจิตอาสาครับ"
DAY_LINE = "• {date} ({when})\n  {name}"
FOOT = "เราทำความดี เพื่อชาติ ศาสนา และพระมหากษัตริย์ 🙏"
NONE_SOON = "ภายใน {days} วันข้างหน้ายังไม่มีวันสำคัญครับ 🙏"
TODAY = "วันนี้"
TOMORROW = "พรุ่งนี้"
DAYS_AWAY = "อีก {days} วัน"


def is_important_days_command(ctx: Context) -> bool:
    return bool(ctx.text) and (not ctx.in_group or ctx.member is not None) and \
        is_command(ctx.text, *commands.IMPORTANT_DAYS)


def on_important_days_command(ctx: Context) -> None:
    today = thai_date(ctx.now)
    ctx.reply(important_days_text(days_around(ctx, today), today))


def days_around(ctx: Context, today: date) -> list[ImportantDay]:
    """The calendar of every year the window touches (it crosses New Year in October)."""
    last = today + timedelta(days=WITHIN_DAYS)
    return [day for year in range(today.year, last.year + 1)
            for day in important_days(ctx.session, year)]


def important_days_text(days: list[ImportantDay], today: date) -> str:
    soon = upcoming(days, today, WITHIN_DAYS, SHOWN)
    if not soon:
        return NONE_SOON.format(days=WITHIN_DAYS)
    lines = [DAY_LINE.format(date=format_thai_date(day.on), when=how_far(day.on, today),
                             name=day.name_th) for day in soon]
    return "\n".join((HEAD, *lines, FOOT))


def how_far(on: date, today: date) -> str:
    days = (on - today).days
    if days == 0:
        return TODAY
    if days == 1:
        return TOMORROW
    return DAYS_AWAY.format(days=days)
