"""What a handler sees of one event: the event, the member who sent it, the chat's state, and
a way to answer that goes through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.services import Services
from handlers.prefetch import Prefetched, sent_at
from models.chats import Chat
from models.divisions import Centre, Subdistrict
from models.members import Member
from models.outbox import enqueue_push, enqueue_reply

Message = dict[str, Any]


def text_message(text: str) -> Message:
    return {"type": "text", "text": text}


@dataclass
class Context:
    services: Services
    session: Session
    event: dict[str, Any]
    event_id: str
    chat_key: str
    now: datetime
    member: Member | None
    prefetched: Prefetched

    @classmethod
    def load(cls, services: Services, session: Session, event: dict[str, Any], event_id: str,
             chat_key: str, now: datetime, prefetched: Prefetched) -> Context:
        user_id = (event.get("source") or {}).get("userId")
        member = None
        if user_id:
            member = session.scalar(
                select(Member)
                .options(joinedload(Member.centre).joinedload(Centre.subdistrict)
                         .joinedload(Subdistrict.district))
                .where(Member.line_user_id == user_id, Member.status == "active")
            )
        return cls(services, session, event, event_id, chat_key, now, member, prefetched)

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

    @property
    def text(self) -> str:
        return str(self.message.get("text", "")) if self.message_type == "text" else ""

    @property
    def sent_at(self) -> datetime:
        return sent_at(self.event, self.now)

    # Conversation state lives with the chat, so any worker can pick the conversation up.
    def chat_state(self) -> dict[str, Any]:
        chat = self.session.get(Chat, self.chat_key)  # the session's identity map: one query
        return dict(chat.state or {}) if chat else {}

    def set_chat_state(self, state: dict[str, Any] | None) -> None:
        chat = self.session.get(Chat, self.chat_key)
        if chat is None:
            chat = Chat(key=self.chat_key)
            self.session.add(chat)
        chat.state = state or None
        chat.updated_at = self.now

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
