"""What the simulator remembers between requests: the user's side of each chat (LINE keeps
those on the phone, the fake only records what the bot sent), the photos users attached, and
when each message appeared on the simulated clock."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.services import Services
from linefake.server import FakeLine
from thaitext import BANGKOK, format_thai_date

MAX_PHOTOS = 300  # kept in memory for the chat view; older ones fall out first
MAX_ENTRIES_PER_CHAT = 2000


@dataclass
class Entry:
    """One thing a persona did in a chat, shown as their bubble."""

    chat: str
    user_id: str
    name: str
    kind: str  # text | image | location | postback | follow | join
    data: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    when: datetime | None = None


@dataclass
class SimulatorState:
    fake: FakeLine
    services: Services
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    photos: OrderedDict[str, tuple[bytes, str]] = field(default_factory=OrderedDict)
    # The simulated time a bot message was first seen: the fake only keeps a monotonic stamp.
    seen_at: dict[str, datetime] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Where to POST webhooks when the request's own socket is not the right answer (tests).
    callback_override: str | None = None

    def now(self) -> datetime:
        return self.services.clock.now()

    def record(self, entry: Entry) -> None:
        entry.when = self.now()
        with self.lock:
            chat = self.entries.setdefault(entry.chat, [])
            chat.append(entry)
            del chat[:-MAX_ENTRIES_PER_CHAT]

    def keep_photo(self, message_id: str, data: bytes, content_type: str) -> None:
        with self.lock:
            self.photos[message_id] = (data, content_type)
            while len(self.photos) > MAX_PHOTOS:
                self.photos.popitem(last=False)

    def photo(self, message_id: str) -> tuple[bytes, str] | None:
        with self.lock:
            return self.photos.get(message_id)

    def timeline(self, chat: str) -> list[dict[str, Any]]:
        """The chat as the phone shows it: the personas' entries and the bot's deliveries
        (replies, pushes, multicasts recorded by the fake for this chat), oldest first."""
        bot = self.fake.sent_messages(to=chat)
        with self.lock:
            mine = list(self.entries.get(chat, ()))
            for sent in bot:
                self.seen_at.setdefault(sent["id"], self.now())
            items = [_entry_item(e) for e in mine]
            items += [_bot_item(m, self.seen_at[m["id"]]) for m in bot]
        items.sort(key=lambda item: item["at"])
        return items


def _stamp(moment: datetime) -> dict[str, str]:
    local = moment.astimezone(BANGKOK)
    return {"time": local.strftime("%H:%M"), "day": format_thai_date(local.date())}


def _entry_item(entry: Entry) -> dict[str, Any]:
    assert entry.when is not None
    return {"side": "user", "user_id": entry.user_id, "name": entry.name, "kind": entry.kind,
            "at": entry.at, **entry.data, **_stamp(entry.when)}


def _bot_item(sent: dict[str, Any], when: datetime) -> dict[str, Any]:
    return {"side": "bot", "kind": sent["kind"], "id": sent["id"], "at": sent["at"],
            "message": sent["message"], **_stamp(when)}
