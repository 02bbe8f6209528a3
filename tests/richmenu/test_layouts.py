from __future__ import annotations

import itertools
import unicodedata

import pytest
from linebot.v3.messaging import RichMenuRequest

from bot.richmenu.images import font
from bot.richmenu.layouts import LAYOUTS, MAX_AREAS, Layout
from models.members import ROLES


def test_every_role_has_a_menu() -> None:
    assert set(LAYOUTS) == set(ROLES)
    assert [m.role for m in LAYOUTS.values()] == list(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_areas_tile_the_image(layout: Layout) -> None:
    assert (layout.width, layout.height) in {(2500, 843), (2500, 1686)}
    assert 1 <= len(layout.areas) <= MAX_AREAS
    for area in layout.areas:
        b = area.bounds
        assert b.x >= 0 and b.y >= 0 and b.width > 0 and b.height > 0
        assert b.x + b.width <= layout.width and b.y + b.height <= layout.height
    for a, b in itertools.combinations([a.bounds for a in layout.areas], 2):
        overlap_x = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
        overlap_y = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
        assert overlap_x <= 0 or overlap_y <= 0, (a, b)
    # No dead pixels: every tap does something.
    assert sum(a.bounds.width * a.bounds.height for a in layout.areas) == (
        layout.width * layout.height)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_labels_are_thai_and_the_shipped_font_draws_them(layout: Layout) -> None:
    missing = font(40).getmask("\uffff").getbbox()  # what the font draws for "no glyph"
    for area in layout.areas:
        for text in (area.label, area.hint, area.text):
            assert text and text == text.strip()
            for ch in text.replace(" ", ""):
                assert unicodedata.name(ch).startswith("THAI"), (text, ch)
                assert font(40).getmask(ch).getbbox() != missing, (text, ch)
        assert area.action() == {"type": "message", "label": area.label, "text": area.text}
        assert len(area.label) <= 20  # LINE's limit on an action label


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_menu_object_is_valid_for_line(layout: Layout) -> None:
    menu = layout.to_line()
    request = RichMenuRequest.from_dict(menu)  # the SDK's own model checks the shape
    assert request.size.width == layout.width and request.size.height == layout.height
    assert len(menu["chatBarText"]) <= 14 and len(menu["name"]) <= 300
    assert menu["name"] == f"cddbot:{layout.role}"
    assert len(menu["areas"]) == len(layout.areas)


def test_leader_menu() -> None:
    labels = [a.label for a in LAYOUTS["leader"].areas]
    assert labels == ["ส่งรายงาน", "รายงานของฉัน", "วิธีใช้"]
    assert [a.primary for a in LAYOUTS["leader"].areas] == [True, False, False]
    for role in ("officer", "admin"):
        assert [a.text for a in LAYOUTS[role].areas] == ["สถานะ", "สรุปเดือนนี้", "วิธีใช้"]
