"""Request-body checks the real platform performs, reported in LINE's error shape."""

from __future__ import annotations

import re
from typing import Any

MESSAGE_TYPES = frozenset(
    {
        "text",
        "textV2",
        "image",
        "video",
        "audio",
        "location",
        "sticker",
        "imagemap",
        "template",
        "flex",
        "coupon",
    }
)
MAX_MESSAGES = 5
MAX_TEXT_LENGTH = 5000
MAX_MULTICAST_RECIPIENTS = 500

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

Details = list[dict[str, str]]


def _detail(prop: str, message: str) -> dict[str, str]:
    return {"message": message, "property": prop}


def line_length(text: str) -> int:
    # LINE counts UTF-16 code units, so an emoji outside the BMP costs two.
    return len(text.encode("utf-16-le")) // 2


def check_messages(messages: Any) -> Details:
    if not isinstance(messages, list):
        return [_detail("messages", "must be specified")]
    if not 1 <= len(messages) <= MAX_MESSAGES:
        return [_detail("messages", f"Size must be between 1 and {MAX_MESSAGES}")]
    details: Details = []
    for i, message in enumerate(messages):
        prop = f"messages[{i}]"
        if not isinstance(message, dict):
            details.append(_detail(prop, "must be an object"))
            continue
        kind = message.get("type")
        if kind not in MESSAGE_TYPES:
            details.append(_detail(f"{prop}.type", "Invalid message type"))
            continue
        if kind == "text":
            text = message.get("text")
            if not isinstance(text, str) or not text:
                details.append(_detail(f"{prop}.text", "must be specified"))
            elif line_length(text) > MAX_TEXT_LENGTH:
                details.append(
                    _detail(f"{prop}.text", f"Length must be between 0 and {MAX_TEXT_LENGTH}")
                )
    return details


def check_recipient(to: Any) -> Details:
    if not isinstance(to, str) or not to:
        return [_detail("to", "must be specified")]
    return []


def check_recipients(to: Any) -> Details:
    if not isinstance(to, list) or not to:
        return [_detail("to", "must be specified")]
    if len(to) > MAX_MULTICAST_RECIPIENTS:
        return [_detail("to", f"Size must be between 1 and {MAX_MULTICAST_RECIPIENTS}")]
    if not all(isinstance(item, str) and item for item in to):
        return [_detail("to", "must contain only user IDs")]
    return []


def is_retry_key(value: str) -> bool:
    return bool(_UUID_RE.match(value))


def error_summary(details: Details) -> str:
    return f"The request body has {len(details)} error(s)"
