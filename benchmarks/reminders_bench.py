"""Issue #12's budgets: one reminder to the whole country, and a normal month of reminders in
Nong Khai, both through the project's real planning (scheduler/) and, for the country, its
real outbox sender (bot/sender.py) against the fake LINE platform.

Part 1, the country: a throw-away database (an SQLite file in a temp dir; with
REMINDERS_BENCH_DATABASE=postgresql://... a database of its own on that server, dropped at the
end) seeded with every province, district and centre (models/seed.py) and REMINDERS_BENCH_MEMBERS
(100,000) active members, bulk-inserted with Core: an admin per province, an officer per
district, the rest leaders at centres drawn at random. `scheduler.planning.plan_and_queue`
plans 21 July 2026, seven days before the King's birthday, with Rules(leaders_per_centre=None),
so every leader gets the same invitation and every officer one listing the centres of their
district. The real OutboxSender (built as bot/runtime.py builds it, with the real LineClient)
then drains the outbox against linefake's FakeLine on loopback, in a process of its own, which
answers every call after 50 ms and refuses 5 % of them with 429 (seeded: the n-th call to an
endpoint is refused or not the same way every run). Baseline, same run: the same outbox rows
queued again (new retry keys) and sent with no 429s.

Part 2, a month in Nong Khai at the default rules: 62 centres, 150 leaders (one a centre, the
rest at centres drawn at random), 20 officers over the 9 districts (more where there are more
centres), 2 admins. September 2026 has exactly one 3.3 volunteer day (24th, วันมหิดล) and none
within a week of it in August or October, so no calendar change is needed (the benchmark
checks this). `scheduler.clock.plan_due_reminders` runs at 09:05 Thai time on every day from 1
September to 1 October; after each day's planning the reports of that day arrive: 41 centres
(two thirds) report before the due-day reminders, 12 of them for the 3.3 day on the day itself,
then 5 more on the 28th and 3 on the 30th. Counted: quota units queued (recipients x messages
of each outbox row) and whether every officer got both 3.3-day invitations listing their
district's centres and both due-day reminders listing exactly their centres not yet reported,
with those centres' leaders. Baseline, same run: the same month with every leader reminded
(Rules(leaders_per_centre=None)).

Run ``python -m benchmarks.run reminders`` (or ``python -m benchmarks.reminders_bench``).
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import random
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import bindparam, create_engine, func, insert, select, text, update

from bot.config import Settings
from bot.runtime import queue_options
from bot.sender import OutboxSender
from bot.services import Services
from linefake.server import FakeLine
from models.base import table_of
from models.divisions import Centre, District, Subdistrict
from models.members import Member
from models.migrate import upgrade
from models.outbox import MULTICAST_LIMIT, OutboxMessage
from models.queue import FAILED, PENDING, WORKING
from models.reminders import PLANNED, PlannedReminder
from models.reports import Report
from models.seed import seed_divisions
from models.session import Database, normalise_url
from scheduler import reminder_texts as texts
from scheduler.clock import ReminderSetup, plan_due_reminders, volunteer_days_near
from scheduler.planning import plan_and_queue
from scheduler.reminders import Day, Rules
from thaitext import BANGKOK
from thaitext.areas import subdistrict_name

# "" runs on an SQLite file; a PostgreSQL server URL runs on a throw-away database there.
SERVER = os.environ.get("REMINDERS_BENCH_DATABASE", "")
MEMBERS = int(os.environ.get("REMINDERS_BENCH_MEMBERS", "100000"))
FAIL_RATE = float(os.environ.get("REMINDERS_BENCH_429_RATE", "0.05"))
SEED = int(os.environ.get("REMINDERS_BENCH_SEED", "12"))
# The 5 % send again with the next seeds, for the spread of the call count (info only).
MORE_SEEDS = int(os.environ.get("REMINDERS_BENCH_MORE_SEEDS", "4"))
LINE_DELAY = float(os.environ.get("REMINDERS_BENCH_LINE_DELAY", "0.05"))
# The fake LINE platform runs in a process of its own, as LINE is not in the sender's process;
# "1" runs it in the benchmark's process (sharing one interpreter lock with the sender).
FAKE_IN_PROCESS = os.environ.get("REMINDERS_BENCH_FAKE_IN_PROCESS", "") == "1"
DRAIN_LIMIT = 600.0  # seconds: a send still going after this is reported as it stands

IDENTICAL_CALL_BUDGET = 210
SEND_BUDGET_SECONDS = 60.0
MONTH_UNIT_BUDGET = 300

KING_BIRTHDAY = date(2026, 7, 28)
COUNTRY_DAY = KING_BIRTHDAY - timedelta(days=7)
COUNTRY_NOW = datetime.combine(COUNTRY_DAY, clock(9, 5), BANGKOK)
COUNTRY_RULES = Rules(leaders_per_centre=None)
JOINED = datetime(2025, 1, 1, tzinfo=UTC)

NONG_KHAI = "43"
MONTH = date(2026, 9, 1)
LEADERS, OFFICERS, ADMINS = 150, 20, 2
EARLY_SHARE = 2 / 3  # centres reporting before the due-day reminders
FOR_THE_DAY = 12  # of those, centres reporting the 3.3 day on the day itself
LATE = ((date(2026, 9, 28), 5), (date(2026, 9, 30), 3))  # after the first due-day reminder


def run() -> list[dict[str, Any]]:
    return country() + month_in_nong_khai()


# --- Databases -----------------------------------------------------------------------------

@contextmanager
def throwaway_database(purpose: str) -> Iterator[tuple[str, Database]]:
    """(label, migrated empty database), removed again at the end."""
    if SERVER:
        name = f"cddbot_reminders_bench_{purpose}_{os.getpid()}"
        admin = create_engine(normalise_url(SERVER), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = normalise_url(SERVER).rsplit("/", 1)[0] + f"/{name}"
        try:
            yield from _migrated("PostgreSQL", url)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        with tempfile.TemporaryDirectory(prefix="reminders_bench_") as tmp:
            yield from _migrated("SQLite", f"sqlite:///{Path(tmp) / f'{purpose}.sqlite3'}")


def _migrated(label: str, url: str) -> Iterator[tuple[str, Database]]:
    upgrade(url)
    db = Database(url)
    try:
        yield label, db
    finally:
        db.dispose()


def read_only(db: Database, query: Any) -> list[Any]:
    """Rows of `query` from a snapshot: on SQLite no write lock, so the sender is not held up."""
    with db.sessions() as session, db.reading(session):
        return list(session.execute(query).all())


# --- Part 1: the country -------------------------------------------------------------------

@dataclass
class People:
    leaders: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)


def seed_country(db: Database) -> People:
    with db.transaction() as session:
        seed_divisions(session, None)
    centres = read_only(db, select(Centre.id, Subdistrict.district_code, District.province_code)
                        .join(Subdistrict, Subdistrict.code == Centre.subdistrict_code)
                        .join(District, District.code == Subdistrict.district_code)
                        .order_by(Centre.id))
    districts = sorted({(d, p) for _, d, p in centres})
    provinces = sorted({p for _, _, p in centres})
    people, rows = People(), list[dict[str, Any]]()

    def member(role: str, name: str, **scope: Any) -> None:
        line_id = f"U{len(rows) + 1:032x}"
        getattr(people, f"{role}s").append(line_id)
        rows.append({"line_user_id": line_id, "display_name": name, "role": role,
                     "status": "active", "consented_at": JOINED, "created_at": JOINED,
                     "centre_id": None, "district_code": None, **scope})

    for code in provinces:
        member("admin", f"แอดมิน {code}", province_code=code)
    for district, province in districts:
        member("officer", f"พัฒนากร {district}", district_code=district, province_code=province)
    rng = random.Random(SEED)
    for n in range(MEMBERS - len(rows)):
        centre, district, province = rng.choice(centres)
        member("leader", f"ผู้นำ {n + 1}", centre_id=centre, district_code=district,
               province_code=province)
    with db.connection() as conn:
        for start in range(0, len(rows), 10_000):
            conn.execute(insert(Member), rows[start:start + 10_000])
    log(f"country: {len(centres):,} centres in {len(districts)} districts, {len(provinces)} "
        f"provinces; members: {len(people.leaders):,} leaders, {len(people.officers)} officers, "
        f"{len(people.admins)} admins")
    return people


@dataclass
class Queued:
    rows: list[tuple[int, str, list[str], list[dict[str, Any]]]]  # id, kind, to, messages

    @property
    def by_text(self) -> dict[str, list[tuple[str, list[str]]]]:
        grouped: dict[str, list[tuple[str, list[str]]]] = {}
        for _, kind, to, messages in self.rows:
            grouped.setdefault(messages[0]["text"], []).append((kind, to))
        return grouped


def queued(db: Database) -> Queued:
    m = OutboxMessage
    return Queued([(r.id, r.kind, list(r.recipients), list(r.messages)) for r in read_only(
        db, select(m.id, m.kind, m.recipients, m.messages).order_by(m.id))])


class CallSeen(NamedTuple):
    """One call in the fake's log, as much of it as the figures need."""

    endpoint: str | None
    status: int
    recipients: int
    messages: int
    text: str | None  # of the first message


