"""Drain benchmark (issue #13): how fast `cddbot worker` processes empty a full inbox on
PostgreSQL, one worker and then two, against the fake LINE platform answering in 100 ms.

No web and no load generator: a throw-away database on DRAIN_BENCH_DATABASE's server
(created, migrated with `models.migrate.upgrade`, seeded with Nong Khai's centres by
`models.seed.seed_divisions`, dropped at the end, also on errors) gets 2,000 registered
leaders (consented to the current PDPA notice) and 20,000 text reports, 10 a leader, stored
by the webhook's own `bot.webhook.store_events` from signed webhook bodies of 1-5 events, each
event with a reply token the fake issued for its leader and timestamps in each chat's order.
While the benchmark holds every chat row locked (`Hold`: the workers claim only events of
chats they can lock, SKIP LOCKED), the worker processes are started and left to settle
(imports, PyThaiNLP, the sender child) and their CPU is read; committing the hold lets them
all go at once: the drain starts there. It ends when the fake has accepted the last reply;
the inbox and the outbox are then empty.

Figures: events/s (events / drain time), the drain time, CPU ms per event of the worker
processes with their sender children (utime + stime from /proc of every process in each
worker's session), beside the budgets (one worker >= 500 events/s; two >= 1.6 x one). Checks
on the result: once-only (every event's reply token got exactly one reply call, accepted; one
report per event; nothing failed) and per-chat order (the replies the fake accepted for a
chat, in the order it accepted them, are the chat's events in inbox order).

Every round runs on a fresh database and a fresh fake, so the two rounds start alike.
Knobs (environment): DRAIN_BENCH_DATABASE (postgresql://postgres@127.0.0.1:5432/postgres),
DRAIN_BENCH_EVENTS (20000), DRAIN_BENCH_CHATS (2000), DRAIN_BENCH_WORKERS ("1,2": the rounds),
DRAIN_BENCH_TIMEOUT (900 s a round), DRAIN_BENCH_KEEP=1 (keep the temp dir with the logs),
DRAIN_BENCH_ANALYZE_SECONDS (0: off; > 0: ANALYZE the two queue tables that often during the
drain, standing in for autovacuum, which the reference server does not run).
The bot's own variables (WORKER_BATCH, SENDER_CONCURRENCY, ...) pass through to the workers.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import throwaway_database as shared_throwaway  # noqa: E402
from benchmarks.webhook_bench import (  # noqa: E402 (after the path set-up)
    Fake,
    Processes,
    _check_clocks,
    _tool,
    free_port,
    group_cpu_seconds,
    live_processes,
    report_texts,
    wait_until,
)

SERVER = os.environ.get("DRAIN_BENCH_DATABASE",
                        "postgresql://postgres@127.0.0.1:5432/postgres")
EVENTS = int(os.environ.get("DRAIN_BENCH_EVENTS", "20000"))
CHATS = int(os.environ.get("DRAIN_BENCH_CHATS", "2000"))
ROUNDS = [int(n) for n in os.environ.get("DRAIN_BENCH_WORKERS", "1,2").split(",") if n.strip()]
TIMEOUT = float(os.environ.get("DRAIN_BENCH_TIMEOUT", "900"))
# > 0: ANALYZE the queues this often during the drain (this server runs no autovacuum).
ANALYZE_SECONDS = float(os.environ.get("DRAIN_BENCH_ANALYZE_SECONDS", "0"))
LINE_DELAY = 0.1  # the fake answers every LINE API call after 100 ms
PROVINCE = "43"  # Nong Khai
EVENTS_PER_REQUEST = {1: 0.45, 2: 0.30, 3: 0.12, 4: 0.08, 5: 0.05}  # as webhook_bench

ONE_WORKER_BUDGET = 500.0  # events/s
SCALE_BUDGET = 1.6  # two workers / one worker


@dataclass
class Round:
    workers: int
    events: int = 0
    chats: int = 0
    fill_s: float = 0.0
    drain_s: float = math.inf  # release -> the fake accepted the last reply
    inbox_s: float = math.inf  # release -> the last inbox event done (its finished_at)
    events_per_s: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # role -> CPU seconds in the drain
    postgres_cpu_s: float = 0.0
    fake_cpu_s: float = 0.0
    machine_busy_cores: float = 0.0
    load_before: float = 0.0
    answered: int = 0
    answered_twice: int = 0
    unanswered: int = 0
    rejected_replies: int = 0
    pushes: int = 0
    reports: int = 0
    duplicate_reports: int = 0
    inbox_not_done: int = 0
    inbox_retried: int = 0
    outbox_not_done: int = 0
    chats_out_of_order: int = 0
    chats_checked: int = 0
    reply_kinds: Counter[str] = field(default_factory=Counter)

    @property
    def worker_cpu_s(self) -> float:
        return sum(self.cpu.values())

    @property
    def cpu_ms_per_event(self) -> float:
        return 1000 * self.worker_cpu_s / self.events if self.events else math.inf

    @property
    def once_only(self) -> bool:
        return (self.answered == self.events and self.answered_twice == 0
                and self.unanswered == 0 and self.reports == self.events
                and self.duplicate_reports == 0 and self.inbox_not_done == 0
                and self.outbox_not_done == 0)


# ----- the database -------------------------------------------------------------------------


def throwaway_database(server: str) -> AbstractContextManager[str]:
    return shared_throwaway(server, "cddbot_drain_bench")


def prepare(url: str, leaders: int) -> list[str]:
    """Migrate, seed Nong Khai, and register `leaders` leaders (bulk, Core), consented to the
    current notice so the bot handles their reports at once."""
    from sqlalchemy import insert, select

    from handlers.texts import PDPA_NOTICE_VERSION
    from models.base import table_of, utcnow
    from models.divisions import Centre
    from models.members import Member
    from models.migrate import upgrade
    from models.seed import seed_divisions
    from models.session import Database

    upgrade(url)
    db = Database(url)
    try:
        with db.transaction() as session:
            seed_divisions(session, (PROVINCE,))
        with db.transaction() as session:
            centres = session.execute(
                select(Centre.id, Centre.subdistrict_code).order_by(Centre.id)).all()
            now = utcnow()
            rows: list[dict[str, Any]] = []
            for i in range(leaders):
                centre_id, subdistrict = centres[i % len(centres)]
                rows.append({
                    "line_user_id": "U" + uuid.uuid4().hex, "display_name": f"ผู้นำ {i + 1}",
                    "role": "leader", "status": "active", "centre_id": centre_id,
                    "district_code": subdistrict[:4], "province_code": subdistrict[:2],
                    "consented_at": now, "consent_version": PDPA_NOTICE_VERSION,
                    "created_at": now})
            session.execute(insert(table_of(Member)), rows)
    finally:
        db.dispose()
    return [str(row["line_user_id"]) for row in rows]


@dataclass
class Planned:
    token: str
    chat_key: str
    event_id: str


def stored_report_texts() -> list[str]:
    """The dev set's activity texts that the classifier takes for reports (a few it takes for
    chatter, which the bot answers with a question and does not store): every event then
    takes the whole path, classify, store a report, reply with the receipt card."""
    from datetime import UTC, datetime

    from classifier import classify
    from thaitext import thai_date

    today = thai_date(datetime.now(UTC))
    texts = report_texts()
    kept = []
    for text in texts:
        result = classify(text, today)
        if result.activity_type is not None or result.abstain:
            kept.append(text)
    print(f"drain_bench: {len(kept)} of the dev set's {len(texts)} activity texts are taken "
          "for reports; the events use those", file=sys.stderr, flush=True)
    return kept


def fill_inbox(url: str, secret: str, fake: Fake, leaders: list[str], events: int,
               rng: random.Random) -> list[Planned]:
    """`events` text reports, round-robin over the leaders (so each chat's events are spread
    over the whole inbox, as on a busy morning), in webhook bodies of 1-5 events signed with
    the channel secret, each body parsed and stored by the webhook's own store_events. Each
    chat's events carry increasing timestamps and are stored in that order. Returns them in
    the order stored."""
    from linebot.v3.webhook import SignatureValidator

    from bot.webhook import chat_key, store_events
    from linefake.webhook import signed_webhook, text_event
    from models.session import Database

    texts = stored_report_texts()
    validator = SignatureValidator(secret)
    base_ms = int(time.time() * 1000) - 2 * 3600 * 1000  # this morning, in order from here
    planned: list[Planned] = []
    order: list[dict[str, Any]] = []
    for i in range(events):
        leader = leaders[i % len(leaders)]
        token = fake.issue_reply_token(leader)
        event = text_event(leader, rng.choice(texts), token, timestamp_ms=base_ms + i * 300)
        order.append(event)
        planned.append(Planned(token, chat_key(event), event["webhookEventId"]))
    sizes, weights = zip(*EVENTS_PER_REQUEST.items(), strict=True)
    db = Database(url)
    try:
        start = 0
        while start < len(order):
            size = rng.choices(sizes, weights)[0]
            body, headers = signed_webhook(secret, order[start:start + size])
            text = body.decode("utf-8")
            if not validator.validate(text, headers["X-Line-Signature"]):
                raise RuntimeError("the benchmark's own signature does not verify")
            store_events(db, json.loads(text)["events"])  # what POST /callback does
            start += size
    finally:
        db.dispose()
    return planned


class Hold:
    """Every chat row locked (FOR UPDATE) in a transaction of the benchmark's own: a worker
    on PostgreSQL claims only events of chats it can lock (SKIP LOCKED), so the workers start,
    settle and wait, and committing this transaction lets them all go at once. Nothing in the
    inbox is written, so the drain starts on the rows exactly as the webhook stored them."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine, text

        self.engine = create_engine(url)
        self.conn = self.engine.connect()
        self.chats = len(self.conn.execute(
            text("SELECT key FROM chats ORDER BY key FOR UPDATE")).all())

    def claimed(self) -> int:
        from sqlalchemy import text

        return int(self.conn.execute(
            text("SELECT count(*) FROM inbox_events WHERE status <> 'pending'")).scalar_one())

    def release(self) -> tuple[float, float]:
        """Commit: every chat free. Returns (monotonic, wall clock) when that committed."""
        self.conn.commit()
        at = time.monotonic(), time.time()
        self.close()
        return at

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()


