"""The chat: what a persona sends (text, postbacks, locations, photos, follow/join) and what
the phone shows (the persona's bubbles and the bot's messages, in order)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue

from bot.simulator.delivery import Actor, callback_url, post_event, timestamp_ms
from bot.simulator.personas import is_group_id, is_user_id, new_image_set_id
from bot.simulator.state import Entry, SimulatorState
from bot.simulator.web import BadInput, body, bp, field, state
from linefake.webhook import (
    Event,
    follow_event,
    image_event,
    join_event,
    location_event,
    new_message_id,
    postback_event,
    text_event,
)

MAX_TEXT = 5000  # LINE's own limit for a text message
MAX_PHOTOS_AT_ONCE = 20
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
NONG_KHAI = (17.8783, 102.7413, "ศาลากลางจังหวัดหนองคาย อ.เมืองหนองคาย จ.หนองคาย")


def actor_of(data: dict[str, Any]) -> Actor:
    user_id = field(data, "user_id", 64)
    chat = str(data.get("chat") or user_id)
    if not is_user_id(user_id):
        raise BadInput("รหัสผู้ใช้ LINE ไม่ถูกต้อง")
    if chat != user_id and not is_group_id(chat):
        raise BadInput("ห้องแชตไม่ถูกต้อง")
    name = str(data.get("name") or "ผู้ใช้จำลอง")[:100]
    return Actor(chat=chat, user_id=user_id, name=name)


def deliver(sim: SimulatorState, actor: Actor, event: Event) -> int:
    url = callback_url(request.environ, sim.callback_override)
    return post_event(url, sim.services.settings.channel_secret, event)


def token_and_time(sim: SimulatorState, actor: Actor) -> tuple[str, int]:
    # The profile is set on every action, so the bot can look the persona up at any time.
    sim.fake.set_profile(actor.user_id, actor.name)
    return sim.fake.issue_reply_token(actor.chat), timestamp_ms(sim.now())


def build_event(sim: SimulatorState, actor: Actor, data: dict[str, Any]) -> tuple[Event, Entry]:
    kind = field(data, "type", 20)
    token, stamp = token_and_time(sim, actor)
    common: dict[str, Any] = {"group_id": actor.group_id, "timestamp_ms": stamp}
    shown: dict[str, Any] = {}
    if kind == "text":
        text = field(data, "text", MAX_TEXT)
        event = text_event(actor.user_id, text, token, **common)
        shown = {"text": text}
    elif kind == "postback":
        params = data.get("params")
        if params is not None and not (
                isinstance(params, dict) and all(isinstance(v, str) for v in params.values())):
            raise BadInput("params ของ postback ไม่ถูกต้อง")
        event = postback_event(actor.user_id, field(data, "data", 300), token, params=params,
                               **common)
        # LINE shows displayText as the user's own message; without it nothing appears.
        shown = {"text": str(data.get("displayText") or "")[:300]}
    elif kind == "location":
        lat, lng, default_address = NONG_KHAI
        latitude, longitude = _number(data, "latitude", lat), _number(data, "longitude", lng)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise BadInput("พิกัดไม่ถูกต้อง")
        address = str(data.get("address") or default_address)[:300]
        title = str(data.get("title") or "ตำแหน่งที่ตั้ง")[:100]
        event = location_event(actor.user_id, latitude, longitude, token, title=title,
                               address=address, **common)
        shown = {"latitude": latitude, "longitude": longitude, "title": title,
                 "address": address}
    elif kind == "follow" and actor.group_id is None:
        event = follow_event(actor.user_id, token, timestamp_ms=stamp)
    elif kind == "join" and actor.group_id is not None:
        event = join_event(actor.group_id, token, timestamp_ms=stamp)
    else:
        raise BadInput(f"ไม่รู้จักการกระทำแบบ {kind}")
    return event, Entry(actor.chat, actor.user_id, actor.name, kind, shown)


@bp.post("/api/send")
def send() -> ResponseReturnValue:
    sim = state()
    data = body()
    actor = actor_of(data)
    event, entry = build_event(sim, actor, data)
    sim.record(entry)
    status = deliver(sim, actor, event)
    return jsonify(status=status, event_id=event["webhookEventId"])


@bp.post("/api/photos")
def photos() -> ResponseReturnValue:
    """Several photos at once become one image set: one event per photo sharing its id."""
    request.max_content_length = MAX_PHOTOS_AT_ONCE * MAX_PHOTO_BYTES
    sim = state()
    actor = actor_of(request.form.to_dict())
    files = request.files.getlist("photos")
    if not files:
        raise BadInput("ยังไม่ได้เลือกรูป")
    if len(files) > MAX_PHOTOS_AT_ONCE:
        raise BadInput(f"ส่งรูปได้ครั้งละไม่เกิน {MAX_PHOTOS_AT_ONCE} รูป")
    loaded = []
    for upload in files:
        data = upload.read(MAX_PHOTO_BYTES + 1)
        content_type = (upload.mimetype or "").lower()
        if len(data) > MAX_PHOTO_BYTES:
            raise BadInput("รูปใหญ่เกิน 10 MB")
        if content_type not in PHOTO_TYPES:
            raise BadInput("ส่งได้เฉพาะไฟล์รูปภาพ (JPEG, PNG)")
        loaded.append((data, content_type))
    set_id = new_image_set_id() if len(loaded) > 1 else None
    statuses = []
    for index, (data, content_type) in enumerate(loaded, start=1):
        message_id = new_message_id()
        sim.fake.put_content(message_id, data, content_type)
        sim.keep_photo(message_id, data, content_type)
        token, stamp = token_and_time(sim, actor)
        image_set = (set_id, index, len(loaded)) if set_id else None
        event = image_event(actor.user_id, message_id, token, image_set=image_set,
                            group_id=actor.group_id, timestamp_ms=stamp)
        sim.record(Entry(actor.chat, actor.user_id, actor.name, "image",
                         {"photo": f"api/photo/{message_id}"}))
        statuses.append(deliver(sim, actor, event))
    return jsonify(statuses=statuses, image_set=set_id)


@bp.get("/api/messages")
def messages() -> ResponseReturnValue:
    chat = request.args.get("chat", "")
    if not (is_user_id(chat) or is_group_id(chat)):
        raise BadInput("ห้องแชตไม่ถูกต้อง")
    after = request.args.get("after", "0")
    items = state().timeline(chat)
    start = int(after) if after.isdigit() and int(after) <= len(items) else 0
    return jsonify(total=len(items), start=start, items=items[start:])


@bp.get("/api/photo/<message_id>")
def photo(message_id: str) -> ResponseReturnValue:
    found = state().photo(message_id)
    if found is None:
        return jsonify(error="ไม่พบรูปนี้แล้ว"), 404
    data, content_type = found
    return Response(data, content_type=content_type,
                    headers={"Cache-Control": "private, max-age=3600"})


def _number(data: dict[str, Any], name: str, default: float) -> float:
    value = data.get(name, default)
    if value in ("", None):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadInput(f"{name} ต้องเป็นตัวเลข") from None
