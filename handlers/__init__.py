"""Handlers: an ordered list of (predicate, callback); the first that matches handles the
event. Handlers write to the database and enqueue replies; they never call LINE to send."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handlers import (
    fallback,
    groups,
    important_days,
    leader_commands,
    members,
    photos,
    postbacks,
    privacy,
    registration,
    reports,
    staff,
)
from handlers.context import (
    Context,
    ConversationSettings,
    Preloaded,
    preload,
    timer_chat_key,
    with_chats,
)
from handlers.fetched import Prefetched

__all__ = ["HANDLERS", "dispatch", "preload", "with_chats"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handler:
    name: str
    matches: Callable[[Context], bool]
    handle: Callable[[Context], None]


HANDLERS: list[Handler] = [
    Handler("follow", registration.is_follow, registration.on_follow),
    Handler("join", groups.is_join, groups.on_join),
    Handler("unclaimed-photos", photos.is_unclaimed_photos_timer,
            photos.on_unclaimed_photos_timer),
    Handler("postback", postbacks.is_postback, postbacks.on_postback),
    Handler("register", registration.is_register, registration.on_register),
    Handler("important-days", important_days.is_important_days_command,
            important_days.on_important_days_command),
    Handler("unregistered", fallback.is_unregistered_message, fallback.on_unregistered_message),
    Handler("privacy", privacy.is_privacy_command, privacy.on_privacy_command),
    Handler("staff-help", staff.is_staff_help, staff.on_staff_help),
    Handler("members", members.is_member_command, members.on_member_command),
    Handler("staff-command", staff.is_staff_command, staff.on_staff_command),
    Handler("leader-command", leader_commands.is_leader_command,
            leader_commands.on_leader_command),
    Handler("edit-text", reports.is_editing_text, reports.on_editing_text),
    Handler("report", reports.is_leader_text, reports.on_leader_text),
    Handler("photo", photos.is_leader_image, photos.on_leader_image),
    Handler("location", photos.is_leader_location, photos.on_leader_location),
    Handler("other-media", photos.is_leader_other_media, photos.on_leader_other_media),
    Handler("staff-text", fallback.is_staff_text, fallback.on_staff_text),
    Handler("other-message", fallback.is_other_message, fallback.on_other_message),
]


def dispatch(settings: ConversationSettings, session: Session, event_id: str, chat_key: str,
             payload: dict[str, Any], now: datetime, prefetched: Prefetched,
             preloaded: Preloaded | None = None) -> str | None:
    """Run the first matching handler; returns its name (None: the event needs no answer).
    `preloaded`: what `preload` read for the batch the event came in."""
    chat_key = timer_chat_key(payload) or chat_key
    ctx = Context.load(settings, session, payload, event_id, chat_key, now, prefetched,
                       preloaded)
    if ctx.in_group and ctx.type == "message" and not ctx.user_id:
        return None  # LINE leaves userId out for members who have not agreed: nobody to credit
    for handler in HANDLERS:
        if handler.matches(ctx):
            handler.handle(ctx)
            return handler.name
    log.info("event %s (%s): no handler", event_id, ctx.type)
    return None