# ----- CPU ----------------------------------------------------------------------------------


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])
    return total - idle, total


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds of the server processes serving `database` (its backends), by pid."""
    return {p.pid: p.cpu_seconds for p in live_processes()
            if p.cmdline.startswith("postgres: ") and f" {database} " in p.cmdline}


def worker_cpu(procs: Processes, names: list[str]) -> dict[str, float]:
    """CPU seconds of each worker's session: the worker itself and its children (the outbox
    sender, multiprocessing's resource tracker)."""
    found: dict[str, float] = {}
    for name in names:
        pid = procs.running[name].pid
        for key, seconds in group_cpu_seconds(pid).items():
            role = "worker" if int(key.split()[0]) == pid else (
                "sender" if "spawn_main" in key or "multiprocessing" in key else "other")
            found[f"{name} {role} {key.split()[0]}"] = seconds
    return found


# ----- the checks ---------------------------------------------------------------------------


def check(rnd: Round, url: str, planned: list[Planned], calls: list[dict[str, Any]],
          released_at: float) -> None:
    from sqlalchemy import create_engine, text

    token_of = {p.token: p for p in planned}
    per_token: Counter[str] = Counter()
    accepted: dict[str, tuple[float, int]] = {}  # token -> (at, position in the call log)
    for position, call in enumerate(calls):
        token = (call.get("body") or {}).get("replyToken")
        if token not in token_of:
            continue
        per_token[token] += 1
        if call["status"] == 200:
            accepted[token] = (call["at"], position)
            for message in (call.get("body") or {}).get("messages", []):
                rnd.reply_kinds[message.get("type", "?")] += 1
        else:
            rnd.rejected_replies += 1
    rnd.answered = len(accepted)
    rnd.answered_twice = sum(1 for n in per_token.values() if n > 1)
    rnd.unanswered = sum(1 for p in planned if p.token not in accepted)

    engine = create_engine(url)
    with engine.connect() as conn:
        inbox = conn.execute(text(
            "SELECT id, webhook_event_id, chat_key, status, attempts FROM inbox_events "
            "WHERE event_type <> 'timer' ORDER BY id")).all()
        rnd.outbox_not_done = conn.execute(text(
            "SELECT count(*) FROM outbox_messages WHERE status <> 'done'")).scalar_one()
        rnd.reports = conn.execute(text("SELECT count(*) FROM reports")).scalar_one()
        last = conn.execute(text("SELECT max(finished_at) FROM inbox_events")).scalar_one()
        rnd.duplicate_reports = conn.execute(text(
            "SELECT count(*) FROM (SELECT source_event_id FROM reports "
            "GROUP BY source_event_id HAVING count(*) > 1) d")).scalar_one()
    engine.dispose()
    rnd.inbox_s = last.timestamp() - released_at if last is not None else math.inf
    rnd.inbox_not_done = sum(1 for row in inbox if row.status != "done")
    rnd.inbox_retried = sum(1 for row in inbox if row.attempts > 1)

    # Per-chat order: the chat's events in inbox (id) order, against the order in which the
    # fake accepted their replies (its stamp, taken after the delay; then its log position).
    by_event = {p.event_id: p for p in planned}
    inbox_order: dict[str, list[str]] = defaultdict(list)
    for row in inbox:
        p = by_event.get(row.webhook_event_id)
        if p is not None:
            inbox_order[row.chat_key].append(p.token)
    planned_order: dict[str, list[str]] = defaultdict(list)
    for p in planned:
        planned_order[p.chat_key].append(p.token)
    if inbox_order != planned_order:
        raise RuntimeError("the inbox does not hold each chat's events in the order stored")
    rnd.chats_checked = len(inbox_order)
    rnd.chats_out_of_order = out_of_order(inbox_order, accepted)