@dataclass
class LineSeen:
    base_url: str
    access_token: str
    finish: Callable[[], tuple[list[CallSeen], Counter[str]]]  # stops it: its log, deliveries


def line_seen(fake: FakeLine) -> tuple[list[CallSeen], Counter[str]]:
    calls = []
    for call in fake.calls():
        body = call.body if isinstance(call.body, dict) else {}
        to, messages = body.get("to", []), body.get("messages") or [{}]
        calls.append(CallSeen(call.endpoint, call.status,
                              len(to) if isinstance(to, list) else 1, len(messages),
                              messages[0].get("text")))
    return calls, Counter(message["to"] for message in fake.sent_messages())


def _configured(fail_rate: float, seed: int) -> FakeLine:
    fake = FakeLine(access_token=secrets.token_hex(16))
    fake.start()
    fake.set_quota(None)
    fake.set_delay(LINE_DELAY)
    fake.behaviour.fail_randomly(fail_rate, 429, seed=seed)
    return fake


def _fake_line_process(conn: Connection, fail_rate: float, seed: int) -> None:
    fake = _configured(fail_rate, seed)
    try:
        conn.send((fake.base_url, fake.access_token))
        conn.recv()  # told to stop
        conn.send(line_seen(fake))
    finally:
        fake.stop()


