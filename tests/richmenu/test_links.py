from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.line_client import LineClient, LineError
from bot.richmenu.links import deliver_richmenu
from bot.richmenu.setup import setup_rich_menus
from bot.sender import Delivery
from linefake.server import FakeLine
from models.members import Member
from models.outbox import OutboxMessage
from models.richmenus import KIND, enqueue_menu_link, enqueue_menu_unlink
from models.session import Database

from .conftest import get_json

pytestmark = pytest.mark.usefixtures("cached_render")


def _queued(db: Database) -> list[Delivery]:
    with db.sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)
                               .order_by(OutboxMessage.id)).all()
        return [Delivery(r.id, r.kind, r.reply_token, list(r.recipients), json.dumps(r.messages),
                         r.retry_key, r.fallback_push, r.attempts) for r in rows]


def _link(db: Database, member: Member) -> None:
    with db.transaction() as session:
        enqueue_menu_link(session, session.get(Member, member.id))


def test_no_menu_for_the_role_queues_nothing(db: Database, leader: Member) -> None:
    _link(db, leader)
    assert _queued(db) == []


def test_link_through_the_outbox(db: Database, line: LineClient, fake_line: FakeLine,
                                 leader: Member, admin: Member) -> None:
    with db.transaction() as session:
        menus = setup_rich_menus(line, session)
    for d in _queued(db):  # what setup queued for the members who were already there
        deliver_richmenu(line, d)

    status, body = get_json(fake_line, f"/v2/bot/user/{leader.line_user_id}/richmenu")
    assert (status, body) == (200, {"richMenuId": menus["leader"]})
    assert line.rich_menu_of(admin.line_user_id) == menus["admin"]

    # A role change: the lead's registration code calls enqueue_menu_link again.
    with db.transaction() as session:
        session.get(Member, leader.id).role = "officer"
    _link(db, leader)
    newest = _queued(db)[-1]
    assert newest.recipients == [leader.line_user_id]
    assert json.loads(newest.messages_json) == [{"richMenuId": menus["officer"]}]
    deliver_richmenu(line, newest)
    assert line.rich_menu_of(leader.line_user_id) == menus["officer"]

    with db.transaction() as session:
        enqueue_menu_unlink(session, leader.line_user_id)
    deliver_richmenu(line, _queued(db)[-1])
    assert line.rich_menu_of(leader.line_user_id) is None
    status, _ = get_json(fake_line, f"/v2/bot/user/{leader.line_user_id}/richmenu")
    assert status == 404


def test_link_to_a_deleted_menu_is_a_permanent_error(
        db: Database, line: LineClient, leader: Member) -> None:
    with db.transaction() as session:
        setup_rich_menus(line, session)
    stale = _queued(db)[-1]
    with db.transaction() as session:
        setup_rich_menus(line, session)  # deletes the menu `stale` names
    with pytest.raises(LineError) as caught:
        deliver_richmenu(line, stale)
    assert caught.value.status == 400 and not caught.value.transient
