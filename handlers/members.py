"""Staff remove a member of their own area: an officer the leaders of their district, an
admin the leaders and officers of their province. Removing takes effect at once (the member
is no longer recognised and loses their rich menu); their reports stay with the centre.

    ลบสมาชิก ชื่อ|ตำบล|#id -> none found | a button for each of several | confirm step
                              (user state "member_confirm", 10 minutes)
    ยืนยันลบสมาชิก          -> removed (checked against the area again), audited
    ไม่ลบสมาชิก             -> nothing changes
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload

from handlers import staff_texts, texts
from handlers.cards import with_message_replies
from handlers.context import Context, text_message
from handlers.scope import role_name, scope_name, staff_scope
from models.audit import do_audit
from models.divisions import Centre, Subdistrict
from models.members import Member
from models.privacy import do_remove_member
from models.reports import Report
from models.stats import Scope
from thaitext import commands
from thaitext.commands import command_argument, is_command

REMOVE_MEMBER = commands.REMOVE_MEMBER
CONFIRM_REMOVE = commands.CONFIRM_REMOVE_MEMBER
KEEP_MEMBER = commands.KEEP_MEMBER
CONFIRMING = "member_confirm"
CONFIRM_WINDOW = timedelta(minutes=10)
NAME_PREFIXES = ("ตำบล", "ต.", "แขวง")
SHOWN = 12  # buttons for several matches (LINE shows at most 13 quick replies)


def is_member_command(ctx: Context) -> bool:
    return bool(ctx.text) and ctx.member is not None and (
        is_command(ctx.text, *CONFIRM_REMOVE, *KEEP_MEMBER)
        or command_argument(ctx.text, *REMOVE_MEMBER) is not None)


def on_member_command(ctx: Context) -> None:
    scope = staff_scope(ctx.member)
    if scope is None:
        if not ctx.in_group:
            ctx.reply(staff_texts.STAFF_ONLY.format(command=REMOVE_MEMBER[0]))
        return
    if ctx.in_group:
        ctx.reply(staff_texts.STAFF_IN_GROUP)
    elif is_command(ctx.text, *CONFIRM_REMOVE):
        remove(ctx, scope)
    elif is_command(ctx.text, *KEEP_MEMBER):
        held = ctx.pop_user_state(CONFIRMING)
        target = ctx.session.get(Member, held["member_id"]) if held else None
        ctx.reply(texts.NOT_REMOVED.format(name=label_name(target)) if target
                  else texts.NOTHING_TO_REMOVE)
    else:
        ask_to_remove(ctx, scope, command_argument(ctx.text, *REMOVE_MEMBER) or "")


def within(scope: Scope) -> ColumnElement[bool]:
    """Members whom staff of `scope` may remove: everyone whose area lies inside it and is
    smaller (so never staff of the same area, nor the member themself)."""
    if scope.level == "country":
        return Member.role.in_(("leader", "officer", "admin"))
    leaders = and_(Member.role == "leader", Member.centre_id.in_(
        select(Centre.id).where(Centre.subdistrict_code.startswith(scope.code))))
    if scope.level == "district":
        return leaders
    return or_(leaders, and_(Member.role == "officer",
                             Member.district_code.startswith(scope.code)))


def removable(ctx: Context, scope: Scope, asked: str) -> list[Member]:
    """Active members in reach matching `asked`: "#id", a part of a LINE name, or the name
    of a leader's sub-district."""
    assert ctx.member is not None
    query = (select(Member)
             .options(joinedload(Member.centre).joinedload(Centre.subdistrict))
             .where(Member.status == "active", Member.id != ctx.member.id, within(scope)))
    if asked.startswith("#") and asked[1:].isdigit():
        query = query.where(Member.id == int(asked[1:]))
    else:
        place = asked
        for prefix in NAME_PREFIXES:
            place = place.removeprefix(prefix).strip()
        query = query.where(or_(
            Member.display_name.contains(asked, autoescape=True),
            Member.centre_id.in_(select(Centre.id).join(Subdistrict)
                                 .where(Subdistrict.name_th == place))))
    return list(ctx.session.scalars(query.order_by(Member.id).limit(SHOWN)).unique())


def label_name(member: Member) -> str:
    return member.display_name or texts.UNNAMED_MEMBER


def button_label(member: Member) -> str:
    where = member.centre.subdistrict.name_th if member.centre is not None else \
        role_name(member)
    return f"{label_name(member)} ({where})"


def report_count(ctx: Context, member: Member) -> int:
    return ctx.session.scalar(select(func.count()).select_from(Report)
                              .where(Report.member_id == member.id)) or 0


def ask_to_remove(ctx: Context, scope: Scope, asked: str) -> None:
    if not asked:
        ctx.reply(texts.REMOVE_ASK)
        return
    assert ctx.member is not None
    found = removable(ctx, scope, asked)
    if not found:
        ctx.reply(texts.REMOVE_NOT_FOUND.format(name=asked,
                                                scope=scope_name(ctx.session, ctx.member)))
        return
    if len(found) > 1:
        ctx.reply(with_message_replies(
            text_message(texts.REMOVE_WHICH.format(name=asked)),
            [(button_label(m), f"{REMOVE_MEMBER[0]} #{m.id}") for m in found]))
        return
    target = found[0]
    ctx.set_user_state(CONFIRMING, {"member_id": target.id,
                                    "until": (ctx.now + CONFIRM_WINDOW).isoformat()})
    ctx.reply(with_message_replies(
        text_message(texts.REMOVE_CONFIRM.format(
            name=label_name(target), role=role_name(target),
            scope=scope_name(ctx.session, target), reports=report_count(ctx, target))),
        [(texts.BUTTON_CONFIRM_REMOVE, CONFIRM_REMOVE[0]),
         (texts.BUTTON_KEEP_MEMBER, KEEP_MEMBER[0])]))


def remove(ctx: Context, scope: Scope) -> None:
    held = ctx.pop_user_state(CONFIRMING)
    target = None
    if held and datetime.fromisoformat(str(held["until"])) >= ctx.now:
        # Asked again: the member may have moved, or the officer's own area changed.
        assert ctx.member is not None
        target = ctx.session.scalar(select(Member).where(
            Member.id == held["member_id"], Member.id != ctx.member.id,
            Member.status == "active", within(scope)))
    if target is None:
        ctx.reply(texts.NOTHING_TO_REMOVE)
        return
    area = target.area_code
    reports = report_count(ctx, target)
    do_remove_member(ctx.session, target)
    do_audit(ctx.session, "member.remove", f"member:{target.id}", actor=ctx.member, area=area,
             at=ctx.now, role=target.role, reports_kept=reports)
    ctx.reply(texts.REMOVED.format(name=label_name(target), reports=reports), important=True)
