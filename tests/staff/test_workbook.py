"""The monthly report file, built from reports this test stores in a real database: openpyxl
reads back the figures, and LibreOffice renders the Thai."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot.cli import cli
from models import stats
from models.divisions import Centre
from models.members import Member
from models.reports import Photo, Report
from models.session import Database
from models.stats import Month, Scope
from reporting import texts
from reporting.workbook import monthly_workbook
from tests.conftest import new_user_id

OCTOBER = Month(2024, 10)  # ตุลาคม 2567
NONG_KHAI = Scope("province", "43")
THA_BO = Scope("district", "4302")
INJECTED = '=HYPERLINK("http://example.invalid","คลิก")'
_ids = itertools.count(1)


def add_report(session: Any, centre_id: int, member: Member, day: date, text: str, *,
               activity_type: str | None = None, dimension: str | None = None,
               national_day: str | None = None, sectors: tuple[str, ...] = (),
               participants: int | None = None, stored: int = 0, failed: int = 0,
               status: str = "active") -> None:
    report = Report(source_event_id=f"wb-{next(_ids)}", centre_id=centre_id,
                    member_id=member.id, chat_key=member.line_user_id, text=text,
                    activity_type=activity_type, dimension=dimension,
                    national_day=national_day, sectors=list(sectors),
                    participants=participants, activity_date=day, status=status)
    session.add(report)
    session.flush()
    for photo_status in ["stored"] * stored + ["failed"] * failed:
        session.add(Photo(line_message_id=f"wb-m-{next(_ids)}", report_id=report.id,
                          member_id=member.id, status=photo_status))


def store_october(db: Database) -> None:
    """ท่าบ่อ (430201) reports 3.1, 3.2 and 3.3 (the 3.3 text looks like a formula and
    carries a control character); เมืองหนองคาย (430109) a 3.2 and an unclassified one.
    น้ำโมง (430202) has a leader, a cancelled report and September's: it did not report."""
    with db.transaction() as session:
        centres = dict(session.execute(select(Centre.subdistrict_code, Centre.id)).all())

        def leader(code: str, name: str) -> Member:
            member = Member(line_user_id=new_user_id(), display_name=name, role="leader",
                            status="active", centre_id=centres[code], district_code=code[:4],
                            province_code=code[:2])
            session.add(member)
            session.flush()
            return member

        somchai, boonmee, manop = (leader("430201", "สมชาย ใจดี"), leader("430202", "บุญมี"),
                                   leader("430109", "มานพ"))
        tha_bo = centres["430201"]
        add_report(session, tha_bo, somchai, date(2024, 10, 5),
                   "ประชุมคณะกรรมการศูนย์ฯ วางแผนงานประจำเดือน", activity_type="3.1",
                   sectors=("รัฐ", "ศาสนา"), participants=20, stored=2, failed=1)
        add_report(session, tha_bo, somchai, date(2024, 10, 20),
                   "ตรวจคัดกรองความดันร่วมกับ รพ.สต.", activity_type="3.2", dimension="health",
                   participants=15)
        add_report(session, tha_bo, somchai, date(2024, 10, 13), INJECTED + "\x07 ปลูกต้นไม้",
                   activity_type="3.3", national_day="king9_memorial_oct13",
                   sectors=("ประชาชน",), participants=50)
        add_report(session, centres["430109"], manop, date(2024, 10, 2),
                   "อบรมอาชีพทำพรมเช็ดเท้า", activity_type="3.2", dimension="income",
                   participants=30, stored=1)
        add_report(session, centres["430109"], manop, date(2024, 10, 31), "ช่วยงานบุญ")
        add_report(session, centres["430202"], boonmee, date(2024, 10, 9), "ยกเลิกแล้ว",
                   activity_type="3.1", participants=99, status="cancelled")
        add_report(session, centres["430202"], boonmee, date(2024, 9, 30), "เดือนก่อน",
                   activity_type="3.1", participants=7)


