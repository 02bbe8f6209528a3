"""Staff announcements: a text to the leaders of the area (and, from an admin, its officers),
sent as multicasts of at most 500 after a confirm step that says how many people it reaches
and how much of the province's message quota it costs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import staff_texts as texts
from handlers.cards import with_message_replies
from handlers.context import Context
from handlers.join_codes import CONFIRMING, pending
from handlers.scope import scope_name
from models.audit import do_audit
from models.divisions import Centre, District, Subdistrict
from models.members import Member
from models.outbox import enqueue_multicast
from models.stats import Scope
from thaitext import commands

CONFIRM_WINDOW = timedelta(minutes=10)
MAX_ANNOUNCEMENT = 4000  # leaves room for the heading within LINE's 5,000 characters


def recipients(ctx: Context, scope: Scope) -> tuple[list[str], list[str]]:
    """The LINE ids of the active leaders and (for an admin) officers in scope, not the
    sender: (leaders, officers)."""
    assert ctx.member is not None
    leaders = (select(Member.line_user_id).join(Centre, Member.centre_id == Centre.id)
               .join(Subdistrict).join(District)
               .where(Member.role == "leader", Member.status == "active"))
    if scope.level == "district":
        leaders = leaders.where(Subdistrict.district_code == scope.code)
    else:
        leaders = leaders.where(District.province_code == scope.code)
    officers: list[str] = []
    if ctx.member.role == "admin":
        officers = list(ctx.session.scalars(
            select(Member.line_user_id).where(Member.role == "officer",
                                              Member.status == "active",
                                              Member.province_code == scope.code)))
    others = [uid for uid in ctx.session.scalars(leaders.order_by(Member.id))]
    me = ctx.member.line_user_id
    return [u for u in others if u != me], [u for u in officers if u != me]


def ask_to_announce(ctx: Context, scope: Scope, text: str) -> None:
    assert ctx.member is not None
    if not text:
        ctx.reply(texts.ANNOUNCE_ASK)
        return
    text = text[:MAX_ANNOUNCEMENT]
    leaders, officers = recipients(ctx, scope)
    area = scope_name(ctx.session, ctx.member)
    if not leaders and not officers:
        who = texts.ANNOUNCE_WHO_ADMIN if ctx.member.role == "admin" else ""
        ctx.reply(texts.ANNOUNCE_NOBODY.format(who=who, scope=area))
        return
    people = len(leaders) + len(officers)
    ctx.set_user_state(CONFIRMING, {"action": "announce", "text": text,
                                    "until": (ctx.now + CONFIRM_WINDOW).isoformat()})
    also = texts.ANNOUNCE_OFFICERS.format(count=len(officers)) if officers else ""
    ctx.reply(with_message_replies(
        {"type": "text", "text": texts.ANNOUNCE_CONFIRM.format(
            people=people, leaders=len(leaders), officers=also, scope=area, units=people,
            text=text)},
        [(texts.BUTTON_CONFIRM_ANNOUNCE, commands.CONFIRM_ANNOUNCE[0]),
         (texts.BUTTON_DROP_ANNOUNCE, commands.DROP_ANNOUNCE[0])]))


def announce(ctx: Context, scope: Scope, _: str) -> None:
    """Recipients are counted again now: someone may have joined or left since the question."""
    held = pending(ctx, "announce")
    if held is None:
        ctx.reply(texts.NOTHING_TO_CONFIRM)
        return
    assert ctx.member is not None
    leaders, officers = recipients(ctx, scope)
    to = leaders + officers
    area = scope_name(ctx.session, ctx.member)
    sender = ctx.member.display_name or texts.ANNOUNCE_SENDER_UNKNOWN
    message = {"type": "text", "text": texts.ANNOUNCE_HEAD.format(sender=sender, scope=area,
                                                                   text=held["text"])}
    enqueue_multicast(ctx.session, to, [message])
    do_audit(ctx.session, "announcement.send", f"{scope.level}:{scope.code}",
             actor=ctx.member, area=scope.code, at=ctx.now, recipients=len(to),
             leaders=len(leaders), officers=len(officers), chars=len(str(held["text"])))
    ctx.reply(texts.ANNOUNCE_SENT.format(people=len(to), units=len(to)), important=True)


def drop(ctx: Context, scope: Scope, _: str) -> None:
    held = pending(ctx, "announce")
    ctx.reply(texts.ANNOUNCE_DROPPED if held is not None else texts.NOTHING_TO_CONFIRM)
