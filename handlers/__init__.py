"""Handlers: an ordered list of (predicate, callback); the first that matches handles the
event. Handlers write to the database and enqueue replies; they never call LINE to send."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services import Services
from handlers import fallback, privacy, registration, reports
from handlers.context import Context
from handlers.prefetch import Prefetched, prefetch
from models.inbox import InboxEvent

__all__ = ["HANDLERS", "dispatch", "prefetch"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handler:
    name: str
    matches: Callable[[Context], bool]
    handle: Callable[[Context], None]


HANDLERS: list[Handler] = [
    Handler("follow", registration.is_follow, registration.on_follow),
    Handler("register", registration.is_register, registration.on_register),
    Handler("unregistered", fallback.is_unregistered_message, fallback.on_unregistered_message),
    Handler("privacy", privacy.is_privacy_command, privacy.on_privacy_command),
    Handler("report", reports.is_leader_text, reports.on_leader_text),
    Handler("staff-text", fallback.is_staff_text, fallback.on_staff_text),
    Handler("other-message", fallback.is_other_message, fallback.on_other_message),
]


def dispatch(services: Services, session: Session, event: InboxEvent, now: datetime,
             prefetched: Prefetched) -> str | None:
    """Run the first matching handler; returns its name (None: the event needs no answer)."""
    ctx = Context.load(services, session, event.payload, event.webhook_event_id, event.chat_key,
                       now, prefetched)
    if ctx.in_group and ctx.type == "message" and not ctx.user_id:
        return None  # LINE leaves userId out for members who have not agreed: nobody to credit
    for handler in HANDLERS:
        if handler.matches(ctx):
            handler.handle(ctx)
            return handler.name
    log.info("event %s (%s): no handler", event.id, ctx.type)
    return None
