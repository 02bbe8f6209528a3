"""The simulator shows staff what they get on a phone: an officer's status card and export
link, and the reminders that a jump of the simulator's clock makes due, as pushes."""

from __future__ import annotations

import io
import urllib.request
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import openpyxl

from bot.runtime import reminder_setup
from scheduler.clock import make_scheduler
from tests.conftest import eventually
from tests.simulator.conftest import Simulator
from tests.simulator.test_api import act, leader_persona, timeline
from thaitext import BANGKOK


def register(sim: Simulator, persona: dict[str, Any]) -> None:
    """The code, then "ยอมรับ" under the PDPA notice it brings: two answers."""
    act(sim, persona, type="text", text=f"ลงทะเบียน {persona['code']}")
    sim.fake.wait_for_messages(1, to=persona["user_id"], timeout=10)
    act(sim, persona, type="text", text="ยอมรับ")
    sim.fake.wait_for_messages(2, to=persona["user_id"], timeout=10)


def bot_items(sim: Simulator, user: str, count: int) -> list[dict[str, Any]]:
    def found() -> list[dict[str, Any]] | None:
        items = [i for i in timeline(sim, user) if i["side"] == "bot"]
        return items if len(items) >= count else None
    return eventually(found, timeout=15)


def test_an_officer_persona_gets_the_status_card_and_an_export_link(sim: Simulator) -> None:
    officer = sim.post("api/personas", {"role": "officer", "area": "4302"})["persona"]
    register(sim, officer)
    user = officer["user_id"]
    act(sim, officer, type="text", text="สถานะ")
    card = bot_items(sim, user, 3)[2]["message"]
    assert card["type"] == "flex" and "ส่งแล้ว 0/10 ศูนย์" in card["altText"]
    act(sim, officer, type="text", text="ส่งออก")
    text = bot_items(sim, user, 4)[3]["message"]["text"]
    link = next(word for word in text.split() if word.startswith("http"))
    # In simulator mode the link is on this machine; this test's server has its own port.
    assert link.startswith(f"{sim.services.settings.public_url}/exports/monthly.xlsx?")
    parts = urlsplit(link)
    with urllib.request.urlopen(f"{sim.url}{parts.path}?{parts.query}", timeout=20) as got:
        book = openpyxl.load_workbook(io.BytesIO(got.read()))
    assert any("ท่าบ่อ" in str(cell) for row in book.worksheets[0].iter_rows(values_only=True)
               for cell in row if cell)


def test_jumping_to_a_week_before_28_july_brings_the_reminders(sim: Simulator) -> None:
    leader = leader_persona(sim, "430205")
    officer = sim.post("api/personas", {"role": "officer", "area": "4302"})["persona"]
    register(sim, leader)
    register(sim, officer)
    year = datetime.now(BANGKOK).year + 1
    sim.post("api/clock", {"date": f"{year}-07-21", "time": "09:05"})
    # The clock process as `cddbot serve` runs it beside the simulator: on the same clock.
    scheduler = make_scheduler(sim.db, sim.services.clock.now, reminder_setup(sim.services))
    scheduler.start()
    try:
        pushed = bot_items(sim, leader["user_id"], 3)[2]
        assert pushed["kind"] == "push"
        assert "อีก 7 วันจะถึงวันเฉลิมพระชนมพรรษา" in pushed["message"]["text"]
        officer_push = bot_items(sim, officer["user_id"], 3)[2]
        assert "ชวนศูนย์ในอำเภอท่าบ่อ (10 ศูนย์)" in officer_push["message"]["text"]
    finally:
        scheduler.shutdown(wait=True)