@contextmanager
def fake_line(fail_rate: float, seed: int) -> Iterator[LineSeen]:
    """The fake LINE platform answering after LINE_DELAY, refusing `fail_rate` with 429."""
    if FAKE_IN_PROCESS:
        fake = _configured(fail_rate, seed)
        try:
            yield LineSeen(fake.base_url, fake.access_token, lambda: line_seen(fake))
        finally:
            fake.stop()
        return
    spawn = multiprocessing.get_context("spawn")
    ours, theirs = spawn.Pipe()
    process = spawn.Process(target=_fake_line_process, args=(theirs, fail_rate, seed),
                            name="fake-line", daemon=True)
    process.start()
    try:
        base_url, token = ours.recv()

        def finish() -> tuple[list[CallSeen], Counter[str]]:
            ours.send("stop")
            seen: tuple[list[CallSeen], Counter[str]] = ours.recv()
            return seen

        yield LineSeen(base_url, token, finish)
    finally:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


@dataclass
class Sent:
    fail_rate: float
    seed: int
    wall: float  # sender started -> no row pending or working
    cpu: float  # CPU seconds of this process meanwhile: the sender (and the fake, in-process)
    load: float  # the machine's 1-minute load average when the send began
    pace: float  # the sender's pushes and multicasts a second (settings; 0: unpaced)
    calls: list[CallSeen]
    delivered: Counter[str]  # recipient -> messages LINE accepted for them
    failed_rows: int
    unfinished_rows: int

    def count(self, pick: Callable[[CallSeen], bool]) -> int:
        return sum(1 for call in self.calls if pick(call))

    @property
    def units(self) -> int:
        """LINE's quota: recipients x messages of every accepted push or multicast."""
        return sum(c.recipients * c.messages for c in self.calls if c.status == 200)


