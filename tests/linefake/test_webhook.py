from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import SignatureValidator
from linebot.v3.webhooks import (
    FileMessageContent,
    FollowEvent,
    GroupSource,
    ImageMessageContent,
    JoinEvent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
    VideoMessageContent,
)

from linefake import webhook as wh

SECRET = "channel-secret-for-tests"
USER = "U" + "1" * 32
GROUP = "C" + "2" * 32


def parse(events: list[dict[str, Any]]) -> list[Any]:
    body = wh.webhook_body(events)
    return WebhookParser(SECRET).parse(body.decode("utf-8"), wh.sign(SECRET, body))


def test_text_event_parses_with_sdk() -> None:
    event = wh.text_event(USER, "ส่งรายงาน ประชุมหมู่บ้าน", "rtoken", timestamp_ms=1_700_000_000_000)
    [parsed] = parse([event])
    assert isinstance(parsed, MessageEvent)
    assert isinstance(parsed.message, TextMessageContent)
    assert isinstance(parsed.source, UserSource)
    assert parsed.source.user_id == USER
    assert parsed.message.text == "ส่งรายงาน ประชุมหมู่บ้าน"
    assert parsed.message.quote_token
    assert parsed.reply_token == "rtoken"
    assert parsed.timestamp == 1_700_000_000_000
    assert parsed.mode.value == "active"
    assert parsed.delivery_context.is_redelivery is False
    assert parsed.webhook_event_id == event["webhookEventId"]


def test_image_set_and_group_source() -> None:
    event = wh.image_event(
        USER, "m-1", "rtoken", image_set=("set-9", 2, 3), group_id=GROUP, redelivery=True
    )
    [parsed] = parse([event])
    assert isinstance(parsed.message, ImageMessageContent)
    assert parsed.message.id == "m-1"
    assert parsed.message.content_provider.type == "line"
    assert (parsed.message.image_set.id, parsed.message.image_set.index) == ("set-9", 2)
    assert parsed.message.image_set.total == 3
    assert isinstance(parsed.source, GroupSource)
    assert (parsed.source.group_id, parsed.source.user_id) == (GROUP, USER)
    assert parsed.delivery_context.is_redelivery is True


def test_group_event_may_lack_user_id() -> None:
    [parsed] = parse([wh.text_event(None, "hi", "r", group_id=GROUP)])
    assert isinstance(parsed.source, GroupSource)
    assert parsed.source.user_id is None


Builder = Callable[[], dict[str, Any]]
CASES: list[tuple[Builder, type, type | None]] = [
    (lambda: wh.image_event(USER, "m2", "r"), MessageEvent, ImageMessageContent),
    (lambda: wh.video_event(USER, "m3", "r"), MessageEvent, VideoMessageContent),
    (lambda: wh.file_event(USER, "m4", "a.pdf", 1234, "r"), MessageEvent, FileMessageContent),
    (
        lambda: wh.location_event(USER, 17.88, 102.74, "r", title="ศาลา", address="หนองคาย"),
        MessageEvent,
        LocationMessageContent,
    ),
    (lambda: wh.sticker_event(USER, "446", "1988", "r"), MessageEvent, StickerMessageContent),
    (lambda: wh.postback_event(USER, "action=ok&id=3", "r"), PostbackEvent, None),
    (lambda: wh.follow_event(USER, "r"), FollowEvent, None),
    (lambda: wh.unfollow_event(USER), UnfollowEvent, None),
    (lambda: wh.join_event(GROUP, "r"), JoinEvent, None),
]


@pytest.mark.parametrize(("build", "event_type", "content_type"), CASES)
def test_every_builder_parses_to_its_sdk_type(
    build: Builder, event_type: type, content_type: type | None
) -> None:
    [parsed] = parse([build()])
    # The parser silently turns invalid events into UnknownEvent, so check the exact type.
    assert type(parsed) is event_type
    if content_type is not None:
        assert type(parsed.message) is content_type


def test_postback_and_location_fields() -> None:
    postback, location = parse(
        [
            wh.postback_event(USER, "d=1", "r", params={"date": "2025-01-02"}),
            wh.location_event(USER, 17.5, 102.5, "r2", title="t"),
        ]
    )
    assert postback.postback.data == "d=1"
    assert postback.postback.params == {"date": "2025-01-02"}
    assert (location.message.latitude, location.message.longitude) == (17.5, 102.5)
    assert location.message.title == "t"


def test_verify_request_has_no_events() -> None:
    body = wh.webhook_body([])
    assert json.loads(body) == {"destination": wh.DEFAULT_DESTINATION, "events": []}
    assert parse([]) == []


def test_body_is_compact_utf8() -> None:
    body = wh.webhook_body([wh.text_event(USER, "ทดสอบ", "r")], destination="Uabc")
    assert "ทดสอบ".encode() in body
    assert b", " not in body and b": " not in body
    assert json.loads(body)["destination"] == "Uabc"


def test_signature_verifies_and_detects_tampering() -> None:
    body, headers = wh.signed_webhook(SECRET, [wh.text_event(USER, "hi", "r")])
    validator = SignatureValidator(SECRET)
    assert validator.validate(body.decode(), headers["X-Line-Signature"])
    tampered = body.replace(b"hi", b"ho")
    assert not validator.validate(tampered.decode(), headers["X-Line-Signature"])
    with pytest.raises(InvalidSignatureError):
        WebhookParser("another-secret").parse(body.decode(), headers["X-Line-Signature"])


def test_event_ids_are_unique_ordered_ulids() -> None:
    ids = [wh.new_event_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    alphabet = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert all(len(i) == 26 and set(i) <= alphabet for i in ids)


def test_builders_accept_explicit_ids() -> None:
    event = wh.text_event(USER, "x", "r", event_id="01EVENT", message_id="42")
    assert event["webhookEventId"] == "01EVENT"
    assert event["message"]["id"] == "42"
