"""Draws a layout's rich menu image: LINE-green and white tiles, a simple icon and a large
Thai label on each, readable at phone size (the 2500 px image shows about 390 points wide).

Everything is drawn at twice the size and scaled down, because Pillow's shapes have no
anti-aliasing of their own. The output depends only on the layout, so setup can be re-run
and tests can compare bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont, features

from bot.richmenu.layouts import Area, Layout

MAX_BYTES = 1024 * 1024  # LINE refuses larger rich menu images
SCALE = 2  # drawn at 2x, then scaled down: smooth edges

Colour = tuple[int, int, int]
Point = tuple[float, float]
Box = tuple[float, float, float, float]
GREEN: Colour = (6, 199, 85)  # LINE green
GREEN_DARK: Colour = (4, 150, 64)
BACKGROUND: Colour = (226, 240, 231)  # the gaps between tiles
WHITE: Colour = (255, 255, 255)
BADGE: Colour = (223, 246, 232)  # the circle behind an icon on a white tile
TEXT: Colour = (28, 43, 34)
HINT: Colour = (86, 104, 93)
HINT_ON_GREEN: Colour = (222, 250, 233)

GAP = 24  # between tiles and around the edge, in final pixels
RADIUS = 56  # tile corners


@cache
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """Noto Sans Thai, shipped in fonts/ (OFL 1.1). Raqm places Thai vowels and tone marks
    properly; without it (a Pillow built without libraqm) the basic layout still draws."""
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(_font_file(bold)), size, layout_engine=engine)


@cache
def _font_file(bold: bool) -> bytes:
    name = "NotoSansThai-Bold.ttf" if bold else "NotoSansThai-Regular.ttf"
    return (resources.files("bot.richmenu.fonts") / name).read_bytes()


def render(layout: Layout) -> bytes:
    """The PNG for `layout`, exactly its size and under LINE's 1 MB."""
    big = Image.new("RGB", (layout.width * SCALE, layout.height * SCALE), BACKGROUND)
    draw = ImageDraw.Draw(big)
    for area in layout.areas:
        _tile(draw, layout, area)
    image = big.resize((layout.width, layout.height), Image.Resampling.LANCZOS)
    data = _png(image)
    if len(data) > MAX_BYTES:
        # Not expected for flat tiles; a palette image is a fraction of the size.
        data = _png(image.quantize(colors=128, dither=Image.Dither.NONE))
    if len(data) > MAX_BYTES:
        raise ValueError(f"rich menu image for {layout.role} is {len(data)} bytes, over 1 MB")
    return data


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")  # optimize=True: twice the time for 1% smaller
    return out.getvalue()


def _tile(draw: ImageDraw.ImageDraw, layout: Layout, area: Area) -> None:
    b = area.bounds
    # Half a gap inside each area, and another half where it meets the image's edge, so every
    # gap (between tiles and at the edges) is the same width.
    left = b.x + GAP / 2 + (GAP / 2 if b.x == 0 else 0)
    top = b.y + GAP / 2 + (GAP / 2 if b.y == 0 else 0)
    right = b.x + b.width - GAP / 2 - (GAP / 2 if b.x + b.width == layout.width else 0)
    bottom = b.y + b.height - GAP / 2 - (GAP / 2 if b.y + b.height == layout.height else 0)
    box = (left * SCALE, top * SCALE, right * SCALE, bottom * SCALE)
    fill = GREEN if area.primary else WHITE
    draw.rounded_rectangle(box, radius=RADIUS * SCALE, fill=fill)
    if (right - left) > 2 * (bottom - top):
        _content_across(draw, box, area)
    else:
        _content_down(draw, box, area)


def _content_down(draw: ImageDraw.ImageDraw, box: Box, area: Area) -> None:
    """Icon above, label, hint: for square-ish tiles."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    cx = (left + right) / 2
    badge = min(width, height) * 0.36
    label_font = _fitting(area.label, 128 * SCALE, width * 0.88)
    hint_font = _fitting(area.hint, 68 * SCALE, width * 0.9, bold=False)
    gap = height * 0.05
    label_h, hint_h = label_font.size * 1.25, hint_font.size * 1.3
    block = badge + gap + label_h + hint_h
    y = top + (height - block) / 2
    _badge(draw, (cx, y + badge / 2), badge, area)
    y += badge + gap
    draw.text((cx, y + label_h / 2), area.label, font=label_font, anchor="mm",
              fill=_label_colour(area))
    draw.text((cx, y + label_h + hint_h / 2), area.hint, font=hint_font, anchor="mm",
              fill=_hint_colour(area))


def _content_across(draw: ImageDraw.ImageDraw, box: Box, area: Area) -> None:
    """Icon on the left, label and hint beside it, the pair centred: for wide tiles."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    badge = height * 0.56
    gap = badge * 0.22
    text_room = width * 0.9 - badge - gap
    label_font = _fitting(area.label, 190 * SCALE, text_room)
    hint_font = _fitting(area.hint, 84 * SCALE, text_room, bold=False)
    text_w = max(draw.textlength(area.label, font=label_font),
                 draw.textlength(area.hint, font=hint_font))
    x = left + (width - (badge + gap + text_w)) / 2
    cy = (top + bottom) / 2
    _badge(draw, (x + badge / 2, cy), badge, area)
    tx = x + badge + gap
    label_h, hint_h = label_font.size * 1.3, hint_font.size * 1.4
    ty = cy - (label_h + hint_h) / 2
    draw.text((tx, ty + label_h / 2), area.label, font=label_font, anchor="lm",
              fill=_label_colour(area))
    draw.text((tx, ty + label_h + hint_h / 2), area.hint, font=hint_font, anchor="lm",
              fill=_hint_colour(area))


