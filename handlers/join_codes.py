"""Staff look up and rotate a centre's join code, for centres in their own area only.
Sub-district names repeat (two บ้านเดื่อ in Nong Khai), so an ambiguous name is answered with
a button for each, which asks again by the 6-digit code."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from handlers import staff_texts as texts
from handlers.cards import with_message_replies
from handlers.context import Context
from handlers.scope import in_scope, scope_name
from models.audit import do_audit
from models.divisions import Centre, District, Subdistrict
from models.seed import rotate_join_code
from models.stats import Scope
from thaitext import commands
from thaitext.areas import district_name

CONFIRM_WINDOW = timedelta(minutes=10)
NAME_PREFIXES = ("ตำบล", "ต.", "แขวง")
CONFIRMING = "staff_confirm"


def centres_named(ctx: Context, scope: Scope, name: str) -> list[Centre]:
    """Centres in scope whose sub-district has this name or this code."""
    for prefix in NAME_PREFIXES:
        name = name.removeprefix(prefix).strip()
    query = (select(Centre).join(Subdistrict).join(District)
             .options(joinedload(Centre.subdistrict).joinedload(Subdistrict.district)))
    if name.isdigit():
        query = query.where(Subdistrict.code == name)
    else:
        query = query.where(Subdistrict.name_th == name)
    if scope.level == "district":
        query = query.where(Subdistrict.district_code == scope.code)
    elif scope.level == "province":
        query = query.where(District.province_code == scope.code)
    found = ctx.session.scalars(query.order_by(Subdistrict.code)).unique()
    return [c for c in found if in_scope(scope, c.subdistrict_code)]


def one_centre(ctx: Context, scope: Scope, name: str, command: str) -> Centre | None:
    """The centre `name` means, or None after telling the member why there is not one."""
    if not name:
        ctx.reply(texts.JOIN_CODE_ASK.format(command=command))
        return None
    assert ctx.member is not None
    area = scope_name(ctx.session, ctx.member)
    found = centres_named(ctx, scope, name)
    if not found:
        ctx.reply(texts.JOIN_CODE_NOT_FOUND.format(name=name, scope=area))
        return None
    if len(found) > 1:
        buttons = [(button_label(c), f"{command} {c.subdistrict_code}") for c in found]
        ctx.reply(with_message_replies(
            {"type": "text", "text": texts.JOIN_CODE_WHICH.format(name=name, scope=area)},
            buttons))
        return None
    return found[0]


def button_label(centre: Centre) -> str:
    sub = centre.subdistrict
    return f"{sub.name_th} {district_name(sub.district.name_th, sub.district_code)}"


def show_code(ctx: Context, scope: Scope, name: str) -> None:
    centre = one_centre(ctx, scope, name, commands.JOIN_CODE[-1])
    if centre is not None:
        ctx.reply(texts.JOIN_CODE.format(centre=centre.name_th, code=centre.join_code))


def ask_to_rotate(ctx: Context, scope: Scope, name: str) -> None:
    centre = one_centre(ctx, scope, name, commands.NEW_JOIN_CODE[0])
    if centre is None:
        return
    ctx.set_user_state(CONFIRMING, {"action": "rotate", "centre_id": centre.id,
                                    "until": (ctx.now + CONFIRM_WINDOW).isoformat()})
    ctx.reply(with_message_replies(
        {"type": "text", "text": texts.CONFIRM_NEW_JOIN_CODE.format(centre=centre.name_th,
                                                                   code=centre.join_code)},
        [(texts.BUTTON_CONFIRM_NEW_JOIN_CODE, commands.CONFIRM_NEW_JOIN_CODE[0])]))


def pending(ctx: Context, action: str) -> dict[str, object] | None:
    """The confirmation this member started, if it is `action` and not stale; taken away."""
    held = ctx.pop_user_state(CONFIRMING)
    if not held or held.get("action") != action or \
            datetime.fromisoformat(str(held["until"])) < ctx.now:
        return None
    return dict(held)


def rotate(ctx: Context, scope: Scope, _: str) -> None:
    held = pending(ctx, "rotate")
    centre = ctx.session.get(Centre, held["centre_id"]) if held else None
    if centre is None or not in_scope(scope, centre.subdistrict_code):
        ctx.reply(texts.NOTHING_TO_CONFIRM)
        return
    assert ctx.member is not None
    old = centre.join_code
    code = rotate_join_code(ctx.session, centre)
    do_audit(ctx.session, "centre.rotate_join_code", f"centre:{centre.subdistrict_code}",
             actor=ctx.member, area=centre.subdistrict_code, at=ctx.now, old_code=old)
    ctx.reply(texts.NEW_JOIN_CODE.format(centre=centre.name_th, code=code), important=True)
