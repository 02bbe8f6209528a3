"""Linking a member's rich menu through the outbox.

A handler must never call LINE inside its transaction, so linking is an outbox row written
with the registration: it goes out after the commit, is retried like any message, and is
lost with it if the transaction rolls back.

Row: kind "richmenu", recipients [userId], messages [{"richMenuId": id}] (None: unlink).
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line_client import LineClient
from models.members import Member
from models.outbox import OutboxMessage
from models.richmenus import RichMenu

if TYPE_CHECKING:  # bot.sender imports this module to deliver the rows
    from bot.sender import Delivery

KIND = "richmenu"


def enqueue_menu_link(session: Session, member: Member) -> None:
    """Give `member` their role's menu, if `cddbot richmenu setup` has made one."""
    menu_id = session.scalar(select(RichMenu.rich_menu_id).where(RichMenu.role == member.role))
    if menu_id is not None:
        enqueue_link(session, member.line_user_id, menu_id)


def enqueue_menu_unlink(session: Session, line_user_id: str) -> None:
    """Take the menu away (a member removed or gone): LINE then shows the default, if any."""
    enqueue_link(session, line_user_id, None)


def enqueue_link(session: Session, line_user_id: str, menu_id: str | None) -> None:
    """Queue linking `menu_id` (None: unlinking) to one user."""
    session.add(OutboxMessage(
        kind=KIND,
        # Links of one user go in order (a role change after registration must end on the
        # new menu), but in their own lane, so they never hold up the chat's messages.
        chat_key=f"{KIND}:{line_user_id}",
        recipients=[line_user_id],
        messages=[{"richMenuId": menu_id}],
        retry_key=str(uuid.uuid4()),  # the outbox requires one; linking is idempotent anyway
    ))


def deliver_richmenu(line: LineClient, d: Delivery) -> None:
    """The sender's branch for kind "richmenu"; LineError goes to its usual error handling
    (a deleted menu is a 400: permanent, as a later row links the new one)."""
    menu_id = json.loads(d.messages_json)[0].get("richMenuId")
    if menu_id:
        line.link_rich_menu(d.recipients[0], str(menu_id))
    else:
        line.unlink_rich_menu(d.recipients[0])
