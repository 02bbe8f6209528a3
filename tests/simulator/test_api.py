"""The simulator's JSON API through a real app: every action must reach the bot as a signed
webhook over HTTP (it lands in the inbox), and the bot's answers come back from the fake."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from bot import create_app
from bot.config import Settings
from bot.services import Services
from bot.simulator import SimulatorRefused, init_app
from bot.simulator.personas import is_group_id
from linefake.server import FakeLine
from models.divisions import Centre
from models.inbox import InboxEvent
from models.landing import take_landed
from models.members import InviteCode
from models.session import Database
from tests.conftest import eventually
from tests.simulator.conftest import Simulator
from thaitext import BANGKOK


def inbox(sim: Simulator) -> list[InboxEvent]:
    take_landed(sim.db)  # as the worker does; taking them twice at once is harmless
    with sim.db.sessions() as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


def leader_persona(sim: Simulator, subdistrict: str = "430109") -> dict[str, Any]:
    return sim.post("api/personas", {"role": "leader", "area": subdistrict})["persona"]


def act(sim: Simulator, persona: dict[str, Any], **fields: Any) -> dict[str, Any]:
    payload = {"user_id": persona["user_id"], "name": persona["name"], **fields}
    return sim.post("api/send", payload)


def timeline(sim: Simulator, chat: str) -> list[dict[str, Any]]:
    return sim.get(f"api/messages?chat={chat}")["items"]


def multipart(fields: dict[str, str], files: list[tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "sim" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for filename, data, content_type in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
                     f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                     + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_refused_outside_simulator_mode(settings: Settings, db: Database,
                                        fake_line: FakeLine) -> None:
    assert settings.channel_secret and not settings.simulator  # credentials are set
    app = create_app(settings, db=db)
    services = Services.from_settings(settings, db=db)
    try:
        with pytest.raises(SimulatorRefused):
            init_app(app, fake_line, services)
        assert "simulator" not in app.blueprints and "simulator" not in app.extensions
    finally:
        services.line.close()


def test_page_and_cross_site_guard(sim: Simulator) -> None:
    status, page = sim.call("GET", "")
    assert status == 200 and "เครื่องจำลอง LINE" in page.decode()
    assert b"https://" not in page  # no CDN, no web fonts
    status, _ = sim.call("GET", "static/flex.js")
    assert status == 200
    # A POST without the page's header (another web site's form) is refused.
    status, answer = sim.call("POST", "api/clock", {"reset": True}, guard=False)
    assert status == 403 and "เครื่องจำลอง" in answer["error"]


def test_places_and_centres_with_join_codes(sim: Simulator, centre: Centre) -> None:
    places = sim.get("api/places")
    assert places["provinces"] == [{"code": "43", "name": "หนองคาย"}]
    assert {"code": "4301", "province": "43", "name": "เมืองหนองคาย"} in places["districts"]
    centres = sim.get("api/centres?district=4301")["centres"]
    mine = next(c for c in centres if c["code"] == "430109")
    assert mine["name"] == "บ้านเดื่อ" and mine["join_code"] == centre.join_code
    status, answer = sim.call("GET", "api/centres?district=x")
    assert status == 400 and answer["error"]


def test_leader_registers_through_the_real_webhook(sim: Simulator, centre: Centre) -> None:
    persona = leader_persona(sim)
    assert persona["code"] == centre.join_code and persona["user_id"].startswith("U")
    assert len(persona["user_id"]) == 33 and persona["name"]
    user = persona["user_id"]
    assert act(sim, persona, type="text", text=f"ลงทะเบียน {persona['code']}")["status"] == 200
    [answer] = sim.fake.wait_for_messages(1, to=user, timeout=10)
    assert answer["kind"] == "reply" and "บ้านเดื่อ" in answer["text"]
    [event] = inbox(sim)
    assert event.payload["source"] == {"type": "user", "userId": user}
    assert sim.fake.reply_token_used(event.payload["replyToken"])
    items = timeline(sim, user)
    assert [i["side"] for i in items] == ["user", "bot"]
    assert items[0]["text"].startswith("ลงทะเบียน") and items[1]["message"]["type"] == "text"
    assert items[0]["day"] and items[1]["time"]
    later = sim.get(f"api/messages?chat={user}&after=1")
    assert later["total"] == 2 and [i["side"] for i in later["items"]] == ["bot"]


def test_staff_personas_get_one_time_invite_codes(sim: Simulator) -> None:
    officer = sim.post("api/personas", {"role": "officer", "area": "4301"})["persona"]
    admin = sim.post("api/personas", {"role": "admin", "area": "43", "name": "ผอ.ทดสอบ"})
    assert officer["area_name"] == "อำเภอเมืองหนองคาย" and len(officer["code"]) == 8
    assert admin["persona"]["name"] == "ผอ.ทดสอบ"
    again = sim.post("api/invites", {"role": "officer", "area": "4301"})
    with sim.db.sessions() as session:
        codes = {i.code: (i.role, i.area_code) for i in session.scalars(select(InviteCode))}
    assert codes[officer["code"]] == ("officer", "4301")
    assert codes[admin["persona"]["code"]] == ("admin", "43")
    assert codes[again["code"]] == ("officer", "4301")
    status, answer = sim.call("POST", "api/personas", {"role": "officer", "area": "9999"})
    assert status == 400 and "ไม่พบ" in answer["error"]


def test_photos_sent_together_become_one_image_set(sim: Simulator) -> None:
    persona = leader_persona(sim)
    photos = [("a.png", png((200, 0, 0)), "image/png"), ("b.png", png((0, 0, 200)), "image/png")]
    body, content_type = multipart(
        {"user_id": persona["user_id"], "name": persona["name"]}, photos)
    status, answer = sim.call("POST", "api/photos", data=body,
                              headers={"Content-Type": content_type})
    assert status == 200 and answer["statuses"] == [200, 200]
    events = [e.payload for e in inbox(sim)]
    sets = [e["message"]["imageSet"] for e in events]
    assert [(s["index"], s["total"]) for s in sets] == [(1, 2), (2, 2)]
    assert sets[0]["id"] == sets[1]["id"] == answer["image_set"]
    items = timeline(sim, persona["user_id"])
    shown = [i["photo"] for i in items if i["side"] == "user"]
    assert len(shown) == 2
    assert sim.call("GET", shown[0])[1] == photos[0][1]
    # One photo alone carries no image set, as in LINE.
    body, content_type = multipart({"user_id": persona["user_id"]}, photos[:1])
    assert sim.call("POST", "api/photos", data=body, headers={"Content-Type": content_type}
                    )[1]["image_set"] is None
    assert "imageSet" not in inbox(sim)[-1].payload["message"]


def test_not_a_photo_is_refused(sim: Simulator) -> None:
    persona = leader_persona(sim)
    body, content_type = multipart({"user_id": persona["user_id"]},
                                   [("x.txt", b"hello", "text/plain")])
    status, answer = sim.call("POST", "api/photos", data=body,
                              headers={"Content-Type": content_type})
    assert status == 400 and "รูปภาพ" in answer["error"]
    assert inbox(sim) == []


def test_location_postback_and_follow_events(sim: Simulator) -> None:
    persona = leader_persona(sim)
    user = persona["user_id"]
    act(sim, persona, type="follow")
    act(sim, persona, type="location")
    act(sim, persona, type="postback", data="action=noop", displayText="ยกเลิก")
    follow, location, postback = (e.payload for e in inbox(sim))
    assert follow["type"] == "follow"
    message = location["message"]
    assert (message["latitude"], message["longitude"]) == (17.8783, 102.7413)
    assert "หนองคาย" in message["address"]
    assert postback["postback"] == {"data": "action=noop"}
    items = [i for i in timeline(sim, user) if i["side"] == "user"]
    assert [i["kind"] for i in items] == ["follow", "location", "postback"]
    assert items[2]["text"] == "ยกเลิก"


def test_bad_requests_get_thai_errors(sim: Simulator) -> None:
    persona = leader_persona(sim)
    for payload in ({"user_id": "nobody", "type": "text", "text": "x"},
                    {"user_id": persona["user_id"], "type": "sticker"},
                    {"user_id": persona["user_id"], "type": "text", "text": ""},
                    {"user_id": persona["user_id"], "type": "location", "latitude": "abc"},
                    {"user_id": persona["user_id"], "chat": "Xnot-a-group", "type": "text",
                     "text": "x"}):
        status, answer = sim.call("POST", "api/send", payload)
        assert status == 400 and answer["error"], payload
    assert sim.call("GET", "api/messages?chat=nobody")[0] == 400
    assert inbox(sim) == []


def test_group_chat_with_several_personas(sim: Simulator) -> None:
    group = sim.post("api/groups", {})["group_id"]
    assert is_group_id(group) and len(group) == 33
    first, second = leader_persona(sim), leader_persona(sim, "430102")
    act(sim, first, chat=group, type="join")
    act(sim, first, chat=group, type="text", text="สวัสดีครับ")
    act(sim, second, chat=group, type="text", text="สวัสดีค่ะ")
    join, hello, hi = (e.payload for e in inbox(sim))
    assert join["type"] == "join" and join["source"] == {"type": "group", "groupId": group}
    assert hello["source"] == {"type": "group", "groupId": group, "userId": first["user_id"]}
    assert hi["source"]["userId"] == second["user_id"]
    names = [i["name"] for i in timeline(sim, group) if i["side"] == "user"]
    assert names == [first["name"], first["name"], second["name"]]


def test_clock_jumps_and_dates_the_events(sim: Simulator) -> None:
    jumped = sim.post("api/clock", {"date": "2567-07-27", "time": "09:15"})  # Buddhist era
    assert jumped["thai"] == "27 กรกฎาคม 2567 เวลา 09:15 น." and jumped["moved"]
    now = sim.services.clock.now().astimezone(BANGKOK)
    assert now.date() == date(2024, 7, 27) and (now.hour, now.minute) == (9, 15)
    persona = leader_persona(sim)
    act(sim, persona, type="text", text="สวัสดี")
    sent = datetime.fromtimestamp(inbox(sim)[0].payload["timestamp"] / 1000, UTC)
    assert sent.astimezone(BANGKOK).date() == date(2024, 7, 27)
    assert timeline(sim, persona["user_id"])[0]["day"] == "27 กรกฎาคม 2567"
    reset = sim.post("api/clock", {"reset": True})
    assert not reset["moved"] and reset["date"] == datetime.now(BANGKOK).date().isoformat()
    status, answer = sim.call("POST", "api/clock", {"date": "2024-02-30"})
    assert status == 400 and "ไม่ถูกต้อง" in answer["error"]


def test_members_list_includes_existing_members(sim: Simulator, leader: Any,
                                                officer: Any) -> None:
    members = sim.get("api/members")["members"]
    by_id = {m["user_id"]: m for m in members}
    assert by_id[leader.line_user_id]["area_name"].startswith("ศูนย์ผู้นำจิตอาสา")
    assert by_id[officer.line_user_id]["area"] == "4301"


def test_rich_menu_linked_to_the_persona(sim: Simulator) -> None:
    persona = leader_persona(sim)
    assert sim.get(f"api/richmenu?user={persona['user_id']}")["menu"] is None
    fake = sim.fake
    auth = {"authorization": f"Bearer {fake.access_token}", "content-type": "application/json"}
    menu = {"size": {"width": 2500, "height": 843}, "selected": True, "name": "เมนูผู้นำ",
            "chatBarText": "เมนู", "areas": [{"bounds": {"x": 0, "y": 0, "width": 1250,
                                                         "height": 843},
                                              "action": {"type": "message", "text": "สรุป"}}]}
    created = fake.handle("POST", "/v2/bot/richmenu", {}, auth, json.dumps(menu).encode())
    assert created is not None
    menu_id = json.loads(created.body)["richMenuId"]
    image = png((6, 199, 85))
    fake.handle("POST", f"/v2/bot/richmenu/{menu_id}/content", {},
                {**auth, "content-type": "image/png"}, image)
    fake.handle("POST", f"/v2/bot/user/{persona['user_id']}/richmenu/{menu_id}", {}, auth, b"")
    shown = sim.get(f"api/richmenu?user={persona['user_id']}")["menu"]
    assert shown["richMenuId"] == menu_id and shown["areas"] == menu["areas"]
    assert sim.call("GET", shown["image"])[1] == image
    # Another user sees nothing until the bot sets a default menu.
    assert sim.get(f"api/richmenu?user={leader_persona(sim)['user_id']}")["menu"] is None


def test_bot_messages_are_reported_in_order_with_pushes(sim: Simulator) -> None:
    persona = leader_persona(sim)
    user = persona["user_id"]
    act(sim, persona, type="text", text=f"ลงทะเบียน {persona['code']}")
    sim.fake.wait_for_messages(1, to=user, timeout=10)
    auth = {"authorization": f"Bearer {sim.fake.access_token}",
            "content-type": "application/json"}
    flex = {"type": "flex", "altText": "สรุป", "contents": {
        "type": "bubble", "body": {"type": "box", "layout": "vertical",
                                   "contents": [{"type": "text", "text": "สรุปเดือนนี้"}]}},
        "quickReply": {"items": [{"type": "action", "action": {
            "type": "postback", "label": "ยกเลิก", "data": "cancel"}}]}}
    sim.fake.handle("POST", "/v2/bot/message/push", {}, auth,
                    json.dumps({"to": user, "messages": [flex]}).encode())
    items = eventually(lambda: (found := timeline(sim, user)) and len(found) == 3 and found)
    assert [(i["side"], i.get("kind")) for i in items] == [
        ("user", "text"), ("bot", "reply"), ("bot", "push")]
    assert items[2]["message"]["quickReply"]["items"][0]["action"]["data"] == "cancel"