def out_of_order(inbox_order: dict[str, list[str]],
                 accepted: dict[str, tuple[float, int]]) -> int:
    """Chats whose replies the fake accepted in another order than their events' (a reply
    never accepted is counted by the once-only check, not here)."""
    wrong = 0
    for tokens in inbox_order.values():
        answered = [t for t in tokens if t in accepted]
        if sorted(answered, key=lambda t: accepted[t]) != answered:
            wrong += 1
    return wrong


# ----- a round ------------------------------------------------------------------------------


def run_round(workers: int, tmp: Path) -> Round:
    rnd = Round(workers)
    rng = random.Random(20261313 + workers)
    secret, token = secrets.token_hex(16), secrets.token_hex(24)
    fake_port = free_port()
    base_url = f"http://127.0.0.1:{fake_port}"
    log_dir = tmp / f"workers{workers}"
    log_dir.mkdir()
    procs = Processes(log_dir)
    names = [f"worker{n}" for n in range(workers)]
    hold: Hold | None = None
    with throwaway_database(SERVER) as url:
        database = url.rsplit("/", 1)[1]
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")])),
            "DATABASE_URL": url,
            "LINE_CHANNEL_SECRET": secret,
            "LINE_CHANNEL_ACCESS_TOKEN": token,
            "LINE_API_BASE": base_url,
            "MEDIA_DIR": str(tmp / "media"),
            "BOT_PROVINCES": PROVINCE,
            "PYTHONUNBUFFERED": "1",
        }
        try:
            started = time.monotonic()
            leaders = prepare(url, CHATS)
            procs.start("linefake", [sys.executable, "-m", "linefake", "--token", token,
                                     "--port", str(fake_port)], env)
            fake = Fake(base_url, token)
            wait_until(lambda: fake.control("GET", "ping")["ok"], 30, "the fake LINE platform")
            _check_clocks(fake)
            fake.set_delay(LINE_DELAY)
            planned = fill_inbox(url, secret, fake, leaders, EVENTS, rng)
            rnd.events, rnd.chats = len(planned), len({p.chat_key for p in planned})
            rnd.fill_s = time.monotonic() - started
            print(f"drain_bench: {workers} worker(s): {rnd.events} events of {rnd.chats} chats "
                  f"stored in {rnd.fill_s:.1f} s; starting the workers", file=sys.stderr,
                  flush=True)

            hold = Hold(url)
            for name in names:
                procs.start(name, _tool("cddbot", "bot") + ["worker"], env)
            for name in names:
                wait_until(lambda n=name: ready(procs.log(n, 200)), 120,
                           "cddbot worker and its sender")
            time.sleep(1.0)  # the workers go idle
            for name in names:
                procs.check(name)
            if hold.claimed():
                raise RuntimeError("the workers claimed events while every chat was locked: "
                                   "the hold does not hold, the drain cannot be timed")

            rnd.load_before = os.getloadavg()[0]
            cpu_before = worker_cpu(procs, names)
            pg_before = postgres_cpu(database)
            fake_before = sum(group_cpu_seconds(procs.running["linefake"].pid).values())
            machine_before = machine_jiffies()
            t0, t0_wall = hold.release()
            done_at = wait_drained(url, t0, procs, names)
            machine_after = machine_jiffies()
            cpu_after = worker_cpu(procs, names)
            pg_after = postgres_cpu(database)
            fake_after = sum(group_cpu_seconds(procs.running["linefake"].pid).values())

            calls = fake.calls("/v2/bot/message/reply")
            ours = {p.token for p in planned}
            stamps = [c["at"] for c in calls if c["status"] == 200
                      and (c.get("body") or {}).get("replyToken") in ours]
            rnd.drain_s = (max(stamps) - t0) if stamps else math.inf
            rnd.events_per_s = rnd.events / rnd.drain_s if stamps else 0.0
            roles: dict[str, float] = defaultdict(float)
            for key, seconds in cpu_after.items():
                roles[key.split()[1]] += seconds - cpu_before.get(key, 0.0)
            rnd.cpu = dict(roles)
            # A backend that closed during the drain took its CPU with it: at least this.
            rnd.postgres_cpu_s = sum(s - pg_before.get(pid, 0.0) for pid, s in pg_after.items())
            rnd.fake_cpu_s = fake_after - fake_before
            busy = machine_after[0] - machine_before[0]
            total = machine_after[1] - machine_before[1]
            ncpu = os.cpu_count() or 1
            rnd.machine_busy_cores = ncpu * busy / total if total else 0.0
            rnd.pushes = len(fake.calls("/v2/bot/message/push"))
            for name in names:
                procs.check(name)
            check(rnd, url, planned, calls, t0_wall)
            print(f"drain_bench: {workers} worker(s): drained in {rnd.drain_s:.1f} s "
                  f"(last inbox event done after {rnd.inbox_s:.1f} s, both queues seen empty "
                  f"after {done_at - t0:.1f} s), {rnd.events_per_s:.0f} events/s; CPU s in the "
                  f"drain: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(rnd.cpu.items()))
                  + f" = {rnd.cpu_ms_per_event:.2f} ms an event; PostgreSQL backends "
                  f"{rnd.postgres_cpu_s:.1f} s ({1000 * rnd.postgres_cpu_s / rnd.events:.2f} "
                  f"ms an event), fake LINE {rnd.fake_cpu_s:.1f} s; machine busy "
                  f"{rnd.machine_busy_cores:.2f} of {ncpu} cores; load average before "
                  f"{rnd.load_before:.2f}; answered {rnd.answered}/{rnd.events}, twice "
                  f"{rnd.answered_twice}, rejected {rnd.rejected_replies}, pushes {rnd.pushes}, "
                  f"reports {rnd.reports} (duplicates {rnd.duplicate_reports}), inbox not done "
                  f"{rnd.inbox_not_done} (retried {rnd.inbox_retried}), outbox not done "
                  f"{rnd.outbox_not_done}, chats out of order {rnd.chats_out_of_order}/"
                  f"{rnd.chats_checked}, reply messages {dict(rnd.reply_kinds)}",
                  file=sys.stderr, flush=True)
        except BaseException:
            for name in (*names, "linefake"):
                text = procs.log(name, 15)
                if text:
                    print(f"--- {name} log (last lines) ---\n{text}", file=sys.stderr)
            raise
        finally:
            procs.stop_all()
            if hold is not None:
                hold.close()
    return rnd


