"""Issue #11's budget: a month's status (models/stats.py) for the country, a province (43)
and a district (4301), over every centre of the country and a year of reports.

For SQLite (a file in a temp dir) and PostgreSQL (a throw-away database on the loopback
server, dropped at the end): migrate, seed all 7,436 centres and one leader each, bulk-load
STATS_BENCH_REPORTS reports (1,000,000) over 12 months with their photos, then time each
call several times and keep the median. Baseline, same run and database: a plain COUNT(*)
of the same month's reports in the same area.

Run ``python -m benchmarks.run stats`` (or ``python -m benchmarks.stats_bench``); ``run()``
returns the rows.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from datetime import time as clock
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session

from benchmarks.throwaway import throwaway_database
from models.divisions import Centre, District, Subdistrict
from models.members import Member
from models.migrate import upgrade
from models.reports import Photo, Report
from models.seed import seed_divisions
from models.session import Database
from models.stats import (
    DIMENSIONS,
    SECTORS,
    Month,
    Scope,
    not_reported,
    ranking,
    report_lines,
    status,
    summary,
)
from reporting.workbook import monthly_workbook

REPORTS = int(os.environ.get("STATS_BENCH_REPORTS", "1000000"))
REPEAT = int(os.environ.get("STATS_BENCH_REPEAT", "7"))
# The PostgreSQL server to make a throw-away database on; "" skips PostgreSQL.
SERVER = os.environ.get("STATS_BENCH_DATABASE", "postgresql://postgres@127.0.0.1:5432/postgres")
BATCH = 50_000
MONTHS = [Month(2025 + (11 + i) // 12, (11 + i) % 12 + 1) for i in range(12)]  # Dec-Nov
MEASURED = Month(2026, 10)
BUDGET_MS = {"PostgreSQL": 300.0, "SQLite": 1000.0}
SCOPES = (("country", Scope("country", "TH")), ("province 43", Scope("province", "43")),
          ("district 4301", Scope("district", "4301")))
SILENT_EVERY = 9  # one centre in nine never reports, so not_reported has work to do
TEXTS = (
    "ประชุมคณะกรรมการศูนย์ผู้นำจิตอาสาพัฒนาชุมชนประจำเดือน วางแผนงานและติดตามผลการดำเนินงาน "
    "ร่วมกับ อบต. และผู้ใหญ่บ้าน ผู้เข้าร่วม {n} คน",
    "ซ่อมแซมบ้านให้ผู้สูงอายุที่อยู่คนเดียว ร่วมกับ อสม. วัด และโรงเรียน ทาสีและเปลี่ยนหลังคา "
    "ผู้นำ อช. ร่วมกิจกรรม {n} คน",
    "จิตอาสาทำความสะอาดวัดและถนนในหมู่บ้านเนื่องในวันนวมินทรมหาราช ปลูกต้นไม้ริมถนน "
    "ร่วมกับประชาชนในตำบล {n} คน",
    "อบรมการทำน้ำยาล้างจานและสบู่สมุนไพรให้กลุ่มแม่บ้าน เพื่อสร้างรายได้เสริม "
    "วิทยากรจากสำนักงานพัฒนาชุมชนอำเภอ ผู้เข้าร่วม {n} คน",
)
NATIONAL_DAYS = ("king9_memorial_oct13", "chulalongkorn_oct23", "king_birthday_jul28",
                 "queen_mother_aug12", "king9_birthday_dec5", "wan_phra")
# Timed for information (no budget), for the country and the province.
INFO_CALLS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("summary", summary), ("not_reported", not_reported), ("ranking", ranking),
    ("report_lines", report_lines))
TYPES = ("3.1",) * 8 + ("3.2",) * 7 + ("3.3",) * 4 + (None,)


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="stats_bench_") as tmp:
        rows += _bench("SQLite", f"sqlite:///{Path(tmp) / 'stats.sqlite3'}")
    if SERVER:
        with _throwaway_postgres(SERVER) as url:
            rows += _bench("PostgreSQL", url)
    return rows


def _throwaway_postgres(server: str) -> AbstractContextManager[str]:
    return throwaway_database(server, "cddbot_stats_bench")


def _bench(database: str, url: str) -> list[dict[str, Any]]:
    started = time.monotonic()
    upgrade(url)
    db = Database(url)
    try:
        counts = _seed(db)
        _log(f"{database}: seeded {counts} in {time.monotonic() - started:.0f} s")
        return _measure(database, db)
    finally:
        db.dispose()


# --- Seeding -------------------------------------------------------------------------------

def _seed(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        seed_divisions(session, None)
        centres = list(session.scalars(select(Centre.id).order_by(Centre.id)))
    with db.connection() as conn:
        conn.execute(insert(Member), [
            {"id": c, "line_user_id": f"Ubench{c:06d}", "display_name": f"ผู้นำ {c}",
             "role": "leader", "centre_id": c, "status": "active",
             "created_at": datetime(2025, 1, 1, tzinfo=UTC)} for c in centres])
    load = _copy if db.dialect == "postgresql" else _executemany
    reports = photos = 0
    for report_batch, photo_batch in _batches(centres):
        with db.connection() as conn:
            load(conn, Report.__tablename__, report_batch)
            load(conn, Photo.__tablename__, photo_batch)
        reports, photos = reports + len(report_batch), photos + len(photo_batch)
    _settle(db)
    return {"centres": len(centres), "reports": reports, "photos": photos}


def _batches(centres: list[int]) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Reports in date order, as they arrive in life, with their photos, BATCH at a time."""
    rng = random.Random(11)
    reporting = [c for i, c in enumerate(centres) if i % SILENT_EVERY]
    reports: list[dict[str, Any]] = []
    photos: list[dict[str, Any]] = []
    for index in range(REPORTS):
        month = MONTHS[index * len(MONTHS) // REPORTS]
        report = _report(rng, index + 1, rng.choice(reporting), month)
        reports.append(report)
        photos += _photos(rng, report, len(photos))
        if len(reports) == BATCH:
            yield reports, photos
            reports, photos = [], []
    if reports:
        yield reports, photos


def _report(rng: random.Random, report_id: int, centre_id: int, month: Month) -> dict[str, Any]:
    activity_type = rng.choice(TYPES)
    participants = rng.randint(5, 120) if rng.random() > 0.1 else None
    day = date(month.year, month.month, rng.randint(1, 28))
    return {
        "id": report_id, "source_event_id": f"bench{report_id}", "centre_id": centre_id,
        "member_id": centre_id, "chat_key": f"Ubench{centre_id:06d}",
        "text": rng.choice(TEXTS).format(n=participants or "หลาย"),
        "activity_type": activity_type,
        "dimension": rng.choice(DIMENSIONS) if activity_type == "3.2" else None,
        "national_day": rng.choice(NATIONAL_DAYS) if activity_type == "3.3" else None,
        "sectors": json.dumps(rng.sample(SECTORS, rng.randint(0, 3)), ensure_ascii=False),
        "participants": participants, "activity_date": day, "confidence": 0.8,
        "evidence": "[]", "status": "cancelled" if rng.random() < 0.02 else "active",
        "created_at": datetime.combine(day, clock(10), UTC),
    }


def _photos(rng: random.Random, report: dict[str, Any], offset: int) -> list[dict[str, Any]]:
    return [
        {"line_message_id": f"p{report['id']}-{n}", "report_id": report["id"],
         "member_id": report["member_id"], "status": "failed" if rng.random() < 0.1 else "stored",
         "created_at": report["created_at"]}
        for n in range(rng.choice((0, 0, 1, 2, 3, 4)))
    ]


def _executemany(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """SQLite: one prepared INSERT run over the batch by the driver, values as SQLite keeps
    them (ISO dates, JSON text), so no per-row type processing in Python."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    _driver(conn).executemany(
        sql, [tuple(_sqlite_value(row[c]) for c in columns) for row in rows])


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _copy(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY FROM STDIN, the fastest way in."""
    if not rows:
        return
    columns = list(rows[0])
    with _driver(conn).cursor() as cursor, \
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _driver(conn: Connection) -> Any:
    """The DB-API connection under `conn`, inside the transaction `conn` has begun."""
    driver = conn.connection.driver_connection
    assert driver is not None
    return driver


def _settle(db: Database) -> None:
    """What the database does to a table that has settled: PostgreSQL's autovacuum (the
    visibility map that lets index-only scans skip the table, planner statistics) and the
    id sequences past the loaded ids. SQLite is left as production leaves it: no ANALYZE."""
    if db.dialect != "postgresql":
        return
    with db.connection() as conn:
        for table in ("members", "reports", "photos"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


# --- Measuring -----------------------------------------------------------------------------

def _measure(database: str, db: Database) -> list[dict[str, Any]]:
    rows = [_status_row(database, db, label, scope) for label, scope in SCOPES]
    with db.sessions() as session:
        total = status(session, SCOPES[0][1], MEASURED).total
    _log(f"{database}: {MEASURED.month:02d}/{MEASURED.year}, country: {total.reports} reports, "
         f"{total.centres_reported}/{total.centres} centres, {total.photos} photos")
    rows.append(_monthly_file_row(database, db))
    for name, call in INFO_CALLS:
        for label, scope in SCOPES[:2]:
            took = _median_ms(db, partial(call, scope=scope, month=MEASURED))
            rows.append({"name": f"{name}, {label} ({database})", "value": round(took, 1),
                         "unit": "ms", "budget": "(info)", "baseline": None, "ok": True})
    return rows


FILE_BUDGET_MS = 3000


def _monthly_file(session: Session, scope: Scope, month: Month) -> bytes:
    """What the export link serves: the three queries and the workbook built from them."""
    return monthly_workbook(summary(session, scope, month), report_lines(session, scope, month),
                            not_reported(session, scope, month))


def _monthly_file_row(database: str, db: Database) -> dict[str, Any]:
    """Nong Khai's monthly file, beside the status of the same area as a baseline."""
    scope = SCOPES[1][1]
    ours = _median_ms(db, partial(_monthly_file, scope=scope, month=MEASURED))
    baseline = _median_ms(db, partial(status, scope=scope, month=MEASURED))
    return {"name": f"monthly file, province 43, {MEASURED.month:02d}/{MEASURED.year} "
                    f"({database})",
            "value": round(ours, 1), "unit": "ms", "budget": f"< {FILE_BUDGET_MS}",
            "baseline": round(baseline, 1), "ok": ours < FILE_BUDGET_MS}


def _status_row(database: str, db: Database, label: str, scope: Scope) -> dict[str, Any]:
    budget = BUDGET_MS[database]
    ours = _median_ms(db, partial(status, scope=scope, month=MEASURED))
    baseline = _median_ms(db, partial(_plain_count, scope=scope, month=MEASURED))
    return {"name": f"status, {label}, {MEASURED.month:02d}/{MEASURED.year} "
                    f"({database}, {REPORTS:,} reports)",
            "value": round(ours, 1), "unit": "ms", "budget": f"< {budget:g}",
            "baseline": round(baseline, 1), "ok": ours < budget}


def _median_ms(db: Database, call: Callable[[Session], Any]) -> float:
    """Median wall time of REPEAT calls, each in its own session, after one warm-up call."""
    times = []
    for attempt in range(REPEAT + 1):
        with db.sessions() as session:
            started = time.perf_counter()
            call(session)
            elapsed = time.perf_counter() - started
        if attempt:
            times.append(elapsed * 1000)
    return statistics.median(times)


def _plain_count(session: Session, scope: Scope, month: Month) -> int:
    """The floor: how long touching the month's reports of the area takes, nothing more."""
    after = MONTHS[MONTHS.index(month) + 1].first_day
    query = select(func.count()).select_from(Report).where(
        Report.activity_date >= month.first_day, Report.activity_date < after)
    if scope.level != "country":
        centres = select(Centre.id).join(Subdistrict).join(District)
        centres = centres.where(Subdistrict.district_code == scope.code
                                if scope.level == "district"
                                else District.province_code == scope.code)
        query = query.where(Report.centre_id.in_(centres))
    return session.scalar(query) or 0


def _log(message: str) -> None:
    print(f"stats_bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    from benchmarks.run import format_table

    print(format_table(run()))
