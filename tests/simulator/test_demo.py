"""`cddbot seed --demo`: marked, idempotent, removable, and never mixed with real members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models.demo import DemoRefused, remove_demo, seed_demo
from models.members import Member
from models.reports import Report
from models.session import Database

NOW = datetime(2024, 8, 15, 3, 0, tzinfo=UTC)


def counts(db: Database) -> tuple[int, int]:
    with db.sessions() as session:
        return (session.scalar(select(func.count()).select_from(Member)) or 0,
                session.scalar(select(func.count()).select_from(Report)) or 0)


def test_demo_data_is_marked_and_realistic(db: Database) -> None:
    with db.transaction() as session:
        summary = seed_demo(session, NOW)
    assert (summary.officers_added, summary.admins_added) == (2, 1)
    assert summary.leaders_added >= 4 and summary.reports_added >= 20
    with db.sessions() as session:
        members = list(session.scalars(select(Member)))
        reports = list(session.scalars(select(Report)))
        assert all(m.line_user_id.startswith("Udemo") and len(m.line_user_id) == 33
                   for m in members)
        assert all(m.display_name and m.display_name.startswith("ตัวอย่าง") for m in members)
        leaders = [m for m in members if m.role == "leader"]
        assert len({m.district_code for m in leaders}) >= 2
        assert len({m.centre_id for m in leaders}) >= 4
        assert all(m.province_code == "43" for m in members)
        assert all(r.source_event_id.startswith("demo:") for r in reports)
        # Spread over the last 30 days, classified like real reports.
        days = {r.created_at.date() for r in reports}
        assert len(days) >= 15
        assert all(NOW - timedelta(days=31) <= r.created_at <= NOW for r in reports)
        assert {r.activity_type for r in reports} >= {"3.1", "3.2"}
        assert sum(1 for r in reports if r.participants) >= 10
        assert any(r.sectors for r in reports) and all(r.evidence for r in reports
                                                       if r.activity_type)


def test_seeding_twice_adds_nothing(db: Database) -> None:
    with db.transaction() as session:
        seed_demo(session, NOW)
    before = counts(db)
    with db.transaction() as session:
        again = seed_demo(session, NOW + timedelta(days=3))
    assert again.added == 0 and counts(db) == before


def test_refuses_a_database_with_real_members(db: Database, leader: Member) -> None:
    with pytest.raises(DemoRefused), db.transaction() as session:
        seed_demo(session, NOW)
    assert counts(db) == (1, 0)
    with db.transaction() as session:
        assert seed_demo(session, NOW, force=True).added > 0
    with db.transaction() as session:
        remove_demo(session)
    # The real member stays; every demo trace goes.
    with db.sessions() as session:
        assert [m.line_user_id for m in session.scalars(select(Member))] == [leader.line_user_id]
    assert counts(db) == (1, 0)


def test_remove_demo_then_seed_again(db: Database) -> None:
    with db.transaction() as session:
        seed_demo(session, NOW)
    with db.transaction() as session:
        removed = remove_demo(session)
    assert removed > 20 and counts(db) == (0, 0)
    with db.transaction() as session:
        assert seed_demo(session, NOW).added == removed


def test_needs_aware_time(db: Database) -> None:
    with pytest.raises(ValueError), db.transaction() as session:
        seed_demo(session, datetime(2024, 8, 15))
