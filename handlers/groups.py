"""The bot in a district's LINE group: greet once when invited, then stay quiet unless a
registered leader reports."""

from __future__ import annotations

from handlers import texts
from handlers.context import Context


def is_join(ctx: Context) -> bool:
    return ctx.type == "join"


def on_join(ctx: Context) -> None:
    ctx.reply(texts.GROUP_GREETING)
