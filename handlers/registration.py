"""Following the bot, consenting to the PDPA notice, and registering with a centre's join
code or a one-time invite code.

    follow ──▶ welcome + notice [ยอมรับ | ไม่ยอมรับ]
    ยอมรับ (a stranger) ──▶ acceptance kept in the chat ("consent") until they register
    ลงทะเบียน CODE ──▶ too many wrong codes in the last hour? ──▶ told to wait, not checked
                   ──▶ wrong, used or expired code ──▶ told so, counted
                   ──▶ good code, notice not accepted ──▶ message held ("held"), notice asked
                   ──▶ good code, notice accepted ──▶ registered, consent recorded
    ยอมรับ with a held message ──▶ the held message is handled as if sent now
    ไม่ยอมรับ (a stranger) ──▶ not registered, what they sent is erased
    a member whose notice is older than PDPA_NOTICE_VERSION, any message ──▶ held, asked again
    ยอมรับ (that member) ──▶ consent recorded, the held message handled
    ไม่ยอมรับ (that member) ──▶ asked to confirm deleting their data (handlers/privacy.py)
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import select

from handlers import privacy, texts
from handlers.cards import with_message_replies
from handlers.context import Context, text_message
from handlers.fetched import Prefetched, StoredPhoto
from handlers.scope import role_name, scope_name
from models import stats
from models.audit import do_audit
from models.divisions import Centre, District
from models.members import InviteCode, Member, blocked_until, record_wrong_code
from models.privacy import do_erase, note_files_to_delete
from models.richmenus import enqueue_menu_link
from models.stats import Level, Scope
from thaitext import commands, format_thai_moment
from thaitext.commands import REGISTER, command_argument, is_command

ACCEPT = commands.ACCEPT_NOTICE
DECLINE = commands.DECLINE_NOTICE
CONSENT = "consent"  # user state: {"version", "at"}: a stranger accepted, not registered yet
HELD = "held"  # user state: {"event_id", "event", "display_name"}: waits for consent
CONSENT_BUTTONS = [(texts.BUTTON_ACCEPT, ACCEPT[0]), (texts.BUTTON_DECLINE, DECLINE[0])]


def needs_consent(member: Member | None) -> bool:
    """A member who has not accepted the current notice."""
    return member is not None and member.consent_version != texts.PDPA_NOTICE_VERSION


def is_follow(ctx: Context) -> bool:
    return ctx.type == "follow"


def on_follow(ctx: Context) -> None:
    member = ctx.member
    if member is None:
        ctx.reply(with_message_replies(text_message(texts.WELCOME), CONSENT_BUTTONS))
        return
    back = texts.WELCOME_BACK.format(role=role_name(member),
                                     scope=scope_name(ctx.session, member))
    if needs_consent(member):
        ask = texts.RECONSENT.format(after=texts.RECONSENT_FOLLOW)
        ctx.reply(with_message_replies(text_message(f"{back}\n\n{ask}"), CONSENT_BUTTONS))
    else:
        ctx.reply(back)


def is_register(ctx: Context) -> bool:
    """Registering, answering the notice, and every message of a member who must answer it
    first (except asking to see or delete their data)."""
    if ctx.type != "message":
        return False
    if is_command(ctx.text, *ACCEPT, *DECLINE):
        if ctx.member is None:
            return not ctx.in_group  # a stranger in a group: none of the bot's business
        return needs_consent(ctx.member)
    if needs_consent(ctx.member) and not is_command(ctx.text, *privacy.PRIVACY_WORDS):
        return True
    return bool(ctx.text) and command_argument(ctx.text, *REGISTER) is not None


def on_register(ctx: Context) -> None:
    if is_command(ctx.text, *ACCEPT):
        on_accept(ctx)
    elif is_command(ctx.text, *DECLINE):
        on_decline(ctx)
    elif needs_consent(ctx.member):
        hold_for_consent(ctx)
    else:
        register_with_code(ctx)


def on_accept(ctx: Context) -> None:
    if ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
        return
    held = ctx.pop_user_state(HELD)
    member = ctx.member
    if member is not None:
        member.consent_version = texts.PDPA_NOTICE_VERSION
        member.consented_at = ctx.now
        audit(ctx, member, "member.consent", {"version": texts.PDPA_NOTICE_VERSION})
    else:
        ctx.set_user_state(CONSENT, {"version": texts.PDPA_NOTICE_VERSION,
                                     "at": ctx.now.isoformat()})
    if held:
        handle_held(ctx, held)
    else:
        ctx.reply(texts.RECONSENT_ACCEPTED if member is not None else texts.CONSENT_RECORDED)


def handle_held(ctx: Context, held: dict[str, Any]) -> None:
    """The message that waited for consent, handled now, answered with this reply token."""
    from handlers import dispatch  # the ordered list of handlers imports this module

    ctx.session.flush()
    event = dict(held["event"])
    event.pop("replyToken", None)
    if ctx.event.get("replyToken"):
        event["replyToken"] = ctx.event["replyToken"]
    dispatch(ctx.settings, ctx.session, str(held["event_id"]), ctx.chat_key, event, ctx.now,
             Prefetched(display_name=held.get("display_name")))


def on_decline(ctx: Context) -> None:
    if ctx.in_group:
        ctx.reply(texts.USE_PRIVATE_CHAT)
        return
    if ctx.member is not None:  # withdrawing consent: their data goes, after a confirm
        ctx.pop_user_state(HELD)
        privacy.ask_to_delete(ctx)
        return
    assert ctx.user_id is not None
    do_erase(ctx.session, ctx.user_id, ctx.now, current_event_id=ctx.event_id)
    ctx.chat = None  # erased with the rest
    ctx.reply_unaddressed(texts.CONSENT_DECLINED, lane=f"erased:{ctx.event_id}")


def hold_for_consent(ctx: Context) -> None:
    """A member who must accept the new notice first: a text waits for it; a photo or a
    location is not kept (asked to send it again)."""
    photo = ctx.prefetched.photo
    if isinstance(photo, StoredPhoto):  # fetched before the transaction: not to be kept
        note_files_to_delete(ctx.session, [photo.path])
    image_set = ctx.message.get("imageSet") or {}
    if image_set.get("index", 1) != 1:
        return  # one answer to a burst of photos
    if ctx.in_group:
        ctx.reply(texts.RECONSENT_IN_GROUP)
        return
    if ctx.text:
        ctx.set_user_state(HELD, {"event_id": ctx.event_id, "event": ctx.event,
                                  "display_name": None})
        after = texts.RECONSENT_HELD
    else:
        after = texts.RECONSENT_RESEND
    ctx.reply(with_message_replies(text_message(texts.RECONSENT.format(after=after)),
                                   CONSENT_BUTTONS))


def accepted(ctx: Context) -> bool:
    """Whether this stranger accepted the current notice in this chat."""
    consent = ctx.user_state(CONSENT)
    return bool(consent) and consent.get("version") == texts.PDPA_NOTICE_VERSION


def register_with_code(ctx: Context) -> None:
    if ctx.in_group:
        if ctx.member is not None or ctx.user_id:
            ctx.reply(texts.USE_PRIVATE_CHAT)
        return
    assert ctx.user_id is not None
    code = (command_argument(ctx.text, *REGISTER) or "").replace(" ", "").upper()
    if not code:
        ctx.reply(texts.CODE_MISSING)
        return
    wait = blocked_until(ctx.session, ctx.user_id, ctx.now)
    if wait is not None:  # not even looked up: guessing gets nothing
        minutes = max(1, math.ceil((wait - ctx.now).total_seconds() / 60))
        ctx.reply(texts.TOO_MANY_TRIES.format(minutes=minutes))
        return
    centre = ctx.session.scalar(select(Centre).where(Centre.join_code == code))
    if centre is not None:
        if ctx.member is None and not accepted(ctx):
            ask_consent(ctx, texts.ROLE_NAMES["leader"], centre.name_th)
        else:
            register_leader(ctx, centre)
        return
    invite = ctx.session.scalar(select(InviteCode).where(InviteCode.code == code))
    hours = ctx.settings.invite_hours
    if invite is None or invite.used_at is not None or invite.expired(ctx.now, hours):
        record_wrong_code(ctx.session, ctx.user_id, ctx.now)
    if invite is None:
        ctx.reply(texts.CODE_UNKNOWN.format(code=code))
    elif invite.used_at is not None:
        ctx.reply(texts.CODE_USED.format(code=code))
    elif invite.expired(ctx.now, hours):
        ctx.reply(texts.CODE_EXPIRED.format(code=code, hours=f"{hours:g}",
                                            expired=format_thai_moment(invite.expires_at(hours))))
    elif ctx.member is None and not accepted(ctx):
        ask_consent(ctx, texts.ROLE_NAMES.get(invite.role, invite.role),
                    invite_area_name(ctx, invite))
    else:
        register_staff(ctx, invite)


def ask_consent(ctx: Context, role: str, scope: str) -> None:
    """A good code from someone who has not accepted the notice: the registration waits."""
    name = ctx.prefetched.display_name
    ctx.set_user_state(HELD, {"event_id": ctx.event_id, "event": ctx.event,
                              "display_name": name})
    greeting = texts.GREETING_NAMED.format(name=name) if name else texts.GREETING
    ctx.reply(with_message_replies(
        text_message(texts.CONSENT_FOR_CODE.format(greeting=greeting, role=role, scope=scope)),
        CONSENT_BUTTONS))


def invite_area_name(ctx: Context, invite: InviteCode) -> str:
    level: Level = "district" if invite.role == "officer" else "province"
    try:
        return stats.scope_name(ctx.session, Scope(level, invite.area_code))
    except ValueError:  # an area no longer in the database
        return invite.area_code


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
        member.district_code = centre.subdistrict.district_code
        member.province_code = centre.subdistrict.district.province_code
        audit(ctx, member, "member.move", {"to_centre": centre.subdistrict_code})
        ctx.reply(texts.MOVED_CENTRE.format(old=old, new=centre.name_th), important=True)
        return
    member = new_member(ctx, role="leader")
    member.centre = centre
    member.province_code = centre.subdistrict.district.province_code
    member.district_code = centre.subdistrict.district_code
    audit(ctx, member, "member.register", {"role": "leader"})
    enqueue_menu_link(ctx.session, member)
    ctx.reply(texts.REGISTERED.format(name=member.display_name or "", role=role_name(member),
                                      scope=centre.name_th) + texts.REGISTERED_LEADER_NEXT,
              important=True)


def register_staff(ctx: Context, invite: InviteCode) -> None:
    """Roles above leader come only from invite codes (made by `cddbot invite`)."""
    member = ctx.member
    if member is not None and member.role == invite.role and member.area_code == invite.area_code:
        ctx.reply(texts.ALREADY_REGISTERED.format(role=role_name(member),
                                                  scope=scope_name(ctx.session, member)))
        return
    if member is None:
        member = new_member(ctx, role=invite.role)
    old_role = member.role
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
    audit(ctx, member, "member.register", {"role": invite.role, "invite": invite.id,
                                           "role_before": old_role})
    enqueue_menu_link(ctx.session, member)
    ctx.reply(texts.REGISTERED.format(name=member.display_name or "", role=role_name(member),
                                      scope=scope_name(ctx.session, member))
              + texts.REGISTERED_STAFF_NEXT, important=True)


def new_member(ctx: Context, role: str) -> Member:
    """A member from this LINE user, with the consent they gave in this chat; someone who
    was removed gets their old row back."""
    assert ctx.user_id is not None
    consent = ctx.pop_user_state(CONSENT) or {}
    member = ctx.session.scalar(select(Member).where(Member.line_user_id == ctx.user_id))
    if member is None:
        member = Member(line_user_id=ctx.user_id)
        ctx.session.add(member)
    member.display_name = ctx.prefetched.display_name
    member.role = role
    member.status = "active"
    member.centre_id = member.district_code = member.province_code = None
    member.consent_version = consent.get("version")
    member.consented_at = datetime.fromisoformat(consent["at"]) if consent.get("at") else None
    ctx.member = member
    return member


def audit(ctx: Context, member: Member, action: str, detail: dict[str, object]) -> None:
    """Record what `member` did, to their own record, in their area."""
    ctx.session.flush()
    do_audit(ctx.session, action, f"member:{member.id}", actor=member, area=member.area_code,
             at=ctx.now, **detail)
