"""Turning a day's reminders into outbox rows: read the situation from the database, plan
(scheduler.reminders), claim each person's reminder for the day once, keep within the
message quota, and queue the same text to many people as multicasts."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from models import stats
from models.divisions import Centre as CentreRow
from models.divisions import District, Subdistrict
from models.members import Member
from models.outbox import enqueue_multicast
from models.reminders import HELD, PLANNED, claim
from models.reports import Report
from scheduler import reminder_texts as texts
from scheduler.reminders import (
    ADMIN,
    LEADER,
    Centre,
    Day,
    MonthFigures,
    Person,
    Planned,
    Rules,
    Situation,
    month_just_due,
    plan_day,
    volunteer_days_behind,
)
from thaitext.areas import NAMELESS_LEADER

log = logging.getLogger(__name__)
DEFAULT_RULES = Rules()
DAY_REPORT_WINDOW = timedelta(days=7)  # a report for a 3.3 day is dated near it


@dataclass(frozen=True)
class Outcome:
    """What one planning run did: for the clock's log line and the CLI."""

    planned: list[Planned]  # claimed by this run and queued
    held: list[Planned]  # claimed by this run, not sent: the quota was short
    already: int  # planned by an earlier run for the day
    dropped: bool = False  # too late to send: past the grace period

    @property
    def units(self) -> int:
        return len(self.planned)  # each person gets one message object


def in_provinces(column: QueryableAttribute[Any],
                 provinces: tuple[str, ...] | None) -> list[ColumnElement[bool]]:
    return [] if provinces is None else [column.in_(provinces)]


def read_people(session: Session, provinces: tuple[str, ...] | None) -> list[Person]:
    rows = session.execute(
        select(Member.id, Member.line_user_id, Member.role, Member.centre_id,
               Member.district_code, Member.province_code)
        .where(Member.status == "active", *in_provinces(Member.province_code, provinces))
        .order_by(Member.id))
    return [Person(*row) for row in rows]


def read_centres(session: Session, provinces: tuple[str, ...] | None) -> list[Centre]:
    rows = session.execute(
        select(CentreRow.id, Subdistrict.name_th, District.code, District.name_th)
        .join(Subdistrict, Subdistrict.code == CentreRow.subdistrict_code)
        .join(District, District.code == Subdistrict.district_code)
        .where(*in_provinces(District.province_code, provinces))
        .order_by(Subdistrict.code))
    leaders: dict[int, list[str]] = {}
    for centre_id, name in session.execute(
            select(Member.centre_id, Member.display_name)
            .where(Member.role == LEADER, Member.status == "active",
                   *in_provinces(Member.province_code, provinces))
            .order_by(Member.id)):
        if centre_id is not None:
            leaders.setdefault(centre_id, []).append(name or NAMELESS_LEADER)
    return [Centre(cid, name, code, district, tuple(leaders.get(cid, ())))
            for cid, name, code, district in rows]


def reported_between(session: Session, first: date, after: date,
                     *conditions: ColumnElement[bool]) -> set[int]:
    return set(session.scalars(
        select(Report.centre_id).distinct()
        .where(Report.status == "active", Report.activity_date >= first,
               Report.activity_date < after, *conditions)))


def read_situation(session: Session, today: date, days: Iterable[Day], rules: Rules,
                   provinces: tuple[str, ...] | None) -> Situation:
    first = today.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    for_day = {
        day.key: reported_between(session, day.on - DAY_REPORT_WINDOW, day.on + timedelta(days=2),
                                  or_(Report.national_day == day.key,
                                      and_(Report.activity_date == day.on,
                                           Report.activity_type == "3.3")))
        for day in volunteer_days_behind(today, days, rules)}
    people = read_people(session, provinces)
    figures = []
    just_due = month_just_due(today, rules)
    if just_due is not None:
        admins = {p.province_code for p in people if p.role == ADMIN and p.province_code}
        for code in sorted(admins):
            status = stats.status(session, stats.Scope("province", code),
                                  stats.Month(just_due.year, just_due.month))
            total = status.total
            figures.append(MonthFigures(code, status.scope_name, total.centres,
                                        total.centres_reported, total.reports,
                                        total.participants))
    return Situation(people, read_centres(session, provinces),
                     reported_between(session, first, after), for_day, figures)


def within_quota(planned: list[Planned], quota_left: int | None,
                 admins: int) -> tuple[list[Planned], list[Planned]]:
    """(to send, to hold): staff first, then leaders as far as the quota goes, keeping a
    unit for each admin to be told what was held."""
    if quota_left is None or len(planned) <= quota_left:
        return planned, []
    staff = [p for p in planned if p.role != LEADER]
    leaders = [p for p in planned if p.role == LEADER]
    room = max(quota_left - len(staff) - admins, 0)
    return staff + leaders[:room], leaders[room:]


def plan_and_queue(session: Session, today: date, days: Iterable[Day], now: datetime, *,
                   rules: Rules = DEFAULT_RULES, provinces: tuple[str, ...] | None = None,
                   quota_left: int | None = None, late_ok: bool = False) -> Outcome:
    """Plan `today`'s reminders into the outbox, each person once whatever runs before or
    after; sent at the rule's hour (or now, if later), never in the quiet hours. Past the
    grace period they are dropped, unless `late_ok` (a person asked for them)."""
    days = list(days)
    due = rules.send_time(today)
    if now > due + timedelta(hours=rules.grace_hours) and not late_ok:
        log.warning("reminders of %s not sent: the clock was stopped past the grace period",
                    today)
        return Outcome([], [], 0, dropped=True)
    situation = read_situation(session, today, days, rules, provinces)
    planned = plan_day(today, days, situation, rules)
    admins = [p for p in situation.people if p.role == ADMIN]
    send, hold = within_quota(planned, quota_left, len(admins))
    claimed = claim(session, [
        {"day": today, "line_user_id": p.line_user_id, "role": p.role, "rules": "+".join(p.rules),
         "status": status} for group, status in ((send, PLANNED), (hold, HELD)) for p in group])
    send = [p for p in send if p.line_user_id in claimed]
    hold = [p for p in hold if p.line_user_id in claimed]
    send_at = rules.out_of_quiet(max(due, now))
    queue_by_text(session, send, send_at)
    if hold:
        tell_admins_of_held(session, admins, hold, quota_left or 0, len(planned), send_at)
    return Outcome(send, hold, len(planned) - len(send) - len(hold))


def queue_by_text(session: Session, planned: list[Planned], send_at: datetime) -> None:
    """The same text to many goes as multicasts of 500; a text of one person as a push."""
    by_text: dict[str, list[str]] = {}
    for p in planned:
        by_text.setdefault(p.text, []).append(p.line_user_id)
    for text, to in by_text.items():
        for row in enqueue_multicast(session, to, [{"type": "text", "text": text}]):
            row.next_attempt_at = send_at


def tell_admins_of_held(session: Session, admins: list[Person], held: list[Planned],
                        left: int, needed: int, send_at: datetime) -> None:
    text = texts.QUOTA_HELD.format(left=left, needed=needed, held=len(held))
    for row in enqueue_multicast(session, [a.line_user_id for a in admins],
                                 [{"type": "text", "text": text}]):
        row.next_attempt_at = send_at
    log.warning("reminders: %d held for the message quota (%d left, %d needed)", len(held),
                left, needed)
