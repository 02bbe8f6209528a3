"""POST /callback: verify LINE's signature, store the events in the inbox, answer 200.
Nothing else happens in the request, so LINE never waits on us or on itself."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, request
from linebot.v3.webhook import SignatureValidator

from models.inbox import admit_events
from models.landing import land
from models.session import Database

log = logging.getLogger(__name__)
bp = Blueprint("webhook", __name__)


def chat_key(event: dict[str, Any]) -> str:
    source = event.get("source") or {}
    kind = source.get("type", "unknown")
    ident = source.get("groupId") or source.get("roomId") or source.get("userId") or "-"
    return f"{kind}:{ident}"


def event_id(event: dict[str, Any]) -> str:
    """LINE's webhookEventId; an event without one is keyed by its content, so a redelivery
    still matches."""
    given = event.get("webhookEventId")
    if isinstance(given, str) and given:
        return given[:64]
    canonical = json.dumps(event, sort_keys=True, ensure_ascii=False).encode()
    return "sha256:" + hashlib.sha256(canonical).hexdigest()[:56]


def inbox_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "webhook_event_id": event_id(event),
            "chat_key": chat_key(event),
            "event_type": str(event.get("type", "unknown"))[:32],
            "line_timestamp": event.get("timestamp") if isinstance(event.get("timestamp"), int)
            else None,
            "payload": event,
        }
        for event in events
    ]


@bp.post("/callback")
def callback() -> Response | tuple[str, int]:
    signature = request.headers.get("X-Line-Signature", "")
    body = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: Flask answers 413
    validator: SignatureValidator = current_app.extensions["signature_validator"]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "Bad request", 400
    if not signature or not validator.validate(text, signature):
        log.warning("webhook: missing or bad signature, %d bytes dropped", len(body))
        return "Bad signature", 400
    try:
        payload = json.loads(text)
        events = payload["events"]
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise TypeError("events is not a list of objects")
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("webhook: signed but malformed body (%s), %d bytes dropped",
                    type(exc).__name__, len(body))
        return "Malformed body", 400
    if events:
        store_events(current_app.extensions["db"], events)
        current_app.extensions["inbox_wake"].set()
    return Response("OK", status=200, mimetype="text/plain")


def store_events(db: Database, events: list[dict[str, Any]]) -> None:
    rows = inbox_rows(events)
    if db.landing is not None:  # SQLite: see models/landing.py
        land(db.landing, rows)
        return
    with db.connection() as conn:
        admit_events(conn, rows)