def build(db: Database, scope: Scope, month: Month = OCTOBER) -> bytes:
    with db.sessions() as session:
        return monthly_workbook(stats.summary(session, scope, month),
                                stats.report_lines(session, scope, month),
                                stats.not_reported(session, scope, month),
                                as_of=date(2024, 11, 3))


def row_of(ws: Worksheet, column: int, value: str) -> list[Any]:
    """The values of the first row whose cell in `column` holds `value`."""
    for row in ws.iter_rows(values_only=True):
        if row[column - 1] == value:
            return list(row)
    raise AssertionError(f"no row with {value!r} in column {column} of {ws.title}")


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def october(db: Database) -> None:
    store_october(db)


def test_summary_totals_match_the_reports(db: Database, october: None) -> None:
    book = open_book(build(db, NONG_KHAI))
    ws = book[texts.SUMMARY_SHEET]
    assert book.sheetnames[0] == texts.SUMMARY_SHEET
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value, ws["A4"].value] == [
        "รายงานผลการดำเนินงานศูนย์ผู้นำจิตอาสาพัฒนาชุมชน", "จังหวัดหนองคาย",
        "ประจำเดือนตุลาคม 2567", "ข้อมูล ณ วันที่ 3 พฤศจิกายน 2567"]
    # centres, reported, %, 3.1, 3.2, 3.3, unclassified, reports, participants, photos
    assert row_of(ws, 2, "ท่าบ่อ")[2:] == [10, 1, 10.0, 1, 1, 1, 0, 3, 85, 2]
    assert row_of(ws, 2, "เมืองหนองคาย")[2:] == [16, 1, 6.25, 0, 1, 0, 1, 2, 30, 1]
    assert row_of(ws, 2, "โพนพิสัย")[2:] == [11, 0, 0.0, 0, 0, 0, 0, 0, 0, 0]
    assert row_of(ws, 2, texts.TOTAL)[2:] == [62, 2, 3.23, 1, 2, 1, 1, 5, 115, 3]
    text = "\n".join(str(cell) for row in ws.iter_rows(values_only=True) for cell in row if cell)
    assert "ศูนย์ฯ ที่รายงานผลแล้ว 2 แห่ง จากทั้งหมด 62 แห่ง คิดเป็นร้อยละ 3.23" in text
    assert "(บันทึกภาพไม่สำเร็จ 1 ภาพ)" in text


def test_sectors_dimensions_and_national_days(db: Database, october: None) -> None:
    ws = open_book(build(db, NONG_KHAI))[texts.SUMMARY_SHEET]
    # order, name, (merged), (merged), (merged), count, share of all 5 reports
    assert row_of(ws, 2, "รัฐ")[5:7] == [1, 20.0]
    assert row_of(ws, 2, "ประชาชน")[5:7] == [1, 20.0]
    assert row_of(ws, 2, "สื่อสารมวลชน")[5:7] == [0, 0.0]
    sectors = [row_of(ws, 2, name)[0] for name in stats.SECTORS]
    assert sectors == list(range(1, 8))  # all seven, in the guideline's order
    assert row_of(ws, 2, "สุขภาพ")[5:7] == [1, 50.0]  # of the two 3.2 reports
    assert row_of(ws, 2, "อาชีพและรายได้")[5:7] == [1, 50.0]
    assert row_of(ws, 2, "ความเป็นอยู่")[5:7] == [0, 0.0]
    assert row_of(ws, 2, "การเข้าถึงบริการของรัฐ")[5:7] == [0, 0.0]
    assert row_of(ws, 2, "วันนวมินทรมหาราช")[5:7] == [1, 100.0]