def unfinished(db: Database) -> int:
    m = OutboxMessage
    return int(read_only(db, select(func.count()).select_from(m)
                         .where(m.status.in_((PENDING, WORKING))))[0][0])


def send(db: Database, fail_rate: float, seed: int = SEED) -> Sent:
    """The real sender, as `cddbot worker` runs it, until the outbox is drained."""
    with fake_line(fail_rate, seed) as fake:
        settings = Settings.from_env({
            "LINE_CHANNEL_SECRET": secrets.token_hex(16),
            "LINE_CHANNEL_ACCESS_TOKEN": fake.access_token,
            "LINE_API_BASE": fake.base_url,
            "DATABASE_URL": db.url,
        })
        services = Services.from_settings(settings, db=db)
        # One warning a 429 is noise here: the call log counts them. Errors still show.
        logging.getLogger("bot.queue").setLevel(logging.ERROR)
        sender = OutboxSender(services, **queue_options(services))
        stop = threading.Event()
        thread = threading.Thread(target=sender.run, args=(stop,), name="sender", daemon=True)
        load = os.getloadavg()[0]
        started, cpu = time.monotonic(), time.process_time()
        thread.start()
        left = unfinished(db)
        while left and time.monotonic() - started < DRAIN_LIMIT:
            time.sleep(0.1)
            left = unfinished(db)
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
        stop.set()
        sender.wake.set()
        thread.join(timeout=30)
        sender.shutdown()
        services.line.close()
        m = OutboxMessage
        failed = int(read_only(db, select(func.count()).select_from(m)
                               .where(m.status == FAILED))[0][0])
        calls, delivered = fake.finish()
        return Sent(fail_rate, seed, wall, cpu, load, settings.pushes_per_second, calls,
                    delivered, failed, left)


def queue_again(db: Database) -> None:
    """The same rows, pending again with new retry keys: the baseline sends what was sent."""
    t = table_of(OutboxMessage)
    with db.connection() as conn:
        ids = list(conn.scalars(select(t.c.id)))
        conn.execute(
            update(t).where(t.c.id == bindparam("row_id"))
            .values(retry_key=bindparam("new_key"), status=PENDING, attempts=0, locked_by=None,
                    locked_until=None, finished_at=None, last_error=None),
            [{"row_id": i, "new_key": str(uuid.uuid4())} for i in ids])


def country() -> list[dict[str, Any]]:
    with throwaway_database("country") as (database, db):
        started = time.monotonic()
        people = seed_country(db)
        log(f"country ({database}): seeded in {time.monotonic() - started:.1f} s")
        days = volunteer_days_near(db, COUNTRY_DAY.year)
        started = time.monotonic()
        with db.transaction() as session:
            outcome = plan_and_queue(session, COUNTRY_DAY, days, COUNTRY_NOW, rules=COUNTRY_RULES)
        plan_seconds = time.monotonic() - started
        planned = {r[0] for r in read_only(db, select(PlannedReminder.line_user_id).where(
            PlannedReminder.day == COUNTRY_DAY, PlannedReminder.status == PLANNED))}
        queue = queued(db)
        log(f"country ({database}): plan_and_queue took {plan_seconds:.1f} s: "
            f"{len(outcome.planned):,} planned, {len(outcome.held)} held, "
            f"{len(queue.rows):,} outbox rows")
        measured = send(db, FAIL_RATE)
        queue_again(db)
        baseline = send(db, 0.0)
        more = []
        for seed in range(SEED + 1, SEED + 1 + MORE_SEEDS):
            queue_again(db)
            more.append(send(db, FAIL_RATE, seed))
        for sent in (measured, baseline, *more):
            statuses = Counter(c.status for c in sent.calls)
            log(f"country ({database}): {sent.fail_rate:.0%} 429s (seed {sent.seed}): "
                f"{len(sent.calls):,} calls "
                f"{dict(sorted(statuses.items()))}, drained in {sent.wall:.1f} s "
                f"(calls at the sender's pace of {sent.pace:g}/s: "
                f"{len(sent.calls) / sent.pace if sent.pace else 0:.1f} s) "
                f"({sent.cpu:.1f} CPU s in this process, load average {sent.load:.1f} at "
                f"start, fake LINE {'in this process' if FAKE_IN_PROCESS else 'apart'}), "
                f"{sent.failed_rows} rows failed, {sent.unfinished_rows} unfinished, "
                f"{sent.units:,} units")
        return country_rows(database, people, planned, queue, plan_seconds, measured, baseline,
                            more)