def ready(log: str) -> bool:
    """The worker's log says its loop and its sender child's loop have started."""
    return "worker running" in log and re.search(r"sender@\S+ started", log) is not None


def wait_drained(url: str, t0: float, procs: Processes, names: list[str]) -> float:
    """Poll (cheaply: an EXISTS a queue, twice a second) until no inbox event and no outbox
    message is pending or working; returns when that was seen. With DRAIN_BENCH_ANALYZE_SECONDS,
    ANALYZE the two queues that often meanwhile (what autovacuum would do on a server that
    runs it)."""
    from sqlalchemy import create_engine, text

    unfinished = ("SELECT EXISTS (SELECT 1 FROM inbox_events WHERE status IN "
                  "('pending', 'working')) OR EXISTS (SELECT 1 FROM outbox_messages WHERE "
                  "status IN ('pending', 'working'))")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    next_analyze = t0 + ANALYZE_SECONDS if ANALYZE_SECONDS > 0 else math.inf
    try:
        with engine.connect() as conn:
            deadline = t0 + TIMEOUT
            while time.monotonic() < deadline:
                if not conn.execute(text(unfinished)).scalar_one():
                    return time.monotonic()
                if time.monotonic() >= next_analyze:
                    conn.execute(text("ANALYZE inbox_events, outbox_messages"))
                    next_analyze += ANALYZE_SECONDS
                for name in names:
                    procs.check(name)
                time.sleep(0.5)
    finally:
        engine.dispose()
    raise RuntimeError(f"the queues were not empty {TIMEOUT:g} s after the release")