def test_native_bar_chart_of_types_per_district(db: Database, october: None) -> None:
    data = build(db, NONG_KHAI)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = archive.read(charts[0]).decode()
    assert '<barChart><barDir val="col" />' in xml
    # Three series (3.1, 3.2, 3.3) over the nine districts of table 1, named by the districts.
    values = re.findall(r"<val><numRef><f>'สรุป'!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)</f>", xml)
    assert [column for column, *_ in values] == ["F", "G", "H"]
    first, last = int(values[0][1]), int(values[0][3])
    assert last - first + 1 == 9
    assert xml.count(f"<cat><strRef><f>'สรุป'!$B${first}:$B${last}</f>") == 3
    ws = open_book(data)[texts.SUMMARY_SHEET]
    assert ws.cell(row=first, column=2).value == "เมืองหนองคาย"
    assert [ws.cell(row=first + 1, column=c).value for c in (6, 7, 8)] == [1, 1, 1]  # ท่าบ่อ


def test_a_sheet_per_district_lists_every_report(db: Database, october: None) -> None:
    book = open_book(build(db, NONG_KHAI))
    assert len(book.sheetnames) == 1 + 9 + 1 and book.sheetnames[-1] == texts.MISSING_SHEET
    ws = book["ท่าบ่อ"]
    assert ws["A1"].value == "รายการกิจกรรมของศูนย์ผู้นำจิตอาสาพัฒนาชุมชน อำเภอท่าบ่อ"
    rows = [row for row in ws.iter_rows(min_row=4, values_only=True) if row[0]]
    assert [row[0] for row in rows] == [1, 2, 3]  # by date: 5, 13, 20 October
    meeting, national_day, health = rows
    assert list(meeting) == [1, "5 ตุลาคม 2567", "ตำบลท่าบ่อ",
                             "3.1 กิจกรรมตามบทบาทและภารกิจของศูนย์ฯ", "-", "รัฐ, ศาสนา", 20,
                             "ประชุมคณะกรรมการศูนย์ฯ วางแผนงานประจำเดือน", 2, 1]
    assert national_day[1] == "13 ตุลาคม 2567" and national_day[4] == "วันนวมินทรมหาราช"
    assert national_day[3] == "3.3 กิจกรรมจิตอาสาในวันสำคัญของชาติ"
    assert health[4] == "ด้านสุขภาพ" and health[5] == "-"
    mueang = [row for row in book["เมืองหนองคาย"].iter_rows(min_row=4, values_only=True)
              if row[0]]
    assert [(row[3], row[6]) for row in mueang] == [
        ("3.2 กิจกรรมส่งเสริมการพัฒนาและบริการประชาชน", 30), ("ยังไม่ระบุประเภท", "-")]
    assert book["โพนพิสัย"]["A4"].value == texts.NO_LINES


def test_a_report_that_looks_like_a_formula_stays_text(db: Database, october: None) -> None:
    data = build(db, NONG_KHAI)
    ws = open_book(data)["ท่าบ่อ"]
    cell = ws["H5"]  # the second report by date, 13 October
    assert cell.value == INJECTED + " ปลูกต้นไม้"  # the control character is gone
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in sheet for sheet in sheets)  # no formula anywhere in the file


def test_centres_without_a_report_with_their_leaders(db: Database, october: None) -> None:
    ws = open_book(build(db, NONG_KHAI))[texts.MISSING_SHEET]
    rows = [row for row in ws.iter_rows(min_row=4, values_only=True) if row[0]]
    assert len(rows) == 60
    assert row_of(ws, 4, "430202")[1:] == ["อำเภอท่าบ่อ", "ตำบลน้ำโมง", "430202", "บุญมี"]
    assert [row[0] for row in rows] == list(range(1, 61))
    assert row_of(ws, 4, "430203")[4] == "ยังไม่มีผู้นำลงทะเบียน"
    assert all(row[3] not in ("430201", "430109") for row in rows)


