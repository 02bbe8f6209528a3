"""What a handler sees of one event: the event, the member who sent it, the chat's state, the
settings it needs, and a way to answer that goes through the outbox. The edge (bot/) builds
it; nothing here talks to LINE."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from handlers.fetched import Prefetched
from models.chats import Chat
from models.divisions import Centre, Subdistrict
from models.members import Member
from models.outbox import enqueue_push, enqueue_reply
from models.privacy import enqueue_unaddressed_reply
from models.reports import members_with_held_photos

Message = dict[str, Any]


class ConversationSettings(Protocol):
    """The settings the conversation reads; the edge's Settings provides them."""

    @property
    def channel_secret(self) -> str: ...  # signs the buttons a member may press
    @property
    def report_window_minutes(self) -> float: ...
    @property
    def max_photos_per_report(self) -> int: ...
    @property
    def public_url(self) -> str | None: ...  # where people open the bot's links
    @property
    def secret_key(self) -> str: ...  # signs download links
    @property
    def export_link_hours(self) -> float: ...
    @property
    def invite_hours(self) -> float: ...  # how long a one-time invite code works


def sent_at(event: dict[str, Any], default: datetime) -> datetime:
    """When LINE says the event happened; `default` for events without a time (timers)."""
    stamp = event.get("timestamp")
    return datetime.fromtimestamp(stamp / 1000, UTC) if isinstance(stamp, int) else default


def timer_chat_key(event: dict[str, Any]) -> str | None:
    """A timer runs in a lane of its own but acts on the chat that planned it."""
    key = event.get("chat_key")
    return str(key) if key else None


ACTIVE_MEMBERS = (  # built once: building it cost more than running it
    select(Member)
    .options(joinedload(Member.centre).joinedload(Centre.subdistrict)
             .joinedload(Subdistrict.district))
    .where(Member.line_user_id.in_(bindparam("user_ids", expanding=True)),
           Member.status == "active")
)


def load_member(session: Session, user_ids: list[str]) -> list[Member]:
    return list(session.scalars(ACTIVE_MEMBERS, {"user_ids": user_ids}).unique())


@dataclass(frozen=True)
class Preloaded:
    """What a batch of events needs from the database, read in one query each."""

    members: dict[str, Member | None]  # LINE user id -> the active member; None: not one
    photo_senders: set[int]  # members with photos waiting for their report's text
    chats: dict[str, Chat] = field(default_factory=dict)


def preload(session: Session, events: list[dict[str, Any]]) -> Preloaded:
    """The senders and whether they have photos waiting; the worker reads these before it
    takes SQLite's write lock. A user with two events in the batch (a 1:1 chat and a group)
    is left out: the first event may register or delete them."""
    senders = Counter((e.get("source") or {}).get("userId") for e in events)
    once = [user_id for user_id, n in senders.items() if user_id and n == 1]
    members: dict[str, Member | None] = dict.fromkeys(once)
    members.update((m.line_user_id, m) for m in load_member(session, once))
    member_ids = [m.id for m in members.values() if m is not None]
    return Preloaded(members, set(members_with_held_photos(session, member_ids)))


def with_chats(session: Session, preloaded: Preloaded, events: list[dict[str, Any]],
               chat_keys: list[str]) -> Preloaded:
    """The batch's chats, read inside the writing transaction: a timer acts on a chat from a
    lane of its own, so another worker may be changing that chat's state at the same time."""
    keys = {timer_chat_key(e) or key for e, key in zip(events, chat_keys, strict=True)}
    chats = session.scalars(select(Chat).where(Chat.key.in_(keys)))
    return replace(preloaded, chats={chat.key: chat for chat in chats})


def text_message(text: str) -> Message:
    return {"type": "text", "text": text}


