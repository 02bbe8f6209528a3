"""The rich menu of each role, as plain data: where each button is, what it says and what it
sends. images.py draws these, setup.py sends them to LINE; adding a role or a button is an
edit here only.

Every button sends a text message (not a postback) so that it does exactly what typing the
same words does: members see the command in the chat and learn it, and one handler serves
both. The officer and admin commands (สถานะ, สรุปเดือนนี้) are answered by later work; until
then the bot's usual fallback answers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# LINE's two full-width sizes; the image must be exactly the menu's size.
WIDTH = 2500
COMPACT_HEIGHT = 843
LARGE_HEIGHT = 1686
MAX_AREAS = 20
NAME_PREFIX = "cddbot:"  # marks the menus this project made, so setup may delete them
CHAT_BAR_TEXT = "เมนู"  # the bar under the chat that opens and closes the menu


@dataclass(frozen=True)
class Bounds:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Area:
    bounds: Bounds
    label: str  # large, on the image; also the accessibility label of the action
    hint: str  # one short line under the label, saying what the button is for
    icon: str  # a drawing in images.ICONS
    text: str  # what tapping sends, as if the member had typed it
    primary: bool = False  # drawn in LINE green: the one thing this role does most

    def action(self) -> dict[str, Any]:
        return {"type": "message", "label": self.label, "text": self.text}


@dataclass(frozen=True)
class Layout:
    role: str
    width: int
    height: int
    areas: tuple[Area, ...]
    chat_bar_text: str = CHAT_BAR_TEXT

    @property
    def name(self) -> str:
        return NAME_PREFIX + self.role

    def to_line(self) -> dict[str, Any]:
        """The rich menu object for POST /v2/bot/richmenu."""
        return {
            "size": {"width": self.width, "height": self.height},
            # Open when the chat opens: the menu is how most members find the commands.
            "selected": True,
            "name": self.name,
            "chatBarText": self.chat_bar_text,
            "areas": [
                {
                    "bounds": {"x": a.bounds.x, "y": a.bounds.y,
                               "width": a.bounds.width, "height": a.bounds.height},
                    "action": a.action(),
                }
                for a in self.areas
            ],
        }


@dataclass(frozen=True)
class Button:
    """An area before it has a place: grid() gives it one."""

    label: str
    hint: str
    icon: str
    text: str | None = None  # defaults to the label
    primary: bool = False


def grid(width: int, height: int, rows: list[list[Button]]) -> tuple[Area, ...]:
    """Rows of equal height, each split into equal cells; the last row and cell take the
    pixels left over, so the areas tile the whole image with no gap."""
    areas = []
    row_height = height // len(rows)
    for r, row in enumerate(rows):
        y = r * row_height
        h = height - y if r == len(rows) - 1 else row_height
        cell_width = width // len(row)
        for c, button in enumerate(row):
            x = c * cell_width
            w = width - x if c == len(row) - 1 else cell_width
            areas.append(Area(Bounds(x, y, w, h), button.label, button.hint, button.icon,
                              button.text or button.label, button.primary))
    return tuple(areas)


HELP = Button("วิธีใช้", "คำสั่งและคำแนะนำ", "help")

LAYOUTS: dict[str, Layout] = {
    # Leaders mostly send reports, so that button gets the whole top half.
    "leader": Layout("leader", WIDTH, LARGE_HEIGHT, grid(WIDTH, LARGE_HEIGHT, [
        [Button("ส่งรายงาน", "เล่ากิจกรรม พร้อมแนบรูปภาพ", "send", primary=True)],
        [Button("รายงานของฉัน", "รายงานเดือนนี้ของศูนย์", "reports"), HELP],
    ])),
    "officer": Layout("officer", WIDTH, COMPACT_HEIGHT, grid(WIDTH, COMPACT_HEIGHT, [
        [Button("สถานะ", "ศูนย์ที่ส่งรายงานแล้ว", "status"),
         Button("สรุปเดือนนี้", "ผลงานของอำเภอ", "chart"), HELP],
    ])),
    "admin": Layout("admin", WIDTH, COMPACT_HEIGHT, grid(WIDTH, COMPACT_HEIGHT, [
        [Button("สถานะ", "ภาพรวมทั้งจังหวัด", "status"),
         Button("สรุปเดือนนี้", "ผลงานของจังหวัด", "chart"), HELP],
    ])),
}
