"""The simulator in a real browser: headless Chromium (Debian's package) driven by Playwright,
against the real `cddbot serve` started as a subprocess in simulator mode on a fresh SQLite
database. Screenshots go to $SIMULATOR_SCREENSHOTS (default: this test's tmp_path).

Run alone: .venv/bin/pytest tests/simulator/test_browser.py -q
Needs: apt-get install chromium fonts-thai-tlwg; pip install playwright (never
`playwright install`: the Debian browser is used)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from models.members import Member
from models.reports import Photo, Report

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 90  # PyThaiNLP's dictionary loads before the server listens
REPLY_MS = 20_000
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def require_browser() -> Any:
    """Playwright's sync API, or a failure that says what to install (never a skip)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: .venv/bin/pip install playwright "
                    "(do not run `playwright install`; the test uses Debian's chromium)")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium "
                    "(or set CHROMIUM to the browser's path)")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    database_url: str
    log: Path


def _cddbot(*args: str) -> list[str]:
    return [str(BIN / "cddbot"), *args]


def _get(url: str) -> int:
    try:
        with OPENER.open(url, timeout=2) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return int(exc.code)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`cddbot db upgrade`, `cddbot seed`, then `cddbot serve` without LINE credentials."""
    port = free_port()
    database_url = f"sqlite:///{tmp_path / 'simulator.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
    env.update(DATABASE_URL=database_url, MEDIA_DIR=str(tmp_path / "media"), PORT=str(port),
               BOT_PROVINCES="43", NO_PROXY="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    for step in (_cddbot("db", "upgrade"), _cddbot("seed")):
        done = subprocess.run(step, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, f"{shlex.join(step)} failed:\n{done.stdout}{done.stderr}"
    # SIMULATOR_SERVE: another command line to serve with (only to try this test elsewhere).
    command = shlex.split(os.environ.get("SIMULATOR_SERVE", "")) or _cddbot("serve")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while _up(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"cddbot serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        status = _get(url + "/simulator/")
        if status != 200:
            pytest.fail(f"/simulator/ answered {status}: serve() must mount the simulator in "
                        "simulator mode (bot.simulator.init_app)")
        yield Served(url, database_url, log)
    finally:
        server.send_signal(signal.SIGINT)  # serve() shuts down cleanly on Ctrl-C
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _up(url: str) -> int | None:
    try:
        return _get(url + "/healthz")
    except OSError:
        return None


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    where = Path(os.environ.get("SIMULATOR_SCREENSHOTS") or tmp_path / "screenshots")
    where.mkdir(parents=True, exist_ok=True)
    return where


def make_photos(folder: Path) -> list[Path]:
    """Two small photos as a phone would send them: a JPEG and a PNG."""
    paths = []
    for name, colour, fmt in (("งาน1.jpg", (40, 160, 90), "JPEG"), ("งาน2.png", (230, 150, 40),
                                                                       "PNG")):
        image = Image.new("RGB", (320, 240), colour)
        for x in range(0, 320, 16):
            for y in range(100, 140):
                image.putpixel((x, y), (255, 255, 255))
        buffer = BytesIO()
        image.save(buffer, fmt)
        path = folder / name
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def test_a_trainer_registers_reports_and_jumps_the_clock(
        served: Served, shots: Path, tmp_path: Path) -> None:
    sync_playwright = require_browser()
    photos = make_photos(tmp_path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900},
                                          locale="th-TH")
            page = context.new_page()
            run_scenario(page, served, shots, photos)
            context.close()
        finally:
            browser.close()
    check_database(served)


def bot_messages(page: Any) -> Any:
    return page.locator("#messages .msg.bot")


def wait_for_bot(page: Any, before: int) -> Any:
    """The first bot message after `before` of them, once it is on screen."""
    bot_messages(page).nth(before).wait_for(timeout=REPLY_MS)
    return bot_messages(page).nth(before)


def send_text(page: Any, text: str) -> Any:
    before = bot_messages(page).count()
    page.fill("#text-input", text)
    page.press("#text-input", "Enter")
    page.locator("#messages .msg.user .bubble", has_text=text).last.wait_for(timeout=REPLY_MS)
    return wait_for_bot(page, before)


def accept_notice(page: Any) -> None:
    """Press the welcome's "ยอมรับ" chip under the PDPA notice."""
    chip = page.locator("#quick-replies .chip", has_text=re.compile(r"^ยอมรับ$"))
    chip.wait_for(timeout=REPLY_MS)
    before = bot_messages(page).count()
    chip.click()
    assert "บันทึกการยินยอมแล้ว" in wait_for_bot(page, before).inner_text()


def new_staff(page: Any, role: str, district: str) -> None:
    page.evaluate("document.getElementById('persona-new').open = true")
    page.select_option("#persona-role", role)
    if role == "officer":
        page.select_option("#persona-district", district)
    page.click("#persona-create")