def _fitting(text: str, size: int, room: float, bold: bool = True) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` in which `text` fits `room` pixels across."""
    size = int(size)
    while size > 20 and font(size, bold).getlength(text) > room:
        size -= 4
    return font(size, bold)


def _label_colour(area: Area) -> Colour:
    return WHITE if area.primary else TEXT


def _hint_colour(area: Area) -> Colour:
    return HINT_ON_GREEN if area.primary else HINT


def _badge(draw: ImageDraw.ImageDraw, centre: Point, size: float, area: Area) -> None:
    """A circle, white on the green tile and pale green on white ones, with the icon in it."""
    cx, cy = centre
    r = size / 2
    bg = WHITE if area.primary else BADGE
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=bg)
    ICONS[area.icon](draw, cx, cy, size * 0.56, GREEN if area.primary else GREEN_DARK, bg)


# Icons: each draws in a square of side `s` centred on (cx, cy). Simple, bold shapes: they
# are a thumbnail's size on a phone.

Icon = Callable[[ImageDraw.ImageDraw, float, float, float, Colour, Colour], None]


def _at(cx: float, cy: float, s: float, *points: Point) -> list[Point]:
    """Points given in a unit square (0..1) placed in the icon's square."""
    return [(cx + (px - 0.5) * s, cy + (py - 0.5) * s) for px, py in points]


def _send(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, c: Colour,
          bg: Colour) -> None:
    """A paper plane: sending."""
    nose, crease = (0.98, 0.06), (0.42, 0.60)
    draw.polygon(_at(cx, cy, s, (0.0, 0.44), nose, crease), fill=c)  # near wing
    draw.polygon(_at(cx, cy, s, crease, nose, (0.66, 0.96)), fill=c)  # far wing
    draw.polygon(_at(cx, cy, s, crease, (0.56, 0.74), (0.42, 0.90)), fill=c)  # keel
    # The fold between the wings, in the badge's colour.
    draw.line(_at(cx, cy, s, crease, nose), fill=bg, width=max(2, int(s * 0.035)))


def _reports(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, c: Colour,
             bg: Colour) -> None:
    """A page with lines of text: my reports."""
    w = int(s * 0.09)
    page = _at(cx, cy, s, (0.12, 0.0), (0.88, 1.0))
    draw.rounded_rectangle((*page[0], *page[1]), radius=s * 0.12, outline=c, width=w)
    for i, end in enumerate((0.68, 0.68, 0.52)):
        y = 0.27 + i * 0.23
        _rounded_line(draw, _at(cx, cy, s, (0.34, y), (end, y)), c, w)


def _help(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, c: Colour,
          bg: Colour) -> None:
    """A question mark, drawn (the Thai font has no Latin glyphs)."""
    w = int(s * 0.15)
    # Three quarters of a circle, from its left round over the top to its bottom, then the
    # stem straight down from there.
    hook = _at(cx, cy, s, (0.27, 0.06), (0.73, 0.52))
    draw.arc((*hook[0], *hook[1]), start=180, end=450, fill=c, width=w)
    _rounded_line(draw, _at(cx, cy, s, (0.5, 0.52 - 0.075), (0.5, 0.68)), c, w)
    left_end = _at(cx, cy, s, (0.27 + 0.075, 0.29))[0]
    draw.ellipse((left_end[0] - w / 2, left_end[1] - w / 2, left_end[0] + w / 2,
                  left_end[1] + w / 2), fill=c)
    dot = _at(cx, cy, s, (0.5, 0.9))[0]
    r = w * 0.7
    draw.ellipse((dot[0] - r, dot[1] - r, dot[0] + r, dot[1] + r), fill=c)


def _status(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, c: Colour,
            bg: Colour) -> None:
    """A checklist, two ticked and one to come: which centres have reported."""
    w = int(s * 0.08)
    for i in range(3):
        y = 0.13 + i * 0.37
        box = _at(cx, cy, s, (0.0, y - 0.14), (0.28, y + 0.14))
        done = i < 2
        draw.rounded_rectangle((*box[0], *box[1]), radius=s * 0.06, width=w, outline=c,
                               fill=c if done else None)
        if done:
            tick = _at(cx, cy, s, (0.06, y), (0.12, y + 0.06), (0.22, y - 0.06))
            draw.line(tick, fill=bg, width=int(w * 0.8), joint="curve")
        _rounded_line(draw, _at(cx, cy, s, (0.42, y), (0.96, y)), c, w)


def _chart(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, c: Colour,
           bg: Colour) -> None:
    """Rising bars on a base line: the month's summary."""
    for i, height in enumerate((0.38, 0.62, 0.88)):
        x = 0.08 + i * 0.31
        bar = _at(cx, cy, s, (x, 0.88 - height), (x + 0.22, 0.88))
        draw.rounded_rectangle((*bar[0], *bar[1]), radius=s * 0.04, fill=c)
    _rounded_line(draw, _at(cx, cy, s, (0.0, 0.97), (1.0, 0.97)), c, int(s * 0.07))


def _rounded_line(draw: ImageDraw.ImageDraw, points: list[Point], c: Colour, w: int) -> None:
    """A thick line with round ends and joints, like a pen stroke."""
    draw.line(points, fill=c, width=w, joint="curve")
    for px, py in (points[0], points[-1]):
        draw.ellipse((px - w / 2, py - w / 2, px + w / 2, py + w / 2), fill=c)


ICONS: dict[str, Icon] = {
    "send": _send,
    "reports": _reports,
    "help": _help,
    "status": _status,
    "chart": _chart,
}