def test_district_file_has_its_centres_and_one_list(db: Database, october: None) -> None:
    book = open_book(build(db, THA_BO))
    assert book.sheetnames == [texts.SUMMARY_SHEET, texts.LINES_SHEET, texts.MISSING_SHEET]
    ws = book[texts.SUMMARY_SHEET]
    assert ws["A2"].value == "อำเภอท่าบ่อ จังหวัดหนองคาย"
    assert row_of(ws, 2, "ท่าบ่อ")[2:] == [1, 1, 100.0, 1, 1, 1, 0, 3, 85, 2]
    assert row_of(ws, 2, texts.TOTAL)[2:] == [10, 1, 10.0, 1, 1, 1, 0, 3, 85, 2]
    assert len([row for row in book[texts.LINES_SHEET].iter_rows(min_row=4) if row[0].value]) \
        == 3


def test_a_month_without_reports(db: Database, october: None) -> None:
    book = open_book(build(db, NONG_KHAI, Month(2024, 12)))
    ws = book[texts.SUMMARY_SHEET]
    assert ws["A3"].value == "ประจำเดือนธันวาคม 2567"
    assert row_of(ws, 2, texts.TOTAL)[2:] == [62, 0, 0.0, 0, 0, 0, 0, 0, 0, 0]
    assert row_of(ws, 1, texts.NO_NATIONAL_DAYS)
    assert len([row for row in book[texts.MISSING_SHEET].iter_rows(min_row=4) if row[0].value]) \
        == 62


def test_cli_writes_the_same_file(db: Database, october: None, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    env = {"DATABASE_URL": db.url, "LINE_CHANNEL_SECRET": None,
           "LINE_CHANNEL_ACCESS_TOKEN": None, "BOT_PROVINCES": "43"}
    result = CliRunner().invoke(cli, ["report", "--month", "2567-10", "--district", "4302",
                                      "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "อำเภอท่าบ่อ จังหวัดหนองคาย, 3 reports, 9 centres without a report" in result.output
    ws = open_book(out.read_bytes())[texts.SUMMARY_SHEET]
    assert row_of(ws, 2, texts.TOTAL)[2:] == [10, 1, 10.0, 1, 1, 1, 0, 3, 85, 2]
    # With no area given, the one configured province; the month in Thai words.
    result = CliRunner().invoke(cli, ["report", "--month", "ต.ค. 2567", "--out", str(out)],
                                env=env)
    assert result.exit_code == 0, result.output
    assert row_of(open_book(out.read_bytes())[texts.SUMMARY_SHEET], 2, texts.TOTAL)[9] == 5
    refused = CliRunner().invoke(cli, ["report", "--month", "2567-13", "--out", str(out)],
                                 env=env)
    assert refused.exit_code != 0 and "not a month" in refused.output


def soffice() -> str:
    """LibreOffice, which dev.py's test set-up installs with apt; skipped only where it
    cannot be installed."""
    found = shutil.which("soffice")
    if found:
        return found
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not (root and shutil.which("apt-get")):
        pytest.skip("LibreOffice (soffice) is absent and cannot be installed here (needs root "
                    "and apt-get): apt-get install libreoffice-calc poppler-utils")
    pytest.fail("LibreOffice is missing: run `python3 dev.py test`, which installs "
                "libreoffice-calc and poppler-utils with apt")


def test_thai_renders_in_libreoffice(db: Database, october: None, tmp_path: Path) -> None:
    binary = soffice()
    source = tmp_path / "cddbot-43-2567-10.xlsx"
    source.write_bytes(build(db, NONG_KHAI))
    # A profile of its own: a LibreOffice already running elsewhere would take the job.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([binary, profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = source.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    # pdftotext splits some Thai clusters with spaces: compare without any.
    flat = re.sub(r"\s+", "", text)
    for expected in ("รายงานผลการดำเนินงานศูนย์ผู้นำจิตอาสาพัฒนาชุมชน", "ประจำเดือนตุลาคม2567",
                     "จังหวัดหนองคาย", "ท่าบ่อ", "เมืองหนองคาย", "วันนวมินทรมหาราช"):
        assert expected in flat, expected
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout
    assert "Laksaman" in fonts  # the Thai font itself, not a fallback without Thai glyphs
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    assert list(tmp_path.glob("page*.png"))
