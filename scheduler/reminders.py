"""Reminder planning: which people get which reminder on a given Thai day. Pure: plain data in
(the day, the calendar, the members, who has reported), plain data out (one merged message
per person). The clock stores what this plans; the outbox sender sends it.

A rule is "an offset relative to a day, at an hour": before or after each 3.3 volunteer day,
before or after the monthly report's due day."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from scheduler import reminder_texts as texts
from thaitext import BANGKOK, format_thai_date, format_thai_month
from thaitext.areas import district_name, subdistrict_name

LEADER, OFFICER, ADMIN = "leader", "officer", "admin"


@dataclass(frozen=True)
class Rules:
    """When reminders go out; the defaults are the province's guideline."""

    volunteer_before: tuple[int, ...] = (7, 1)  # days before each 3.3 day
    volunteer_after: int | None = 1  # nudge leaders who sent nothing for the day
    due_before: tuple[int, ...] = (3, 1)  # days before the monthly report is due
    due_day: int | None = None  # day of the month the report is due; None: the last day
    hour: int = 9  # Thai time
    quiet_from: int = 20  # no reminder pushes from this hour ...
    quiet_until: int = 8  # ... until this one: they wait for the morning
    grace_hours: float = 12.0  # a reminder missed by a stopped clock is sent this late at most
    # Leaders reminded per centre (None: all): the centre reports, not each leader, and a
    # province's message quota is a few hundred a month.
    leaders_per_centre: int | None = 1

    def due_date(self, year: int, month: int) -> date:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, min(self.due_day or last, last))

    def send_time(self, day: date) -> datetime:
        """When the reminders of `day` are due, moved out of the quiet hours."""
        return self.out_of_quiet(datetime.combine(day, time(self.hour), tzinfo=BANGKOK))

    def out_of_quiet(self, moment: datetime) -> datetime:
        local = moment.astimezone(BANGKOK)
        if local.hour >= self.quiet_from:
            local = datetime.combine(local.date() + timedelta(days=1), time(self.quiet_until),
                                     tzinfo=BANGKOK)
        elif local.hour < self.quiet_until:
            local = datetime.combine(local.date(), time(self.quiet_until), tzinfo=BANGKOK)
        return local


@dataclass(frozen=True)
class Day:
    """An important day as the planner needs it (thaitext.important_days gives these)."""

    on: date
    key: str
    name_th: str


@dataclass(frozen=True)
class Person:
    member_id: int
    line_user_id: str
    role: str
    centre_id: int | None
    district_code: str | None
    province_code: str | None


@dataclass(frozen=True)
class Centre:
    id: int
    name_th: str  # the sub-district's name
    district_code: str
    district_th: str
    leaders: tuple[str, ...] = ()  # display names, for officers to call


@dataclass(frozen=True)
class MonthFigures:
    """A province's figures of a month, for its admins after the due day."""

    province_code: str
    scope_name: str
    centres: int
    reported: int
    reports: int
    participants: int


@dataclass(frozen=True)
class Situation:
    """What the planner needs to know about the world on the day it plans."""

    people: list[Person]
    centres: list[Centre]
    reported_this_month: set[int]  # centre ids with a report this month (by activity date)
    reported_for_day: dict[str, set[int]]  # 3.3 day key -> centres that reported for it
    month_figures: list[MonthFigures] = field(default_factory=list)  # for the month just due


@dataclass(frozen=True)
class Planned:
    """One message for one person on one day: every rule that applies to them, merged."""

    line_user_id: str
    role: str
    rules: tuple[str, ...]
    text: str


def volunteer_days_ahead(today: date, days: Iterable[Day], rules: Rules) -> list[tuple[int, Day]]:
    """(days to go, day) for the 3.3 days `today` reminds of."""
    return sorted(((day.on - today).days, day) for day in days
                  if (day.on - today).days in rules.volunteer_before)


def volunteer_days_behind(today: date, days: Iterable[Day], rules: Rules) -> list[Day]:
    if rules.volunteer_after is None:
        return []
    return [day for day in days if (today - day.on).days == rules.volunteer_after]


def due_ahead(today: date, rules: Rules) -> tuple[int, date] | None:
    due = rules.due_date(today.year, today.month)
    ahead = (due - today).days
    return (ahead, due) if ahead in rules.due_before else None


def month_just_due(today: date, rules: Rules) -> date | None:
    """The first day of the month whose report fell due yesterday, if one did."""
    yesterday = today - timedelta(days=1)
    if rules.due_date(yesterday.year, yesterday.month) == yesterday:
        return yesterday.replace(day=1)
    return None


