"""What a handler needs from LINE, fetched by the worker before it opens the database
transaction: a transaction must never wait on the network (on SQLite it holds the one write
lock that the webhook needs too). A transient LINE failure here fails the event, and the
inbox retries it with back-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.services import Services
from handlers.commands import command_argument

REGISTER_WORDS = ("ลงทะเบียน", "สมัคร", "register")


@dataclass(frozen=True)
class Prefetched:
    display_name: str | None = None


def looks_like_registration(event: dict[str, Any]) -> bool:
    message = event.get("message") or {}
    if event.get("type") == "follow":
        return False  # the welcome needs no name
    text = message.get("text") if message.get("type") == "text" else None
    return bool(text) and command_argument(str(text), *REGISTER_WORDS) is not None


def prefetch(services: Services, event: dict[str, Any]) -> Prefetched:
    source = event.get("source") or {}
    user_id = source.get("userId")
    if user_id and source.get("type") == "user" and looks_like_registration(event):
        return Prefetched(display_name=services.line.display_name(user_id))
    return Prefetched()
