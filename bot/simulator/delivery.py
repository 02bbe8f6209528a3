"""Sending what a persona does to the bot the way LINE does: a signed webhook over real HTTP
to this app's own /callback, with a reply token the fake platform issued. Nothing here calls a
handler directly, so the simulator exercises the same path as production."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linefake.webhook import Event, signed_webhook

# The simulator talks only to itself on loopback: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


@dataclass(frozen=True)
class Actor:
    """Who acts, and in which chat: a 1:1 chat (chat == user_id) or a group ("C...")."""

    chat: str
    user_id: str
    name: str

    @property
    def group_id(self) -> str | None:
        return self.chat if self.chat != self.user_id else None


def callback_url(environ: Mapping[str, Any], override: str | None = None) -> str:
    """This server's own webhook URL on loopback, from the socket the request came in on."""
    if override:
        return override
    host = str(environ.get("SERVER_NAME", "127.0.0.1"))
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{environ.get('SERVER_PORT', '80')}/callback"


def timestamp_ms(moment: datetime) -> int:
    """Events carry the simulated time, so a jumped clock dates the reports too."""
    return int(moment.timestamp() * 1000)


def post_event(url: str, secret: str, event: Event, timeout: float = 10.0) -> int:
    """POST one event in its own delivery, as LINE does; return the webhook's status."""
    body, headers = signed_webhook(secret, [event])
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        exc.close()
        return int(exc.code)


EventBuilder = Callable[[str, int], Event]  # (reply token, timestamp ms) -> event
