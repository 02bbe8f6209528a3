"""Build and sign webhook deliveries the way the LINE platform sends them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from typing import Any

DEFAULT_DESTINATION = "Udeadbeefdeadbeefdeadbeefdeadbeef"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

Event = dict[str, Any]

_ulid_lock = threading.Lock()
_ulid_last = (0, 0)


def sign(channel_secret: str, body: bytes) -> str:
    """The X-Line-Signature value for `body`."""
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def new_event_id() -> str:
    """A 26-character ULID (ms timestamp + randomness), unique and sortable like LINE's."""
    global _ulid_last
    with _ulid_lock:
        now_ms = int(time.time() * 1000)
        last_ms, last_rand = _ulid_last
        if now_ms <= last_ms:
            # Same millisecond (or clock stepped back): count up so ids stay unique and ordered.
            now_ms, rand = last_ms, last_rand + 1
        else:
            rand = secrets.randbits(80)
        _ulid_last = (now_ms, rand)
    value = (now_ms << 80) | (rand & ((1 << 80) - 1))
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def new_message_id() -> str:
    return str(secrets.randbelow(9 * 10**17) + 10**17)


def new_reply_token() -> str:
    return secrets.token_hex(16)


def _source(user_id: str | None, group_id: str | None) -> dict[str, str]:
    if group_id is not None:
        source = {"type": "group", "groupId": group_id}
        if user_id is not None:  # absent in groups when the user has not consented
            source["userId"] = user_id
        return source
    if user_id is None:
        raise ValueError("a 1:1 event needs a user_id")
    return {"type": "user", "userId": user_id}


def _event(
    kind: str,
    user_id: str | None,
    *,
    group_id: str | None = None,
    reply_token: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
    **fields: Any,
) -> Event:
    event: Event = {
        "type": kind,
        "timestamp": timestamp_ms if timestamp_ms is not None else int(time.time() * 1000),
        "source": _source(user_id, group_id),
        "mode": "active",
        "webhookEventId": event_id or new_event_id(),
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply_token is not None:
        event["replyToken"] = reply_token
    event.update(fields)
    return event


def _message(kind: str, message_id: str | None, quotable: bool, **fields: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"id": message_id or new_message_id(), "type": kind}
    if quotable:
        message["quoteToken"] = secrets.token_urlsafe(24)
    message.update({k: v for k, v in fields.items() if v is not None})
    return message


def text_event(
    user_id: str | None,
    text: str,
    reply_token: str,
    *,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
    message_id: str | None = None,
    quoted_message_id: str | None = None,
) -> Event:
    message = _message("text", message_id, True, text=text, quotedMessageId=quoted_message_id)
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def image_event(
    user_id: str | None,
    message_id: str,
    reply_token: str,
    *,
    image_set: tuple[str, int, int] | None = None,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    """`image_set` is (set id, 1-based index, total) for photos sent together."""
    image_set_obj = None
    if image_set is not None:
        set_id, index, total = image_set
        image_set_obj = {"id": set_id, "index": index, "total": total}
    message = _message(
        "image", message_id, True, contentProvider={"type": "line"}, imageSet=image_set_obj
    )
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def video_event(
    user_id: str | None,
    message_id: str,
    reply_token: str,
    *,
    duration_ms: int = 10_000,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    message = _message(
        "video", message_id, True, duration=duration_ms, contentProvider={"type": "line"}
    )
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def file_event(
    user_id: str | None,
    message_id: str,
    file_name: str,
    file_size: int,
    reply_token: str,
    *,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    message = _message("file", message_id, False, fileName=file_name, fileSize=file_size)
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def location_event(
    user_id: str | None,
    latitude: float,
    longitude: float,
    reply_token: str,
    *,
    title: str | None = None,
    address: str | None = None,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
    message_id: str | None = None,
) -> Event:
    message = _message(
        "location",
        message_id,
        False,
        title=title,
        address=address,
        latitude=latitude,
        longitude=longitude,
    )
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def sticker_event(
    user_id: str | None,
    package_id: str,
    sticker_id: str,
    reply_token: str,
    *,
    keywords: list[str] | None = None,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
    message_id: str | None = None,
) -> Event:
    message = _message(
        "sticker",
        message_id,
        True,
        packageId=package_id,
        stickerId=sticker_id,
        stickerResourceType="STATIC",
        keywords=keywords,
    )
    return _event(
        "message",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        message=message,
    )


def postback_event(
    user_id: str | None,
    data: str,
    reply_token: str,
    *,
    params: dict[str, str] | None = None,
    group_id: str | None = None,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    postback: dict[str, Any] = {"data": data}
    if params is not None:
        postback["params"] = params
    return _event(
        "postback",
        user_id,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        postback=postback,
    )


def follow_event(
    user_id: str,
    reply_token: str,
    *,
    unblocked: bool = False,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    return _event(
        "follow",
        user_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
        follow={"isUnblocked": unblocked},
    )


def unfollow_event(
    user_id: str,
    *,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    return _event(
        "unfollow", user_id, redelivery=redelivery, timestamp_ms=timestamp_ms, event_id=event_id
    )


def join_event(
    group_id: str,
    reply_token: str,
    *,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    event_id: str | None = None,
) -> Event:
    return _event(
        "join",
        None,
        group_id=group_id,
        reply_token=reply_token,
        redelivery=redelivery,
        timestamp_ms=timestamp_ms,
        event_id=event_id,
    )


def webhook_body(events: list[Event], destination: str = DEFAULT_DESTINATION) -> bytes:
    """Compact UTF-8 JSON as LINE posts it; an empty list is the console's "Verify" call."""
    payload = {"destination": destination, "events": events}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_webhook(
    channel_secret: str, events: list[Event], destination: str = DEFAULT_DESTINATION
) -> tuple[bytes, dict[str, str]]:
    """Body and headers ready to POST to the bot's webhook URL."""
    body = webhook_body(events, destination)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Line-Signature": sign(channel_secret, body),
        "User-Agent": "LineBotWebhook/2.0",
    }
    return body, headers
