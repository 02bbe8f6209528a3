"""Request object and a tiny path-template router."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Response


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # keys lower-cased
    raw: bytes
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    body: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        content_type = self.headers.get("content-type", "")
        if self.raw and ("json" in content_type or not content_type):
            try:
                self.body = json.loads(self.raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self.body = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    endpoint: str
    handler: Handler


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


class Router:
    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, template: str, endpoint: str, handler: Handler) -> None:
        # First match wins, so literal paths must be added before templated siblings.
        self._routes.append(Route(method, _compile(template), endpoint, handler))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self._routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found:
                return route, found.groupdict()
        return None


def json_object(request: Request) -> dict[str, Any] | Response:
    if isinstance(request.body, dict):
        return request.body
    return Response.error(
        400,
        "The request body has 1 error(s)",
        [{"message": "The request body must be a JSON object", "property": ""}],
    )
