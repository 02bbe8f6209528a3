"""What is left: unregistered users, staff chatter, media the bot does not take yet."""

from __future__ import annotations

from handlers import texts
from handlers.context import Context
from handlers.scope import role_name, scope_name


def is_unregistered_message(ctx: Context) -> bool:
    return ctx.type == "message" and ctx.member is None


def on_unregistered_message(ctx: Context) -> None:
    # In a group, strangers' chatter is none of the bot's business.
    if not ctx.in_group:
        ctx.reply(texts.UNREGISTERED_HINT)


def is_staff_text(ctx: Context) -> bool:
    return bool(ctx.text) and ctx.member is not None and ctx.member.role != "leader"


def on_staff_text(ctx: Context) -> None:
    if not ctx.in_group:
        member = ctx.member
        assert member is not None
        ctx.reply(texts.STAFF_TEXT.format(role=role_name(member),
                                          scope=scope_name(ctx.session, member)))


def is_other_message(ctx: Context) -> bool:
    return ctx.type == "message"


def on_other_message(ctx: Context) -> None:
    if ctx.in_group:
        return
    if ctx.message_type in ("image", "video", "file", "audio", "location"):
        ctx.reply(texts.STAFF_MEDIA)
    elif ctx.message_type == "sticker":
        ctx.reply(texts.STICKER)
    else:
        ctx.reply(texts.NOT_UNDERSTOOD)