@dataclass
class Context:
    settings: ConversationSettings
    session: Session
    event: dict[str, Any]
    event_id: str
    chat_key: str
    now: datetime
    member: Member | None
    prefetched: Prefetched
    chat: Chat | None = None  # None: not read yet
    preloaded: Preloaded | None = None

    @classmethod
    def load(cls, settings: ConversationSettings, session: Session, event: dict[str, Any],
             event_id: str, chat_key: str, now: datetime, prefetched: Prefetched,
             preloaded: Preloaded | None = None) -> Context:
        user_id = (event.get("source") or {}).get("userId")
        member = None
        if user_id and preloaded is not None and user_id in preloaded.members:
            member = preloaded.members[user_id]
        elif user_id:
            member = next(iter(load_member(session, [user_id])), None)
        chat = preloaded.chats.get(chat_key) if preloaded is not None else None
        return cls(settings, session, event, event_id, chat_key, now, member, prefetched, chat,
                   preloaded)

    def may_have_held_photos(self) -> bool:
        return self.preloaded is None or (
            self.member is not None and self.member.id in self.preloaded.photo_senders)

    @property
    def is_leader(self) -> bool:
        return self.member is not None and self.member.role == "leader"

    @property
    def report_window(self) -> timedelta:
        """Photos and a location sent this long after a report belong to it."""
        return timedelta(minutes=self.settings.report_window_minutes)

    @property
    def type(self) -> str:
        return str(self.event.get("type", ""))

    @property
    def source(self) -> dict[str, Any]:
        return self.event.get("source") or {}

    @property
    def user_id(self) -> str | None:
        return self.source.get("userId")

    @property
    def in_group(self) -> bool:
        return self.source.get("type") in ("group", "room")

    @property
    def chat_id(self) -> str | None:
        """Where a push to this chat goes: the group or room, else the user."""
        return self.source.get("groupId") or self.source.get("roomId") or self.user_id

    @property
    def message(self) -> dict[str, Any]:
        return self.event.get("message") or {}

    @property
    def message_type(self) -> str | None:
        return self.message.get("type") if self.type == "message" else None

    @cached_property  # every route's test reads it: some 17 times an event
    def text(self) -> str:
        return str(self.message.get("text", "")) if self.message_type == "text" else ""

    @property
    def sent_at(self) -> datetime:
        return sent_at(self.event, self.now)

    # Conversation state lives with the chat, so any worker can pick the conversation up.
    def chat_state(self) -> dict[str, Any]:
        if self.chat is None:
            self.chat = self.session.get(Chat, self.chat_key)
        return dict(self.chat.state or {}) if self.chat else {}

    def set_chat_state(self, state: dict[str, Any] | None) -> None:
        if self.chat is None:
            self.chat = self.session.get(Chat, self.chat_key)
        if self.chat is None:
            self.chat = Chat(key=self.chat_key)
            self.session.add(self.chat)
        self.chat.state = state or None
        self.chat.updated_at = self.now

    # Per-sender state within the chat: in a group, several leaders share the chat.
    def user_state(self, name: str) -> Any:
        return self.chat_state().get(f"{name}:{self.user_id}")

    def set_user_state(self, name: str, value: Any) -> None:
        state = self.chat_state()
        key = f"{name}:{self.user_id}"
        if value is None:
            state.pop(key, None)
        else:
            state[key] = value
        self.set_chat_state(state)

    def pop_user_state(self, name: str) -> Any:
        value = self.user_state(name)
        if value is not None:
            self.set_user_state(name, None)
        return value

    def push_to(self, to: str, *messages: Message | str) -> None:
        """A push (it costs the province's quota): only for what cannot wait for a reply."""
        enqueue_push(self.session, [to], [text_message(m) if isinstance(m, str) else m
                                          for m in messages])

    def reply(self, *messages: Message | str, important: bool = False) -> None:
        """Answer by reply token (free). `important` answers fall back to a push if the token
        has expired; chatter does not, because pushes cost the province's quota."""
        items = [text_message(m) if isinstance(m, str) else m for m in messages]
        token = self.event.get("replyToken")
        to = self.chat_id
        if token:
            enqueue_reply(self.session, token, to or "", items,
                          fallback_push=important and bool(to))
        elif important and to:
            enqueue_push(self.session, [to], items)

    def reply_unaddressed(self, *messages: Message | str, lane: str) -> None:
        """Answer by reply token alone, keeping nothing of the person in the outbox: for the
        answer that follows erasing their data. Lost if the token has expired."""
        token = self.event.get("replyToken")
        if token:
            enqueue_unaddressed_reply(self.session, token, [
                text_message(m) if isinstance(m, str) else m for m in messages], lane)
