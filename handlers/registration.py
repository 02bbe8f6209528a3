"""Following the bot, and registering with a centre's join code or a one-time invite code."""

from __future__ import annotations

from sqlalchemy import select

from handlers import texts
from handlers.context import Context
from handlers.scope import role_name, scope_name
from models.audit import AuditLog
from models.divisions import Centre, District
from models.members import InviteCode, Member
from models.richmenus import enqueue_menu_link
from thaitext.commands import REGISTER, command_argument


def is_follow(ctx: Context) -> bool:
    return ctx.type == "follow"


def on_follow(ctx: Context) -> None:
    if ctx.member is None:
        ctx.reply(texts.WELCOME)
    else:
        ctx.reply(texts.WELCOME_BACK.format(role=role_name(ctx.member),
                                            scope=scope_name(ctx.session, ctx.member)))


def is_register(ctx: Context) -> bool:
    return bool(ctx.text) and command_argument(ctx.text, *REGISTER) is not None


def on_register(ctx: Context) -> None:
    if ctx.in_group:
        if ctx.member is not None or ctx.user_id:
            ctx.reply(texts.USE_PRIVATE_CHAT)
        return
    code = (command_argument(ctx.text, *REGISTER) or "").replace(" ", "").upper()
    if not code:
        ctx.reply(texts.CODE_MISSING)
        return
    centre = ctx.session.scalar(select(Centre).where(Centre.join_code == code))
    if centre is not None:
        register_leader(ctx, centre)
        return
    invite = ctx.session.scalar(select(InviteCode).where(InviteCode.code == code))
    if invite is None:
        ctx.reply(texts.CODE_UNKNOWN.format(code=code))
    elif invite.used_at is not None:
        ctx.reply(texts.CODE_USED.format(code=code))
    else:
        register_staff(ctx, invite)


def register_leader(ctx: Context, centre: Centre) -> None:
    member = ctx.member
    if member is not None and member.role != "leader":
        ctx.reply(texts.STAFF_CANNOT_JOIN_CENTRE.format(
            role=role_name(member), scope=scope_name(ctx.session, member)))
        return
    if member is not None and member.centre_id == centre.id:
        ctx.reply(texts.ALREADY_REGISTERED.format(role=role_name(member), scope=centre.name_th))
        return
    if member is not None:
        old = scope_name(ctx.session, member)
        member.centre = centre
        audit(ctx, member, "member.move", {"to_centre": centre.subdistrict_code})
        ctx.reply(texts.MOVED_CENTRE.format(old=old, new=centre.name_th), important=True)
        return
    member = new_member(ctx, role="leader")
    member.centre = centre
    member.province_code = centre.subdistrict.district.province_code
    member.district_code = centre.subdistrict.district_code
    audit(ctx, member, "member.register", {"centre": centre.subdistrict_code})
    enqueue_menu_link(ctx.session, member)
    ctx.reply(texts.REGISTERED.format(name=member.display_name or "", role=role_name(member),
                                      scope=centre.name_th) + texts.REGISTERED_LEADER_NEXT,
              important=True)


def register_staff(ctx: Context, invite: InviteCode) -> None:
    member = ctx.member
    if member is not None and member.role == invite.role and _area(member) == invite.area_code:
        ctx.reply(texts.ALREADY_REGISTERED.format(role=role_name(member),
                                                  scope=scope_name(ctx.session, member)))
        return
    if member is None:
        member = new_member(ctx, role=invite.role)
    member.role = invite.role
    member.centre_id = None
    member.centre = None
    if invite.role == "officer":
        district = ctx.session.get(District, invite.area_code)
        member.district_code = invite.area_code
        member.province_code = district.province_code if district else invite.area_code[:2]
    else:
        member.district_code = None
        member.province_code = invite.area_code
    ctx.session.flush()
    invite.used_at = ctx.now
    invite.used_by_member_id = member.id
    audit(ctx, member, "member.register", {"role": invite.role, "area": invite.area_code})
    enqueue_menu_link(ctx.session, member)
    ctx.reply(texts.REGISTERED.format(name=member.display_name or "", role=role_name(member),
                                      scope=scope_name(ctx.session, member))
              + texts.REGISTERED_STAFF_NEXT, important=True)


def new_member(ctx: Context, role: str) -> Member:
    assert ctx.user_id is not None
    member = Member(line_user_id=ctx.user_id, display_name=ctx.prefetched.display_name, role=role,
                    consented_at=ctx.now, status="active")
    ctx.session.add(member)
    ctx.member = member
    return member


def _area(member: Member) -> str | None:
    return member.district_code if member.role == "officer" else member.province_code


def audit(ctx: Context, member: Member, action: str, detail: dict[str, object]) -> None:
    ctx.session.flush()
    ctx.session.add(AuditLog(actor_member_id=member.id, action=action,
                             target=f"member:{member.id}", detail=detail, at=ctx.now))