def plan_day(today: date, days: Iterable[Day], situation: Situation,
             rules: Rules = Rules()) -> list[Planned]:
    """Every reminder due on `today` (a Thai date), one merged message per person."""
    parts: dict[str, list[tuple[str, str]]] = {}
    roles: dict[str, str] = {}

    def add(person: Person, rule: str, text: str) -> None:
        parts.setdefault(person.line_user_id, []).append((rule, text))
        roles[person.line_user_id] = person.role

    days = list(days)
    people = reminded(situation.people, rules)
    by_district = centres_by_district(situation.centres)
    for ahead, day in volunteer_days_ahead(today, days, rules):
        for person in people:
            text = volunteer_invitation(person, ahead, day, by_district)
            if text:
                add(person, f"volunteer-{ahead}d:{day.key}", text)
    for day in volunteer_days_behind(today, days, rules):
        done = situation.reported_for_day.get(day.key, set())
        for person in people:
            if person.role == LEADER and person.centre_id not in done:
                add(person, f"volunteer-after:{day.key}", texts.LEADER_AFTER_DAY.format(
                    day=day.name_th))
    due = due_ahead(today, rules)
    if due is not None:
        ahead, due_on = due
        missing = [c for c in situation.centres if c.id not in situation.reported_this_month]
        missing_by_district = centres_by_district(missing)
        for person in people:
            text = due_reminder(person, ahead, due_on, missing_by_district, by_district,
                                situation.reported_this_month)
            if text:
                add(person, f"due-{ahead}d", text)
    just_due = month_just_due(today, rules)
    if just_due is not None:
        figures = {f.province_code: f for f in situation.month_figures}
        for person in people:
            if person.role == ADMIN and person.province_code in figures:
                add(person, "month-summary", month_summary(figures[person.province_code],
                                                           just_due))
    return [Planned(user, roles[user], tuple(rule for rule, _ in found),
                    texts.SEPARATOR.join(text for _, text in found))
            for user, found in parts.items()]


def reminded(people: list[Person], rules: Rules) -> list[Person]:
    """Staff, and each centre's first-registered leaders up to `leaders_per_centre` (the same
    ones every day, so a plan made twice picks the same people)."""
    if rules.leaders_per_centre is None:
        return people
    taken: dict[int | None, int] = {}
    chosen = []
    for person in sorted(people, key=lambda p: p.member_id):
        if person.role == LEADER:
            taken[person.centre_id] = taken.get(person.centre_id, 0) + 1
            if taken[person.centre_id] > rules.leaders_per_centre:
                continue
        chosen.append(person)
    return chosen


def centres_by_district(centres: Iterable[Centre]) -> dict[str, list[Centre]]:
    grouped: dict[str, list[Centre]] = {}
    for centre in centres:
        grouped.setdefault(centre.district_code, []).append(centre)
    return grouped


def when(ahead: int) -> str:
    return texts.TOMORROW if ahead == 1 else texts.IN_DAYS.format(days=ahead)


# The same few dates are written for every person planned: format each once.
date_th = lru_cache(maxsize=64)(format_thai_date)
month_th = lru_cache(maxsize=64)(format_thai_month)


def district_of(centre: Centre) -> str:
    return district_name(centre.district_th, centre.district_code)


def centre_of(centre: Centre) -> str:
    # The district's code decides as well as the sub-district's: Bangkok's start with 10.
    return subdistrict_name(centre.name_th, centre.district_code)


def volunteer_invitation(person: Person, ahead: int, day: Day,
                         by_district: dict[str, list[Centre]]) -> str | None:
    on = date_th(day.on)
    if person.role == LEADER and person.centre_id is not None:
        return texts.LEADER_BEFORE_DAY.format(when=when(ahead), day=day.name_th, date=on)
    if person.role == OFFICER and person.district_code in by_district:
        centres = by_district[person.district_code]
        return texts.OFFICER_BEFORE_DAY.format(
            when=when(ahead), day=day.name_th, date=on,
            district=district_of(centres[0]), count=len(centres),
            centres=", ".join(c.name_th for c in centres))
    return None


def due_reminder(person: Person, ahead: int, due_on: date,
                 missing_by_district: dict[str, list[Centre]],
                 by_district: dict[str, list[Centre]], reported: set[int]) -> str | None:
    month = month_th(due_on)
    due_th = date_th(due_on)
    if person.role == LEADER and person.centre_id is not None \
            and person.centre_id not in reported:
        return texts.LEADER_DUE.format(when=when(ahead), month=month, due=due_th)
    if person.role == OFFICER and person.district_code in by_district:
        all_centres = by_district[person.district_code]
        missing = missing_by_district.get(person.district_code, [])
        if not missing:
            return texts.OFFICER_DUE_ALL_IN.format(when=when(ahead), month=month, due=due_th,
                                                   district=district_of(all_centres[0]),
                                                   count=len(all_centres))
        lines = [texts.OFFICER_DUE.format(when=when(ahead), month=month, due=due_th,
                                          district=district_of(all_centres[0]),
                                          missing=len(missing), count=len(all_centres))]
        lines += [texts.OFFICER_DUE_CENTRE.format(
            centre=centre_of(c), leaders=", ".join(c.leaders) or texts.NO_LEADER) for c in missing]
        return "\n".join(lines)
    return None


def month_summary(figures: MonthFigures, month_start: date) -> str:
    percent = round(100 * figures.reported / figures.centres) if figures.centres else 0
    month = format_thai_month(month_start)
    return texts.ADMIN_MONTH_SUMMARY.format(
        month=month, scope=figures.scope_name, reported=figures.reported,
        centres=figures.centres, percent=percent, reports=figures.reports,
        participants=figures.participants, month_arg=f"{month_start.month}/"
        f"{month_start.year + 543}")