# ----- the run ------------------------------------------------------------------------------


def run() -> list[dict[str, Any]]:
    tmp = Path(tempfile.mkdtemp(prefix="drain-bench-"))
    rounds: list[Round] = []
    try:
        for workers in ROUNDS:
            rounds.append(run_round(workers, tmp))
    finally:
        if os.environ.get("DRAIN_BENCH_KEEP"):
            print(f"drain_bench: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows(rounds)


def rows(rounds: list[Round]) -> list[dict[str, Any]]:
    one = next((r for r in rounds if r.workers == 1), None)
    out: list[dict[str, Any]] = []
    for r in rounds:
        label = f"{r.workers} worker{'s' if r.workers > 1 else ''}"
        size = f"{r.events} events, {r.chats} chats, PostgreSQL" + (
            f", ANALYZE every {ANALYZE_SECONDS:g} s" if ANALYZE_SECONDS > 0 else "")
        if r.workers == 1:
            out.append({"name": f"drain, {label} ({size})", "value": round(r.events_per_s, 1),
                        "unit": "ev/s", "budget": f">= {ONE_WORKER_BUDGET:g}", "baseline": None,
                        "ok": r.events_per_s >= ONE_WORKER_BUDGET})
        else:
            base = one.events_per_s if one is not None else None
            ratio = r.events_per_s / base if base else math.inf
            budget = SCALE_BUDGET * (r.workers / 2)
            out.append({"name": f"drain, {label} ({size})", "value": round(r.events_per_s, 1),
                        "unit": "ev/s", "budget": "(info)",
                        "baseline": round(base, 1) if base is not None else None, "ok": True})
            out.append({"name": f"drain, {label} / 1 worker", "value": round(ratio, 2),
                        "unit": "x", "budget": f">= {budget:g}", "baseline": None,
                        "ok": base is not None and ratio >= budget})
        out += [
            {"name": f"drain, {label}: time to drain (release -> last reply at LINE)",
             "value": round(r.drain_s, 1), "unit": "s", "budget": "(info)",
             "baseline": None, "ok": True},
            {"name": f"drain, {label}: CPU per event (workers + sender children)",
             "value": round(r.cpu_ms_per_event, 2), "unit": "ms", "budget": "(info)",
             "baseline": None, "ok": True},
            {"name": f"drain, {label}: once-only (answered / twice / reports / not done)",
             "value": f"{r.answered}/{r.events} / {r.answered_twice} / {r.reports} / "
                      f"{r.inbox_not_done + r.outbox_not_done}",
             "unit": "", "budget": f"all / 0 / {r.events} / 0", "baseline": None,
             "ok": r.once_only},
            {"name": f"drain, {label}: chats whose replies came out of order",
             "value": f"{r.chats_out_of_order}/{r.chats_checked}", "unit": "chats",
             "budget": "0", "baseline": None,
             "ok": r.chats_out_of_order == 0 and r.chats_checked == r.chats},
        ]
    return out


if __name__ == "__main__":
    from benchmarks.run import format_table

    print(format_table(run()))
