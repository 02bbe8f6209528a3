"""In-memory rich menus. Handlers run under the platform lock, so no locking here."""

from __future__ import annotations

import copy
import secrets
from typing import Any

from .models import Response
from .routing import Request, Router, json_object

IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
_REQUIRED = {"size": dict, "selected": bool, "name": str, "chatBarText": str, "areas": list}


def _not_found() -> Response:
    return Response.error(404, "Not found")


class RichMenus:
    def __init__(self) -> None:
        self.menus: dict[str, dict[str, Any]] = {}
        self.images: dict[str, tuple[bytes, str]] = {}
        self.user_links: dict[str, str] = {}
        self.default_id: str | None = None

    def register(self, router: Router) -> None:
        ep = "richmenu"
        router.add("POST", "/v2/bot/richmenu", ep, self.create)
        router.add("GET", "/v2/bot/richmenu/list", ep, self.list_all)
        router.add("GET", "/v2/bot/richmenu/{richMenuId}", ep, self.get)
        router.add("DELETE", "/v2/bot/richmenu/{richMenuId}", ep, self.delete)
        router.add("POST", "/v2/bot/richmenu/{richMenuId}/content", ep, self.upload)
        router.add("GET", "/v2/bot/richmenu/{richMenuId}/content", ep, self.download)
        router.add("POST", "/v2/bot/user/all/richmenu/{richMenuId}", ep, self.set_default)
        router.add("GET", "/v2/bot/user/all/richmenu", ep, self.get_default)
        router.add("DELETE", "/v2/bot/user/all/richmenu", ep, self.clear_default)
        router.add("POST", "/v2/bot/user/{userId}/richmenu/{richMenuId}", ep, self.link)
        router.add("GET", "/v2/bot/user/{userId}/richmenu", ep, self.linked)
        router.add("DELETE", "/v2/bot/user/{userId}/richmenu", ep, self.unlink)

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = json_object(request)
        if isinstance(body, Response):
            return body
        details = [
            {"message": "must be specified", "property": key}
            for key, kind in _REQUIRED.items()
            if not isinstance(body.get(key), kind)
        ]
        if details:
            return Response.error(400, f"The request body has {len(details)} error(s)", details)
        menu_id = f"richmenu-{secrets.token_hex(16)}"
        menu = copy.deepcopy(body)
        menu["richMenuId"] = menu_id
        self.menus[menu_id] = menu
        return Response.json(200, {"richMenuId": menu_id})

    def list_all(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"richmenus": [copy.deepcopy(m) for m in self.menus.values()]})

    def get(self, request: Request, params: dict[str, str]) -> Response:
        menu = self.menus.get(params["richMenuId"])
        return Response.json(200, copy.deepcopy(menu)) if menu else _not_found()

    def delete(self, request: Request, params: dict[str, str]) -> Response:
        menu_id = params["richMenuId"]
        if self.menus.pop(menu_id, None) is None:
            return _not_found()
        self.images.pop(menu_id, None)
        self.user_links = {u: m for u, m in self.user_links.items() if m != menu_id}
        if self.default_id == menu_id:
            self.default_id = None
        return Response.json(200, {})

    def upload(self, request: Request, params: dict[str, str]) -> Response:
        menu_id = params["richMenuId"]
        if menu_id not in self.menus:
            return _not_found()
        if request.content_type not in IMAGE_TYPES:
            return Response.error(415, "Unsupported Media Type: use image/png or image/jpeg")
        if not request.raw:
            return Response.error(400, "The image is empty")
        if menu_id in self.images:
            # LINE refuses to replace a rich menu image; a new menu is needed instead.
            return Response.error(400, "An image has already been uploaded to the richmenu")
        self.images[menu_id] = (request.raw, request.content_type)
        return Response.json(200, {})

    def download(self, request: Request, params: dict[str, str]) -> Response:
        image = self.images.get(params["richMenuId"])
        return Response.binary(*image) if image else _not_found()

    def _usable(self, menu_id: str) -> Response | None:
        if menu_id not in self.menus:
            return Response.error(400, "richmenu not found")
        if menu_id not in self.images:
            return Response.error(400, "must upload richmenu image before applying it to user")
        return None

    def link(self, request: Request, params: dict[str, str]) -> Response:
        problem = self._usable(params["richMenuId"])
        if problem:
            return problem
        self.user_links[params["userId"]] = params["richMenuId"]
        return Response.json(200, {})

    def linked(self, request: Request, params: dict[str, str]) -> Response:
        menu_id = self.user_links.get(params["userId"])
        if menu_id is None:
            return Response.error(404, "the user has no richmenu")
        return Response.json(200, {"richMenuId": menu_id})

    def unlink(self, request: Request, params: dict[str, str]) -> Response:
        self.user_links.pop(params["userId"], None)
        return Response.json(200, {})

    def set_default(self, request: Request, params: dict[str, str]) -> Response:
        problem = self._usable(params["richMenuId"])
        if problem:
            return problem
        self.default_id = params["richMenuId"]
        return Response.json(200, {})

    def get_default(self, request: Request, params: dict[str, str]) -> Response:
        if self.default_id is None:
            return Response.error(404, "no default richmenu")
        return Response.json(200, {"richMenuId": self.default_id})

    def clear_default(self, request: Request, params: dict[str, str]) -> Response:
        self.default_id = None
        return Response.json(200, {})
