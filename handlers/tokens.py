"""Signed postback data: a button press can only act on the report it was made for, by the
member it was sent to. LINE caps postback data at 300 characters; ours stay under 80."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, quote_plus


@dataclass(frozen=True)
class Action:
    name: str  # "type", "cancel", "cancel_yes", "cancel_no", "save"
    report_id: int
    member_id: int
    value: str = ""


@cache  # every receipt signs three buttons; the key is the same for the process's life
def _key(channel_secret: str) -> bytes:
    # A key of its own, so a postback signature is never a webhook signature.
    return hashlib.sha256(b"cddbot-postback:" + channel_secret.encode()).digest()


def _signature(channel_secret: str, payload: str) -> str:
    mac = hmac.digest(_key(channel_secret), payload.encode(), "sha256")
    return base64.urlsafe_b64encode(mac[:12]).decode().rstrip("=")


def sign_action(channel_secret: str, action: Action) -> str:
    # What urlencode would write, built directly: three buttons on every receipt.
    payload = (f"a={quote_plus(action.name)}&r={action.report_id:d}&m={action.member_id:d}"
               f"&v={quote_plus(action.value)}")
    return f"{payload}&s={_signature(channel_secret, payload)}"


def read_action(channel_secret: str, data: str) -> Action | None:
    """The action, or None if the data was not signed by us or is malformed."""
    payload, _, signature = data.rpartition("&s=")
    if not payload or not hmac.compare_digest(signature, _signature(channel_secret, payload)):
        return None
    fields = dict(parse_qsl(payload, keep_blank_values=True))
    try:
        return Action(fields["a"], int(fields["r"]), int(fields["m"]), fields.get("v", ""))
    except (KeyError, ValueError):
        return None