def run_scenario(page: Any, served: Served, shots: Path, photos: list[Path]) -> None:
    page.goto(served.url + "/simulator/")
    page.wait_for_selector("#persona-district option[value='4301']", state="attached")

    # A leader of ต.บ้านเดื่อ อ.เมืองหนองคาย; the form shows the centre's join code.
    page.select_option("#persona-role", "leader")
    page.select_option("#persona-district", "4301")
    page.wait_for_selector("#persona-centre option[value='430109']", state="attached")
    page.select_option("#persona-centre", "430109")
    page.wait_for_load_state("networkidle")  # no late list of tambons can reset the choice
    assert page.locator("#persona-centre").input_value() == "430109"
    hint = page.locator("#persona-centre-hint").inner_text()
    code = re.search(r"[A-Z2-9]{6}", hint)
    assert code, hint
    page.click("#persona-create")
    welcome = wait_for_bot(page, 0)  # the follow event's welcome
    assert "ลงทะเบียน" in welcome.inner_text()
    page.screenshot(path=str(shots / "01-welcome.png"))
    accept_notice(page)

    registered = send_text(page, f"ลงทะเบียน {code.group(0)}")
    assert "บ้านเดื่อ" in registered.inner_text()

    # Two photos at once (one image set), then the text they belong to.
    before_user = page.locator("#messages .msg.user[data-kind=image]").count()
    page.set_input_files("#photo-input", [str(p) for p in photos])
    page.locator("#messages .msg.user[data-kind=image]").nth(before_user + 1).wait_for(
        timeout=REPLY_MS)
    # The bot answers a whole image set once: then the text that follows takes both photos.
    page.locator("#messages .msg.bot", has_text="ได้รับรูป 2 รูป").wait_for(timeout=REPLY_MS)
    receipt = send_text(page, "วันนี้ประชุมคณะกรรมการศูนย์ฯ วางแผนงานจิตอาสา "
                              "ร่วมกับ อบต. และโรงเรียน ผู้เข้าร่วม 15 คน")
    page.locator("#messages .msg.bot[data-type=flex] .lr-bubble").last.wait_for(
        timeout=REPLY_MS)
    receipt = page.locator("#messages .msg.bot[data-type=flex]").last
    assert receipt.locator(".lr-bubble .lr-text").count() >= 2
    assert "3.1" in receipt.inner_text() and "2 รูป" in receipt.inner_text()
    page.screenshot(path=str(shots / "02-receipt.png"))

    # Correct the type with the receipt's quick reply: 3.1 becomes 3.2.
    chip = page.locator("#quick-replies .chip", has_text="3.2")
    chip.wait_for(timeout=REPLY_MS)
    before = bot_messages(page).count()
    chip.click()
    wait_for_bot(page, before)
    corrected = page.locator("#messages .msg.bot[data-type=flex]").last
    assert "เปลี่ยนเป็นประเภท 3.2" in corrected.inner_text()
    page.screenshot(path=str(shots / "03-quick-reply.png"))

    # An officer of อ.เมืองหนองคาย registers with a one-time invite code made by the page.
    new_staff(page, "officer", "4301")
    page.locator("#code-hint", has_text="รหัสเชิญ").wait_for()
    invite = re.search(r"[A-Z2-9]{8}", page.locator("#code-hint").inner_text())
    assert invite
    wait_for_bot(page, 0)
    accept_notice(page)
    answer = send_text(page, f"ลงทะเบียน {invite.group(0)}")
    assert "เมืองหนองคาย" in answer.inner_text()
    page.screenshot(path=str(shots / "04-officer.png"))

    # Jump the clock to the day before the King's birthday (28 July).
    page.fill("#clock-date", "2025-07-27")
    page.fill("#clock-time", "08:30")
    page.click("#clock-jump")
    # A locator, not wait_for_function: the page's Content-Security-Policy forbids eval.
    page.locator("#clock-now", has_text="27 กรกฎาคม 2568").wait_for(timeout=REPLY_MS)
    page.screenshot(path=str(shots / "05-clock.png"), full_page=True)


def check_database(served: Served) -> None:
    """What the trainer did reached the database through the real webhook path."""
    engine = create_engine(served.database_url)
    try:
        with Session(engine) as session:
            roles = sorted(session.scalars(select(Member.role)))
            assert roles == ["leader", "officer"]
            [report] = session.scalars(select(Report))
            photos = list(session.scalars(select(Photo).order_by(Photo.image_index)))
            assert [p.image_index for p in photos] == [1, 2]
            assert len({p.image_set_id for p in photos}) == 1
            assert report.participants == 15
            assert report.activity_type == "3.2" and report.type_confirmed_by is not None
            assert all(p.report_id == report.id and p.status == "stored" for p in photos)
    finally:
        engine.dispose()
