"""Delivering a rich-menu link row of the outbox (models/richmenus.py writes them)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bot.line_client import LineClient

if TYPE_CHECKING:  # bot.sender imports this module to deliver the rows
    from bot.sender import Delivery


def deliver_richmenu(line: LineClient, d: Delivery) -> None:
    """The sender's branch for kind "richmenu"; LineError goes to its usual error handling
    (a deleted menu is a 400: permanent, as a later row links the new one)."""
    menu_id = json.loads(d.messages_json)[0].get("richMenuId")
    if menu_id:
        line.link_rich_menu(d.recipients[0], str(menu_id))
    else:
        line.unlink_rich_menu(d.recipients[0])
