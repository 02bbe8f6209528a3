"""What a handler needs from LINE, fetched by the worker before it opens the database
transaction: a transaction must never wait on the network (on SQLite it holds the one write
lock that the webhook needs too). A transient LINE failure here fails the event, and the
inbox retries it with back-off."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from bot.line_client import LineError
from bot.media import fetch_photo
from bot.services import Services
from classifier import classify
from handlers.context import sent_at
from handlers.fetched import MAX_REPORT_CHARS, Prefetched
from models.members import Member
from thaitext import thai_date
from thaitext.commands import REGISTER, command_argument

log = logging.getLogger(__name__)


def looks_like_registration(event: dict[str, Any]) -> bool:
    message = event.get("message") or {}
    text = message.get("text") if message.get("type") == "text" else None
    return bool(text) and command_argument(str(text), *REGISTER) is not None


def is_active_leader(services: Services, user_id: str) -> bool:
    with services.db.sessions() as session:
        role = session.scalar(select(Member.role).where(
            Member.line_user_id == user_id, Member.status == "active"))
    return role == "leader"


def prefetch(services: Services, event: dict[str, Any]) -> Prefetched:
    source = event.get("source") or {}
    user_id = source.get("userId")
    message = event.get("message") or {}
    if not user_id or event.get("type") != "message":
        return Prefetched()
    if source.get("type") == "user" and looks_like_registration(event):
        return Prefetched(display_name=services.line.display_name(user_id))
    if message.get("type") == "text" and message.get("text"):
        text = str(message["text"])[:MAX_REPORT_CHARS]
        sent_on = thai_date(sent_at(event, services.clock.now()))
        return Prefetched(classification=classify(text, sent_on))
    if message.get("type") == "image" and is_active_leader(services, user_id):
        if source.get("type") == "user" and (message.get("imageSet") or {}).get("index", 1) == 1:
            show_loading(services, user_id)
        return Prefetched(photo=fetch_photo(services.line, services.media, str(message["id"]),
                                            services.settings.max_photo_bytes))
    return Prefetched()


def show_loading(services: Services, user_id: str) -> None:
    """The dots a leader sees while a burst of photos is stored; nice to have, never fatal."""
    try:
        services.line.show_loading(user_id, seconds=20)
    except LineError as exc:
        log.info("loading animation not shown: %s", exc)