def country_rows(database: str, people: People, planned: set[str], queue: Queued,
                 plan_seconds: float, measured: Sent, baseline: Sent,
                 more: list[Sent]) -> list[dict[str, Any]]:
    expected = set(people.leaders) | set(people.officers)  # admins: no volunteer-day text
    by_text = queue.by_text
    shared = {t: rows for t, rows in by_text.items() if sum(len(to) for _, to in rows) > 1}
    as_multicasts = all(
        kind == "multicast" and len(to) <= MULTICAST_LIMIT for rows in shared.values()
        for kind, to in rows) and all(
        len(rows) == math.ceil(sum(len(to) for _, to in rows) / MULTICAST_LIMIT)
        for rows in shared.values())
    shared_recipients = sum(len(to) for rows in shared.values() for _, to in rows)
    kinds = Counter(kind for _, kind, _, _ in queue.rows)
    log(f"country ({database}): {len(by_text):,} distinct texts; {len(shared)} sent to more "
        f"than one person ({shared_recipients:,} recipients in "
        f"{sum(len(r) for r in shared.values())} rows); queued: {dict(kinds)}")

    def is_shared(call: CallSeen) -> bool:
        return call.text in shared

    def duplicates(sent: Sent) -> int:
        return sum(1 for n in sent.delivered.values() if n > 1)

    def losses(sent: Sent) -> int:
        return len(planned - set(sent.delivered))

    pct = f"{measured.fail_rate:.0%} 429s"
    shared_calls = measured.count(is_shared)
    spread = [sent.count(is_shared) for sent in more]
    clean = all(duplicates(s) == 0 and losses(s) == 0 and s.units == len(planned)
                and not s.failed_rows and not s.unfinished_rows for s in more)
    return [
        row(f"country: people planned / expected (leaders + officers) ({database})",
            f"{len(planned):,}/{len(expected):,}", "people", "all", None,
            planned == expected),
        row(f"country: queued multicasts / pushes ({database})",
            f"{kinds['multicast']}/{kinds['push']}", "rows",
            f"same text: multicasts of <= {MULTICAST_LIMIT}", None, as_multicasts),
        row(f"country: API calls for the identical invitation, {pct} ({database})",
            shared_calls, "calls", f"<= {IDENTICAL_CALL_BUDGET}", shared_recipients,
            shared_calls <= IDENTICAL_CALL_BUDGET),
        row(f"country: same, {pct}, seeds {SEED + 1}-{SEED + MORE_SEEDS} ({database})",
            ", ".join(map(str, spread)) or "-", "calls",
            f"(info: {sum(n <= IDENTICAL_CALL_BUDGET for n in spread)} of {len(spread)} "
            f"<= {IDENTICAL_CALL_BUDGET})", None, clean),
        row(f"country: same, with no 429s ({database})", baseline.count(is_shared), "calls",
            "(info)", shared_recipients, True),
        row(f"country: API calls in all, {pct} ({database})", len(measured.calls), "calls",
            "(info)", len(planned), True),
        row(f"country: 429s answered, {pct} ({database})",
            measured.count(lambda c: c.status == 429), "calls", "(info)",
            baseline.count(lambda c: c.status == 429), True),
        row(f"country: send, sender start -> outbox drained, {pct} ({database})",
            round(measured.wall, 1), "s", f"< {SEND_BUDGET_SECONDS:g}", round(baseline.wall, 1),
            measured.wall < SEND_BUDGET_SECONDS and not measured.unfinished_rows),
        row(f"country: planning, plan_and_queue ({database}, {MEMBERS:,} members)",
            round(plan_seconds, 1), "s", "(info)", None, True),
        row(f"country: quota units, {pct} ({database})", measured.units, "units",
            "= people planned", baseline.units, measured.units == len(planned)),
        row(f"country: duplicates, {pct} ({database})", duplicates(measured), "people", "0",
            duplicates(baseline), duplicates(measured) == 0 == duplicates(baseline)),
        row(f"country: losses, {pct} ({database})", losses(measured), "people", "0",
            losses(baseline), losses(measured) == 0 == losses(baseline)
            and measured.failed_rows == 0),
    ]


