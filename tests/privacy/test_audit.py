"""The audit trail (issue 14, point 4): staff actions over signed webhooks are recorded with
who, what, when and in which area, and `cddbot audit [--since DATE]` lists them without
names, LINE ids or message text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import cli
from bot.config import Settings
from linefake.server import FakeLine
from models.audit import AuditLog, audit_trail, do_audit
from models.members import Member
from models.session import Database
from tests.conftest import LiveBot, make_member, message_text, running_bot
from tests.staff.test_commands import ask, leader_at, talk
from thaitext import BANGKOK

ANNOUNCEMENT = "ขอเชิญประชุมผู้นำที่บ้านนางสมศรี 5 ธ.ค."
LINE_ID = re.compile(r"[UCR][0-9a-f]{32}")


@pytest.fixture
def bot(settings: Settings, db: Database, fake_line: FakeLine) -> Iterator[LiveBot]:
    """The whole bot, with a public address so that exports give links."""
    with running_bot(replace(settings, sender_concurrency=8,
                             public_url="https://cddbot.example.org"), db, fake_line) as live:
        yield live


def listing(db: Database, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[list[str]]:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.delenv("LINE_CHANNEL_SECRET", raising=False)
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["audit", *args])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


def names_and_ids(db: Database) -> list[str]:
    """Every member's name and LINE id: none may appear in the listing."""
    with db.sessions() as session:
        return [value for m in session.scalars(select(Member))
                for value in (m.display_name, m.line_user_id) if value]


def test_staff_actions_are_recorded_and_listed_without_personal_data(
        bot: LiveBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    leaders = [leader_at(db, "430205", "สมศรี ใจดี"), leader_at(db, "430201", "บุญมา ขยัน")]
    officer = make_member(db, "officer", district_code="4302", province_code="43")
    admin = make_member(db, "admin", province_code="43")
    officer_chat, admin_chat = talk(bot, officer), talk(bot, admin)

    ask(officer_chat, "ส่งออก 10/2567", 0)  # a link to October 2024's file of ท่าบ่อ
    ask(officer_chat, "รหัสใหม่ 430205", 1)
    ask(officer_chat, "ยืนยันเปลี่ยนรหัส", 2)
    ask(admin_chat, "ประกาศ " + ANNOUNCEMENT, 0)
    [sent] = ask(admin_chat, "ยืนยันประกาศ", 1)
    for leader in leaders:
        bot.fake.wait_for_messages(1, to=leader.line_user_id)
    with db.sessions() as session:
        rows = list(session.scalars(select(AuditLog).order_by(AuditLog.id)))
    by_action = {row.action: row for row in rows}
    export = by_action["export.link"]
    assert (export.actor_member_id, export.area, export.target) == (
        officer.id, "4302", "district:4302")
    assert export.detail is not None and export.detail["month"] == "2024-10"
    rotation = by_action["centre.rotate_join_code"]
    assert (rotation.actor_member_id, rotation.area, rotation.target) == (
        officer.id, "430205", "centre:430205")
    announcement = by_action["announcement.send"]
    assert (announcement.actor_member_id, announcement.area) == (admin.id, "43")
    assert announcement.detail is not None and announcement.detail["recipients"] == 3
    assert [row.actor_role for row in rows] == ["officer", "officer", "admin"]
    assert "ประชุม" not in json.dumps([row.detail for row in rows], ensure_ascii=False)
    assert all(row.at.tzinfo is not None for row in rows)

    lines = listing(db, monkeypatch)
    assert len(lines) == len(rows) and all(len(line) == 6 for line in lines)
    shown = {line[2]: line for line in lines}
    assert shown["export.link"][1:5] == [f"officer#{officer.id}", "export.link", "4302",
                                         "district:4302"]
    assert "month=2024-10" in shown["export.link"][5]
    assert shown["centre.rotate_join_code"][1:5] == [
        f"officer#{officer.id}", "centre.rotate_join_code", "430205", "centre:430205"]
    assert shown["announcement.send"][1:4] == [f"admin#{admin.id}", "announcement.send", "43"]
    assert "recipients=3" in shown["announcement.send"][5]
    for line in lines:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", line[0]), line
    text = "\n".join("\t".join(line) for line in lines)
    assert not LINE_ID.search(text)
    assert ANNOUNCEMENT not in text and "บ้านนางสมศรี" not in text
    for personal in names_and_ids(db) + ["สมศรี", "บุญมา", "ทดสอบ"]:
        assert personal not in text
    assert "ส่งประกาศถึง 3 คนแล้ว" in message_text(sent)


def test_since_takes_a_thai_day_in_either_era(db: Database,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    officer = make_member(db, "officer", district_code="4301", province_code="43")
    with db.transaction() as session:
        actor = session.get(Member, officer.id)
        do_audit(session, "export.link", "district:4301", actor=actor, area="4301",
                 at=datetime(2024, 9, 30, 23, 50, tzinfo=BANGKOK), month="2024-09")
        do_audit(session, "member.remove", f"member:{officer.id}", actor=None, area="4301",
                 at=datetime(2024, 10, 1, 0, 10, tzinfo=BANGKOK),
                 display_name="ทดสอบ officer", user_id=officer.line_user_id, reason="ย้าย")

    everything = listing(db, monkeypatch)
    assert [line[2] for line in everything] == ["export.link", "member.remove"]
    assert everything[0][0] == "2024-09-30T23:50:00+07:00"
    removal = everything[1]
    assert removal[1] == "cli" and removal[3:5] == ["4301", f"member:{officer.id}"]
    assert removal[5] == "reason=ย้าย"  # the name and LINE id left out
    for since in ("2567-10-01", "2024-10-01", "๒๕๖๗-๑๐-๐๑"):
        assert [line[2] for line in listing(db, monkeypatch, "--since", since)] == [
            "member.remove"]
    assert listing(db, monkeypatch, "--since", "2568-01-01") == []

    monkeypatch.setenv("DATABASE_URL", db.url)
    bad = CliRunner().invoke(cli, ["audit", "--since", "1 ต.ค."])
    assert bad.exit_code != 0 and "--since" in bad.output


def test_rows_written_without_an_area_show_the_actor_s_own(db: Database) -> None:
    """Rows written before areas and roles were recorded: the actor's present ones."""
    leader = leader_at(db, "430205", "สมศรี ใจดี")
    with db.transaction() as session:
        session.add(AuditLog(actor_member_id=leader.id, action="report.cancel",
                             target=f"member:{leader.id}", detail={"report": 7},
                             at=datetime(2024, 5, 1, tzinfo=BANGKOK)))
    with db.sessions() as session:
        [entry] = audit_trail(session)
    assert (entry.actor_role, entry.actor_id, entry.area) == ("leader", leader.id, "430205")
    assert entry.detail == {"report": "7"}
