"""One row per LINE chat (a user, group or room): the lock that orders its events, and its
conversation state, shared by all workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Chat(Base):
    __tablename__ = "chats"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[dict[str, Any] | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"Chat({self.key})"
