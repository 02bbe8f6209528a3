"""Registering links the member's role menu, end to end through the outbox sender."""

from __future__ import annotations

from bot.richmenu.setup import setup_rich_menus
from linefake.webhook import text_event
from models.divisions import Centre
from models.seed import create_invite
from tests.conftest import LiveBot, eventually, new_user_id


def linked_menu(bot: LiveBot, user: str) -> str | None:
    assert bot.background is not None
    return bot.background.services.line.rich_menu_of(user)


def test_leader_and_officer_get_their_role_menus(bot: LiveBot, centre: Centre) -> None:
    assert bot.background is not None
    with bot.db.transaction() as session:
        menus = setup_rich_menus(bot.background.services.line, session)
        code = create_invite(session, "officer", "4301").code
    leader, officer = new_user_id(), new_user_id()
    for user, code_sent in ((leader, centre.join_code), (officer, code)):
        bot.send(text_event(user, f"ลงทะเบียน {code_sent}", bot.token(user)))
        bot.send(text_event(user, "ยอมรับ", bot.token(user)))  # the PDPA notice
    eventually(lambda: linked_menu(bot, leader) == menus["leader"])
    eventually(lambda: linked_menu(bot, officer) == menus["officer"])
    assert menus["leader"] != menus["officer"]
