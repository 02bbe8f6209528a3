from __future__ import annotations

import io
from dataclasses import replace
from functools import cache

import pytest
from PIL import Image

from bot.richmenu import images
from bot.richmenu.images import MAX_BYTES, WHITE
from bot.richmenu.layouts import LAYOUTS, Layout

render = cache(images.render)  # a layout is frozen data: each one is drawn once per run


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_png_of_the_menu_size_under_1_mb(layout: Layout) -> None:
    data = render(layout)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) < MAX_BYTES
    image = _open(data)
    assert image.format == "PNG" and image.size == (layout.width, layout.height)
    assert images.render(layout) == data  # deterministic: same layout, same bytes


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_area_has_an_icon_and_text(layout: Layout) -> None:
    image = _open(render(layout)).convert("RGB")
    for area in layout.areas:
        b = area.bounds
        tile = image.crop((b.x, b.y, b.x + b.width, b.y + b.height))
        colours = tile.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 100, area.label  # anti-aliased text and shapes, not a flat tile
        # Ink: pixels that are neither the tile's own colour nor close to it.
        fill = max(colours)[1]
        ink = sum(n for n, c in colours if sum(abs(p - q) for p, q in zip(c, fill, strict=True))
                  > 120)
        assert 0.01 < ink / (b.width * b.height) < 0.5, area.label
        assert (fill == WHITE) != area.primary


def test_label_is_drawn_where_the_text_goes() -> None:
    """Changing only a label changes only that area's pixels."""
    layout = LAYOUTS["officer"]
    first, *rest = layout.areas
    changed = replace(layout, areas=(replace(first, label="ทดสอบ"), *rest))
    before, after = _open(render(layout)).convert("RGB"), _open(render(changed)).convert("RGB")
    b = first.bounds
    box = (b.x, b.y, b.x + b.width, b.y + b.height)
    assert before.crop(box).tobytes() != after.crop(box).tobytes()
    for other in rest:
        o = other.bounds
        box = (o.x, o.y, o.x + o.width, o.y + o.height)
        assert before.crop(box).tobytes() == after.crop(box).tobytes()
