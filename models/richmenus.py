"""Which rich menu each role gets: one row per role, written by `cddbot richmenu setup`.

Kept in the database (not in settings) because setup makes new menus with new ids on LINE,
and every process that links members must see the current ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class RichMenu(Base):
    __tablename__ = "rich_menus"

    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    rich_menu_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"RichMenu({self.role} {self.rich_menu_id})"
