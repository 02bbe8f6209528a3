"""Helpers for whole conversations: photos with real bytes, and a leader who talks."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass, field

import pytest
from PIL import Image
from sqlalchemy import select

from linefake.webhook import image_event, new_message_id, postback_event, text_event
from models.members import Member
from models.reports import Photo, Report
from tests.conftest import LiveBot


def jpeg(seed: int) -> bytes:
    """A small, real JPEG whose bytes differ by seed."""
    image = Image.new("RGB", (64, 48), ((seed * 40) % 256, (seed * 90) % 256, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Talker:
    """A LINE user talking to the bot, 1:1 or in a group."""

    bot: LiveBot
    user_id: str
    group_id: str | None = None
    photos_sent: dict[str, bytes] = field(default_factory=dict)

    @property
    def chat(self) -> str:
        return self.group_id or self.user_id

    def say(self, text: str) -> None:
        token = self.bot.token(self.chat)
        assert self.bot.send(text_event(self.user_id, text, token, group_id=self.group_id)) == 200

    def photos(self, count: int, *, as_set: bool = True, data: list[bytes] | None = None,
               missing_index: bool = False) -> list[str]:
        """Send `count` photos the way LINE does: one event each, sharing an imageSet."""
        set_id = uuid.uuid4().hex.upper() if as_set and count > 1 else None
        ids = []
        events = []
        for i in range(count):
            message_id = new_message_id()
            content = data[i] if data else jpeg(len(self.photos_sent) + i + 1)
            self.bot.fake.put_content(message_id, content, "image/jpeg")
            self.photos_sent[message_id] = content
            image_set = (set_id, i + 1, count) if set_id else None
            event = image_event(self.user_id, message_id, self.bot.token(self.chat),
                                image_set=image_set, group_id=self.group_id)
            if missing_index:
                event["message"]["imageSet"].pop("index", None)
            events.append(event)
            ids.append(message_id)
        for event in events:  # LINE sends each photo in its own request
            assert self.bot.send(event) == 200
        return ids

    def press(self, data: str) -> None:
        event = postback_event(self.user_id, data, self.bot.token(self.chat),
                               group_id=self.group_id)
        assert self.bot.send(event) == 200

    def answers(self, count: int, timeout: float = 10.0) -> list[dict]:
        return self.bot.fake.wait_for_messages(count, to=self.chat, timeout=timeout)


@pytest.fixture
def talker(bot: LiveBot, leader: Member) -> Talker:
    return Talker(bot, leader.line_user_id)


def stored_reports(bot: LiveBot) -> list[Report]:
    with bot.db.sessions() as session:
        return list(session.scalars(select(Report).order_by(Report.id)))


def stored_photos(bot: LiveBot) -> list[Photo]:
    with bot.db.sessions() as session:
        return list(session.scalars(select(Photo).order_by(Photo.id)))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
