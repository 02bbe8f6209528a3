"""PDPA: a member can see the personal data kept about them and have it deleted.

    ข้อมูลของฉัน    -> what is kept: name, role, area, reports, photos, consent
    ลบข้อมูลของฉัน  -> confirm step (user state "confirm_delete", 10 minutes)
                       [ยืนยันลบข้อมูล | ไม่ลบ]
    ยืนยันลบข้อมูล  -> erased (models/privacy.py do_erase), answered by reply token alone
    ไม่ลบ           -> nothing changes

An erasure leaves one outbox row with the LINE id (taking the rich menu away); a timer of
kind models.privacy.FOLLOWUP deletes it once LINE has it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from handlers import texts
from handlers.cards import with_message_replies
from handlers.context import Context, text_message
from handlers.scope import role_name, scope_name
from models.audit import do_audit
from models.members import Member
from models.privacy import FOLLOWUP, do_erase, finish_erasure
from models.reports import Photo, Report
from thaitext import commands, format_thai_date, thai_date
from thaitext.commands import is_command

CONFIRM_WINDOW = timedelta(minutes=10)
CONFIRMING = "confirm_delete"
KEEP_DATA = commands.KEEP_DATA
PRIVACY_WORDS = (*commands.MY_DATA, *commands.DELETE_MY_DATA, *commands.CONFIRM_DELETE,
                 *KEEP_DATA)


def is_privacy_command(ctx: Context) -> bool:
    return is_erasure_followup(ctx) or (
        ctx.member is not None and is_command(ctx.text, *PRIVACY_WORDS))


def is_erasure_followup(ctx: Context) -> bool:
    return ctx.type == "timer" and ctx.event.get("kind") == FOLLOWUP


def on_privacy_command(ctx: Context) -> None:
    if is_erasure_followup(ctx):
        finish_erasure(ctx.session, ctx.chat_key, [int(i) for i in ctx.event["outbox_ids"]],
                       int(ctx.event.get("round", 0)), ctx.now)
        return
    member = ctx.member
    assert member is not None
    if ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
    elif is_command(ctx.text, *commands.MY_DATA):
        show_my_data(ctx, member)
    elif is_command(ctx.text, *commands.DELETE_MY_DATA):
        ask_to_delete(ctx)
    elif is_command(ctx.text, *KEEP_DATA):
        ctx.pop_user_state(CONFIRMING)
        ctx.reply(texts.KEPT_DATA)
    else:
        until = ctx.pop_user_state(CONFIRMING)
        if until is None or datetime.fromisoformat(until) < ctx.now:
            ctx.reply(texts.NOTHING_TO_DELETE)
            return
        erase(ctx, member)


def counts(ctx: Context, member: Member) -> tuple[int, int]:
    """The member's reports, and the photos they sent that the bot keeps."""
    reports = ctx.session.scalar(
        select(func.count()).select_from(Report).where(Report.member_id == member.id))
    photos = ctx.session.scalar(
        select(func.count()).select_from(Photo)
        .where(Photo.member_id == member.id, Photo.status == "stored",
               Photo.path.is_not(None)))
    return reports or 0, photos or 0


def show_my_data(ctx: Context, member: Member) -> None:
    reports, photos = counts(ctx, member)
    if member.consented_at is None:
        consented = texts.CONSENT_NOT_RECORDED
    elif member.consent_version is None or member.consent_version == "1":
        consented = texts.CONSENTED_EARLIER.format(
            day=format_thai_date(thai_date(member.consented_at)))
    else:
        consented = texts.CONSENTED_ON.format(
            version=member.consent_version, day=format_thai_date(thai_date(member.consented_at)))
    ctx.reply(texts.MY_DATA.format(name=member.display_name or "-", role=role_name(member),
                                   scope=scope_name(ctx.session, member), consented=consented,
                                   reports=reports, photos=photos))


def ask_to_delete(ctx: Context) -> None:
    member = ctx.member
    assert member is not None
    reports, photos = counts(ctx, member)
    ctx.set_user_state(CONFIRMING, (ctx.now + CONFIRM_WINDOW).isoformat())
    ctx.reply(with_message_replies(
        text_message(texts.CONFIRM_DELETE.format(photos=photos, reports=reports)),
        [(texts.BUTTON_CONFIRM_DELETE, commands.CONFIRM_DELETE[0]),
         (texts.BUTTON_KEEP_DATA, KEEP_DATA[0])]))


def erase(ctx: Context, member: Member) -> None:
    assert ctx.user_id is not None
    area = member.area_code
    done = do_erase(ctx.session, ctx.user_id, ctx.now, member=member,
                    current_event_id=ctx.event_id)
    do_audit(ctx.session, "member.erase", f"member:{member.id}", actor=member, area=area,
             at=ctx.now, by="self", reports_kept=done.reports, photos=done.photos,
             events=done.events, messages=done.messages)
    ctx.chat = None  # erased with the rest
    ctx.member = None
    ctx.reply_unaddressed(texts.DELETED.format(photos=done.photos, reports=done.reports),
                          lane=f"erased:{member.id}")
