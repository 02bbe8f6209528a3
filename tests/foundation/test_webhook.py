"""POST /callback over real HTTP: signatures, sizes, malformed bodies, redeliveries."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from linefake.webhook import sign, text_event, webhook_body
from models.inbox import InboxEvent
from models.landing import take_landed
from tests.conftest import LiveBot, new_user_id


def inbox_count(web: LiveBot) -> int:
    take_landed(web.db)  # what the worker does first (SQLite; nothing on PostgreSQL)
    with web.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(InboxEvent)) or 0


def headers(secret: str, body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Line-Signature": sign(secret, body)}


def test_bad_signature_is_refused_and_nothing_stored(web: LiveBot) -> None:
    body = webhook_body([text_event(new_user_id(), "สวัสดี", "tok")])
    status, _ = web.post(body, headers("not-the-secret", body))
    assert status == 400
    assert inbox_count(web) == 0


def test_missing_signature_is_refused(web: LiveBot) -> None:
    body = webhook_body([text_event(new_user_id(), "สวัสดี", "tok")])
    status, _ = web.post(body, {"Content-Type": "application/json"})
    assert status == 400
    assert inbox_count(web) == 0


def test_tampered_body_fails_its_signature(web: LiveBot) -> None:
    body = webhook_body([text_event(new_user_id(), "ประชุม 10 คน", "tok")])
    signed = headers(web.settings.channel_secret, body)
    status, _ = web.post(body.replace(b"10", b"99"), signed)
    assert status == 400
    assert inbox_count(web) == 0


def test_verify_button_with_no_events_gets_200(web: LiveBot) -> None:
    assert web.send() == 200
    assert inbox_count(web) == 0


def test_body_over_one_mebibyte_gets_413(web: LiveBot) -> None:
    big = text_event(new_user_id(), "ก" * (400 * 1024), "tok")  # 3 bytes a character
    body = webhook_body([big])
    assert len(body) > 1024 * 1024
    status, _ = web.post(body, headers(web.settings.channel_secret, body))
    assert status == 413
    assert inbox_count(web) == 0


@pytest.mark.parametrize("body", [b"{not json", b'{"events": "nope"}', b"[1, 2]",
                                  b'{"destination": "x"}', b"\xff\xfe"])
def test_signed_but_malformed_body_gets_400_and_a_log_line(
    web: LiveBot, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.webhook"):
        status, _ = web.post(body, headers(web.settings.channel_secret, body))
    assert status == 400
    assert inbox_count(web) == 0
    if body != b"\xff\xfe":
        assert any("malformed" in r.getMessage() for r in caplog.records)
    assert web.settings.channel_secret not in caplog.text


def test_redelivered_event_is_acknowledged_and_stored_once(web: LiveBot) -> None:
    event = text_event(new_user_id(), "ปลูกต้นไม้ 30 คน", "tok")
    again = json.loads(json.dumps(event))
    again["deliveryContext"]["isRedelivery"] = True
    assert web.send(event) == 200
    assert web.send(again) == 200  # before the worker took the first into the queue
    take_landed(web.db)
    assert web.send(event, text_event(new_user_id(), "อีกเรื่อง", "tok2")) == 200  # after
    take_landed(web.db)
    with web.db.sessions() as session:
        ids = session.scalars(select(InboxEvent.webhook_event_id)).all()
    assert sorted(ids) == sorted({event["webhookEventId"], *ids})
    assert len(ids) == 2


def test_events_of_one_request_keep_their_order_and_chat(web: LiveBot) -> None:
    user, group = new_user_id(), "C" + "1" * 32
    events = [text_event(user, f"ข้อความ {i}", f"t{i}") for i in range(3)]
    events.append(text_event(user, "ในกลุ่ม", "tg", group_id=group))
    assert web.send(*events) == 200
    take_landed(web.db)
    with web.db.sessions() as session:
        rows = session.scalars(select(InboxEvent).order_by(InboxEvent.id)).all()
    assert [r.payload["message"]["text"] for r in rows] == [
        "ข้อความ 0", "ข้อความ 1", "ข้อความ 2", "ในกลุ่ม"]
    assert [r.chat_key for r in rows] == [f"user:{user}"] * 3 + [f"group:{group}"]
    assert all(r.status == "pending" for r in rows)


def test_healthz_reports_database_and_backlog(web: LiveBot) -> None:
    assert web.get_json("/healthz")["inbox_backlog"] == 0
    web.send(text_event(new_user_id(), "หนึ่ง", "a"), text_event(new_user_id(), "สอง", "b"))
    health = web.get_json("/healthz")
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["inbox_backlog"] == 2