# --- Part 2: a month in Nong Khai ----------------------------------------------------------

@dataclass(frozen=True)
class Staff:
    line_user_id: str
    district_code: str


@dataclass
class Province:
    centres: dict[int, tuple[str, str]]  # centre id -> (sub-district name, district code)
    leaders: dict[int, list[tuple[int, str]]]  # centre id -> [(member id, name)] by id
    officers: list[Staff]
    reports: dict[date, list[tuple[int, bool]]]  # activity date -> [(centre, for the 3.3 day)]


def officers_by_district(centres_per_district: Counter[str], officers: int) -> Counter[str]:
    """One officer a district, the rest where each officer has the most centres (D'Hondt)."""
    given = Counter({code: 1 for code in centres_per_district})
    for _ in range(officers - len(given)):
        code = max(sorted(given), key=lambda c: centres_per_district[c] / given[c])
        given[code] += 1
    return given


def seed_nong_khai(db: Database, volunteer_day: Day) -> Province:
    with db.transaction() as session:
        seed_divisions(session, [NONG_KHAI])
    centres = {cid: (name, district) for cid, name, district in read_only(
        db, select(Centre.id, Subdistrict.name_th, Subdistrict.district_code)
        .join(Subdistrict, Subdistrict.code == Centre.subdistrict_code)
        .order_by(Subdistrict.code))}
    rng = random.Random(SEED)
    ids = list(centres)
    at = ids + [rng.choice(ids) for _ in range(LEADERS - len(ids))]
    rows = []
    for n, cid in enumerate(at):
        rows.append({"role": "leader", "display_name": f"ผู้นำ{n + 1:03d}", "centre_id": cid,
                     "district_code": centres[cid][1], "province_code": NONG_KHAI})
    per_district = officers_by_district(Counter(d for _, d in centres.values()), OFFICERS)
    for code in sorted(per_district):
        rows += [{"role": "officer", "display_name": f"พัฒนากร {code}-{k + 1}", "centre_id": None,
                  "district_code": code, "province_code": NONG_KHAI}
                 for k in range(per_district[code])]
    rows += [{"role": "admin", "display_name": f"แอดมิน {k + 1}", "centre_id": None,
              "district_code": None, "province_code": NONG_KHAI} for k in range(ADMINS)]
    for n, item in enumerate(rows):
        item.update(line_user_id=f"U{n + 1:032x}", status="active", consented_at=JOINED,
                    created_at=JOINED)
    with db.connection() as conn:
        conn.execute(insert(Member), rows)
    members = read_only(db, select(Member.id, Member.line_user_id, Member.role,
                                   Member.centre_id, Member.district_code, Member.display_name)
                        .order_by(Member.id))
    leaders: dict[int, list[tuple[int, str]]] = {}
    for mid, _, role, cid, _, name in members:
        if role == "leader":
            leaders.setdefault(cid, []).append((mid, name))
    officers = [Staff(line, district) for _, line, role, _, district, _ in members
                if role == "officer"]
    # Who reports when: two thirds before the due-day reminders (some for the 3.3 day, on the
    # day), a few between and after them, the rest not at all.
    order = ids[:]
    rng.shuffle(order)
    early = round(len(order) * EARLY_SHARE)
    first_due = min(Rules().due_date(MONTH.year, MONTH.month) - timedelta(days=d)
                    for d in Rules().due_before)
    reports: dict[date, list[tuple[int, bool]]] = {}
    for k, cid in enumerate(order[:early]):
        if k < FOR_THE_DAY:
            reports.setdefault(volunteer_day.on, []).append((cid, True))
        else:
            on = MONTH + timedelta(days=rng.randrange((first_due - MONTH).days))
            reports.setdefault(on, []).append((cid, False))
    taken = early
    for on, count in LATE:
        reports.setdefault(on, []).extend((cid, False) for cid in order[taken:taken + count])
        taken += count
    log(f"Nong Khai: {len(centres)} centres, {sum(len(v) for v in leaders.values())} leaders, "
        f"officers by district {dict(sorted(per_district.items()))}, {ADMINS} admins; "
        f"{early} centres report before {first_due} ({FOR_THE_DAY} for the 3.3 day), "
        f"{taken - early} after it, {len(order) - taken} never")
    return Province(centres, leaders, officers, reports)


