"""The persona's rich menu, as the fake platform knows it (linked to the user, else the
default one), and its image."""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue

from bot.simulator.web import bp, state
from linefake.server import FakeLine


def menu_for(fake: FakeLine, user_id: str) -> dict[str, Any] | None:
    """What LINE would show this user: their own menu first, then the bot's default."""
    store = fake.rich_menus
    # Single dict reads are atomic; menus are never edited in place, only added or removed.
    menu_id = store.user_links.get(user_id) or store.default_id
    menu = store.menus.get(menu_id) if menu_id else None
    if menu is None or menu_id not in store.images:
        return None
    return copy.deepcopy(menu)


@bp.get("/api/richmenu")
def richmenu() -> ResponseReturnValue:
    user_id = request.args.get("user", "")
    menu = menu_for(state().fake, user_id)
    if menu is not None:
        menu["image"] = f"api/richmenu/{menu['richMenuId']}/image"
    return jsonify(menu=menu)


@bp.get("/api/richmenu/<menu_id>/image")
def richmenu_image(menu_id: str) -> ResponseReturnValue:
    image = state().fake.rich_menus.images.get(menu_id)
    if image is None:
        return jsonify(error="ไม่พบรูปริชเมนู"), 404
    data, content_type = image
    return Response(data, content_type=content_type)
