"""Which rich menu each role gets, and linking a member's menu through the outbox.

The menus are kept in the database (not in settings) because setup makes new menus with new
ids on LINE, and every process that links members must see the current ones.

A handler must never call LINE inside its transaction, so linking is an outbox row written
with the registration: it goes out after the commit, is retried like any message, and is
lost with it if the transaction rolls back.
Row: kind "richmenu", recipients [userId], messages [{"richMenuId": id}] (None: unlink).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.members import Member
from models.outbox import OutboxMessage


class RichMenu(Base):
    __tablename__ = "rich_menus"

    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    rich_menu_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"RichMenu({self.role} {self.rich_menu_id})"


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