def add_reports(db: Database, province: Province, on: date, volunteer_day: Day) -> None:
    rows = []
    for cid, for_day in province.reports.get(on, []):
        mid, _ = province.leaders[cid][0]
        rows.append({
            "source_event_id": f"bench-{cid}-{on.isoformat()}", "centre_id": cid,
            "member_id": mid, "chat_key": f"user:U{mid:032x}",
            "text": ("ทำความสะอาดวัดและปลูกต้นไม้เนื่องใน" + volunteer_day.name_th) if for_day
            else "ประชุมคณะกรรมการศูนย์ประจำเดือน วางแผนงาน ผู้เข้าร่วม 15 คน",
            "activity_type": "3.3" if for_day else "3.1", "dimension": None,
            "national_day": volunteer_day.key if for_day else None, "sectors": [],
            "participants": 15, "activity_date": on, "confidence": 0.9, "evidence": [],
            "status": "active",
            "created_at": datetime.combine(on, clock(19), BANGKOK).astimezone(UTC)})
    if rows:
        with db.connection() as conn:
            conn.execute(insert(Report), rows)


@dataclass
class Month:
    units: int
    units_by_day: dict[date, int]
    texts_by_day: dict[date, dict[str, list[str]]]  # day -> recipient -> texts queued
    reported_before: dict[date, set[int]]  # day -> centres reported before its planning


def simulate_month(db: Database, province: Province, rules: Rules, day: Day) -> Month:
    setup = ReminderSetup(rules, (NONG_KHAI,), lambda: None)
    m = OutboxMessage
    units_by_day: dict[date, int] = {}
    texts_by_day: dict[date, dict[str, list[str]]] = {}
    reported_before: dict[date, set[int]] = {}
    reported: set[int] = set()
    on = MONTH
    after = (MONTH + timedelta(days=32)).replace(day=1)
    while on <= after:
        last = read_only(db, select(func.coalesce(func.max(m.id), 0)))[0][0]
        plan_due_reminders(db, setup, datetime.combine(on, clock(9, 5), BANGKOK))
        new = read_only(db, select(m.recipients, m.messages).where(m.id > last))
        units_by_day[on] = sum(len(to) * len(messages) for to, messages in new)
        texts: dict[str, list[str]] = {}
        for to, messages in new:
            for person in to:
                texts.setdefault(person, []).extend(msg["text"] for msg in messages)
        texts_by_day[on] = texts
        reported_before[on] = set(reported)
        add_reports(db, province, on, day)
        reported |= {cid for cid, _ in province.reports.get(on, [])}
        on += timedelta(days=1)
    return Month(sum(units_by_day.values()), units_by_day, texts_by_day, reported_before)


def officer_informed(province: Province, month: Month, officer: Staff, rules: Rules,
                     day: Day) -> list[str]:
    """What this officer was not told (empty: all of it): each invitation before the 3.3 day
    with their district's centres, each due-day reminder with exactly their centres not yet
    reported and those centres' leaders."""
    mine = sorted((cid for cid, (_, d) in province.centres.items() if d == officer.district_code),
                  key=lambda cid: province.centres[cid][0])
    gaps = []
    for ahead in rules.volunteer_before:
        on = day.on - timedelta(days=ahead)
        got = month.texts_by_day.get(on, {}).get(officer.line_user_id, [])
        listed = [line.removeprefix("ศูนย์: ").split(", ") for t in got for line in t.split("\n")
                  if line.startswith("ศูนย์: ")]
        if len(got) != 1 or day.name_th not in got[0] or len(listed) != 1 \
                or Counter(listed[0]) != Counter(province.centres[c][0] for c in mine):
            gaps.append(f"{on}: 3.3-day invitation {got!r}")
    due = rules.due_date(MONTH.year, MONTH.month)
    for ahead in rules.due_before:
        on = due - timedelta(days=ahead)
        got = month.texts_by_day.get(on, {}).get(officer.line_user_id, [])
        missing = [c for c in mine if c not in month.reported_before[on]]
        want = {texts.OFFICER_DUE_CENTRE.format(
            centre=subdistrict_name(*province.centres[c]),
            leaders=", ".join(name for _, name in province.leaders.get(c, ()))
            or texts.NO_LEADER) for c in missing}
        lines = {line for t in got for line in t.split("\n") if line.startswith("• ")}
        count = (f"ยังไม่ส่ง {len(missing)} จาก {len(mine)} ศูนย์" if missing
                 else f"ครบทั้ง {len(mine)} ศูนย์")
        if len(got) != 1 or lines != want or count not in got[0]:
            gaps.append(f"{on}: due-day reminder {got!r}, wanted {sorted(want)} ({count})")
    return gaps


def month_in_nong_khai() -> list[dict[str, Any]]:
    results = []
    for label, rules in (("default rules", Rules()),
                         ("every leader", Rules(leaders_per_centre=None))):
        with throwaway_database("month") as (database, db):
            near = volunteer_days_near(db, MONTH.year)
            window = [d for d in near if MONTH - timedelta(days=8) <= d.on
                      <= MONTH + timedelta(days=38)]
            if len(window) != 1:
                raise RuntimeError(f"{MONTH:%m/%Y} was chosen for its one volunteer day "
                                   f"within a week; the calendar now has {window}")
            day = window[0]
            province = seed_nong_khai(db, day)
            started = time.monotonic()
            month = simulate_month(db, province, rules, day)
            took = time.monotonic() - started
            gaps = {o.line_user_id: officer_informed(province, month, o, rules, day)
                    for o in province.officers}
            busy = {d.isoformat(): u for d, u in month.units_by_day.items() if u}
            in_month = sum(u for d, u in month.units_by_day.items() if d.month == MONTH.month)
            log(f"Nong Khai ({database}), {label}: {month.units} units {busy} "
                f"({in_month} within {MONTH:%B}, LINE's quota month); "
                f"{sum(not g for g in gaps.values())}/{len(gaps)} officers informed; "
                f"31 days planned in {took:.1f} s")
            for officer, missed in gaps.items():
                for gap in missed:
                    log(f"  officer {officer} not told: {gap}")
            results.append((database, month, gaps))
    (database, month, gaps), (_, every, every_gaps) = results
    informed = sum(not g for g in gaps.values())
    period = f"{MONTH:%m/%Y}"
    first, last = f"{MONTH:%-d/%m}", f"{max(month.units_by_day):%-d/%m}"
    return [
        row(f"Nong Khai {period}, default rules: quota units queued {first}-{last} "
            f"({database})", month.units,
            "units", f"<= {MONTH_UNIT_BUDGET}", every.units, month.units <= MONTH_UNIT_BUDGET),
        row(f"Nong Khai {period}, default rules: officers told what they need ({database})",
            f"{informed}/{len(gaps)}", "officers", "all",
            f"{sum(not g for g in every_gaps.values())}/{len(every_gaps)}",
            informed == len(gaps)),
    ]


def row(name: str, value: Any, unit: str, budget: str, baseline: Any,
        ok: bool) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "budget": budget,
            "baseline": baseline, "ok": bool(ok)}


def log(message: str) -> None:
    print(f"reminders_bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    from benchmarks.run import format_table

    print(format_table(run()))
