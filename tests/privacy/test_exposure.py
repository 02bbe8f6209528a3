"""Secrets and exposure (issue 14, point 6): secrets planted in the environment reach no log
line (at DEBUG), no response (a conversation, its errors, /healthz, an error page, the
simulator); logs at INFO carry no message text or name; the web process serves nothing
without a signature but /healthz; every response carries the security headers."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from bot import SIMULATOR_CSP, create_app
from bot.config import Settings
from bot.downloads import SECURITY_HEADERS as DOWNLOAD_HEADERS
from bot.media import store_bytes
from bot.runtime import Background
from bot.services import Services
from bot.simulator import SimulatorRefused, init_app
from bot.simulator.web import GUARD_HEADER
from linefake.server import FakeLine
from linefake.webhook import (
    follow_event,
    image_event,
    new_message_id,
    postback_event,
    sign,
    signed_webhook,
    text_event,
)
from models.divisions import Centre
from models.session import Database
from tests.conftest import (
    LiveBot,
    _serve,
    make_member,
    message_text,
    quick_replies,
    running_bot,
)
from tests.conversation.conftest import jpeg
from tests.staff.test_commands import leader_at

SECRET = "PLANTEDchannelSECRET" + secrets.token_hex(6)
TOKEN = "PLANTEDaccessTOKEN" + secrets.token_hex(12)
SIGNING_KEY = "PLANTEDsigningKEY" + secrets.token_hex(16)
PLANTED = (SECRET, TOKEN, SIGNING_KEY)
REPORT = "วันนี้ประชุมลับเฉพาะกลุ่มที่บ้านนางพิมพ์ ผู้เข้าร่วม 12 คน"
NAME = "นางพิมพ์ใจ ลับเฉพาะ"
LOUD = ("werkzeug", "sqlalchemy", "urllib3", "linebot", "apscheduler", "bot", "handlers",
        "models", "scheduler")
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Seen:
    """Every response a test got: status, headers and body, to search for secrets."""

    responses: list[tuple[str, int, dict[str, str], bytes]] = field(default_factory=list)

    def call(self, url: str, *, data: bytes | None = None, method: str = "GET",
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with OPENER.open(request, timeout=10) as response:
                got = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                got = exc.code, dict(exc.headers), exc.read()
        self.responses.append((url, *got))
        return got

    def text(self) -> str:
        return "\n".join(f"{url} {status} {json.dumps(headers)} {readable(body)}"
                         for url, status, headers, body in self.responses)


def readable(body: bytes) -> str:
    """The body as text; JSON with Thai as Thai, not as \\u escapes."""
    text = body.decode("utf-8", "replace")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


@pytest.fixture
def loud(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged, down to DEBUG, from every library."""
    caplog.set_level(logging.DEBUG)
    for name in LOUD:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def louder(caplog: pytest.LogCaptureFixture) -> None:
    """Again after create_app, which quiets werkzeug's request lines."""
    for name in LOUD:
        caplog.set_level(logging.DEBUG, logger=name)


@pytest.fixture
def planted_line() -> Iterator[FakeLine]:
    fake = FakeLine(access_token=TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch, database_url: str, planted_line: FakeLine,
            tmp_path: Path) -> Settings:
    """The settings a real deployment reads, with recognisable secrets in the environment."""
    for name, value in {"LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
                        "SECRET_KEY": SIGNING_KEY, "LINE_API_BASE": planted_line.base_url,
                        "DATABASE_URL": database_url, "MEDIA_DIR": str(tmp_path / "media"),
                        "PUBLIC_URL": "https://cddbot.example.org", "POLL_SECONDS": "0.05",
                        "LINE_TIMEOUT_SECONDS": "2"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert (settings.channel_secret, settings.access_token) == (SECRET, TOKEN)
    return replace(settings, sender_concurrency=8)


def assert_nothing_planted(*texts: str) -> None:
    for text in texts:
        assert text, "nothing was captured"
        for secret in PLANTED:
            assert secret not in text
            assert secret[len("PLANTED"):] not in text  # not even without the marker


# The levels these run at in the bot's processes: SQLAlchemy's own WARN (statements and their
# parameters are logged only with echo, which the bot never turns on) and werkzeug's WARNING
# (set by create_app). The tests lowered them to DEBUG only to look for secrets.
OWN_LEVELS = {"sqlalchemy": logging.WARNING, "werkzeug": logging.WARNING}


def info_and_above(caplog: pytest.LogCaptureFixture) -> str:
    """What an operator running the bot at INFO reads."""
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")

    def shown(record: logging.LogRecord) -> bool:
        top = record.name.split(".")[0]
        return record.levelno >= OWN_LEVELS.get(top, logging.INFO)

    return "\n".join(formatter.format(r) for r in caplog.records if shown(r))


def say(live: LiveBot, user_id: str, text: str, count: int) -> list[dict[str, Any]]:
    assert live.send(text_event(user_id, text, live.token(user_id))) == 200
    return live.fake.wait_for_messages(count, to=user_id)


def test_a_conversation_its_errors_and_health_leak_no_secret(
        planted: Settings, db: Database, planted_line: FakeLine,
        loud: pytest.LogCaptureFixture) -> None:
    seen = Seen()
    with db.sessions() as session:
        centre = session.scalars(select(Centre).where(Centre.subdistrict_code == "430109")).one()
    officer = make_member(db, "officer", district_code="4301", province_code="43")
    leader = leader_at(db, "430109", NAME).line_user_id
    with running_bot(planted, db, planted_line) as live:
        louder(loud)
        # A leader reports with a photo and presses the receipt's button.
        photo = new_message_id()
        planted_line.put_content(photo, jpeg(1), "image/jpeg")
        assert live.send(image_event(leader, photo, live.token(leader))) == 200
        live.fake.wait_for_messages(1, to=leader)
        receipt = say(live, leader, REPORT, 2)[-1]
        button = next(a for a in quick_replies(receipt) if a.get("type") == "postback")
        assert live.send(postback_event(leader, button["data"], live.token(leader))) == 200
        live.fake.wait_for_messages(3, to=leader)
        # LINE fails a reply, and a profile look-up while a stranger registers: retried.
        planted_line.fail_next("reply", 500)
        say(live, leader, "รายงานของฉัน", 4)
        stranger = "U" + secrets.token_hex(16)
        planted_line.set_profile(stranger, NAME)
        planted_line.fail_next("profile", 500)
        assert live.send(follow_event(stranger, live.token(stranger))) == 200
        live.fake.wait_for_messages(1, to=stranger)
        say(live, stranger, f"ลงทะเบียน {centre.join_code}", 2)
        # An officer's export link opens the file.
        [answer] = say(live, officer.line_user_id, "ส่งออก", 1)
        link = next(w for w in message_text(answer).split() if "/exports/" in w)
        address = urlsplit(link)
        status, _, _ = seen.call(f"{live.url}{address.path}?{address.query}")
        assert status == 200
        # Errors at the door.
        body, headers = signed_webhook(SECRET, [text_event(leader, "x", "token")])
        assert seen.call(live.url + "/callback", data=body, method="POST",
                         headers={**headers, "X-Line-Signature": "AAAA"})[0] == 400
        malformed = b'{"events": "nope"}'
        _, signed = signed_webhook(SECRET, [])
        assert seen.call(live.url + "/callback", data=malformed, method="POST",
                         headers={**signed, "X-Line-Signature": sign(SECRET, malformed)}
                         )[0] == 400
        assert seen.call(live.url + "/callback", data=b"x" * (1024 * 1024 + 1),
                         method="POST", headers=headers)[0] == 413
        assert seen.call(live.url + "/callback")[0] == 405
        assert seen.call(live.url + "/nowhere")[0] == 404
        assert seen.call(live.url + "/exports/monthly.xlsx?level=district&code=4301")[0] == 403
        status, _, health = seen.call(live.url + "/healthz")
        assert status == 200 and json.loads(health)["status"] == "ok"

    # A web process whose database is down: an error page and an unhealthy /healthz.
    down = create_app(planted, db=Database("postgresql://cddbot@127.0.0.1:1/gone", role="web"))
    server, url, _ = _serve(down)
    try:
        louder(loud)
        body, headers = signed_webhook(SECRET, [text_event(leader, REPORT, "token")])
        status, _, page = seen.call(url + "/callback", data=body, method="POST",
                                    headers=headers)
        assert status == 500 and b"Traceback" not in page
        assert seen.call(url + "/healthz")[0] == 503
    finally:
        server.shutdown()
        server.server_close()

    logs = loud.text
    assert "Exception on /callback" in logs  # the error was logged, with its traceback
    assert "Traceback" in logs and "retrying" in logs
    assert_nothing_planted(logs, seen.text(), repr(planted), str(planted))
    # At INFO and above: no message text, no name.
    shown = info_and_above(loud)
    assert shown and REPORT not in shown and "ลับเฉพาะ" not in shown and NAME not in shown


def test_the_simulator_page_and_its_api_leak_no_secret(
        database_url: str, db: Database, planted_line: FakeLine, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, loud: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("LINE_CHANNEL_SECRET", raising=False)
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    base = Settings.from_env({"DATABASE_URL": database_url, "MEDIA_DIR": str(tmp_path),
                              "POLL_SECONDS": "0.05", "SECRET_KEY": SIGNING_KEY})
    settings = replace(base.with_line(planted_line.base_url, SECRET, TOKEN),
                       sender_concurrency=8)
    services = Services.from_settings(settings, db=db)
    app = create_app(settings, db=db, clock=services.clock)
    init_app(app, planted_line, services)
    background = Background(services, inbox_wake=app.extensions["inbox_wake"]).start()
    server, url, _ = _serve(app)
    seen = Seen()
    try:
        louder(loud)
        sim = url + "/simulator/"
        status, headers, page = seen.call(sim)
        assert status == 200 and headers["Content-Security-Policy"] == SIMULATOR_CSP
        for asset in ("simulator.js", "flex.js", "simulator.css"):
            assert seen.call(sim + "static/" + asset)[0] == 200
        places = json.loads(seen.call(sim + "api/places")[2])
        assert places["districts"]
        seen.call(sim + "api/centres?district=4301")
        seen.call(sim + "api/members")
        seen.call(sim + "api/clock")
        guard = {GUARD_HEADER: "1", "Content-Type": "application/json"}
        persona = json.loads(seen.call(sim + "api/personas", method="POST", headers=guard,
                                       data=json.dumps({"role": "leader", "area": "430109",
                                                        "name": NAME}).encode())[2])["persona"]
        for text in (f"ลงทะเบียน {persona['code']}", REPORT):
            message = {"user_id": persona["user_id"], "name": NAME, "type": "text",
                       "text": text}
            status, _, _ = seen.call(sim + "api/send", method="POST", headers=guard,
                                     data=json.dumps(message).encode())
            assert status == 200
        planted_line.wait_for_messages(2, to=persona["user_id"])
        seen.call(sim + f"api/messages?chat={persona['user_id']}")
        seen.call(sim + f"api/richmenu?user={persona['user_id']}")
        assert seen.call(sim + "api/send", method="POST", data=b"{}")[0] == 403  # no guard
    finally:
        server.shutdown()
        server.server_close()
        background.stop()
        services.line.close()
    assert REPORT in seen.text()  # the page did show the conversation
    assert_nothing_planted(loud.text, seen.text())
    shown = info_and_above(loud)
    assert REPORT not in shown and NAME not in shown


EXPECTED_ROUTES = {
    ("/callback", "POST"),  # LINE's signature
    ("/exports/monthly.xlsx", "GET"),  # the link's signature
    ("/exports/", "GET"), ("/exports/<path:path>", "GET"),  # 404, whatever is asked
    ("/healthz", "GET"),  # counts only, for the load balancer
}


def routes(app: Flask) -> set[tuple[str, str]]:
    return {(rule.rule, method) for rule in app.url_map.iter_rules()
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}


def example_url(rule: str) -> str:
    return (rule.replace("<path:path>", "ab/cd/file.jpg").replace("<message_id>", "1")
            .replace("<menu_id>", "m1").replace("<path:filename>", "simulator.js"))


def check_headers(path: str, headers: Any) -> None:
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "no-referrer", path
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, path
    if path.startswith("/exports"):  # the download's stricter headers stay
        for name, value in DOWNLOAD_HEADERS.items():
            assert headers[name] == value, path
    elif path.startswith("/simulator/"):
        assert csp == SIMULATOR_CSP
    else:
        assert "'self'" not in csp and "unsafe" not in csp, path


def test_the_web_process_serves_only_signed_things_and_health(
        settings: Settings, db: Database, tmp_path: Path) -> None:
    app = create_app(settings, db=db)
    assert routes(app) == EXPECTED_ROUTES
    # A stored photo is not reachable by any address.
    digest, path = store_bytes(settings.media_dir, jpeg(2), "jpg")
    client = app.test_client()
    for url in (f"/media/{path}", f"/static/{path}", f"/exports/{path}", f"/{path}",
                f"/exports/{digest}.jpg", "/var/media/" + path):
        answer = client.get(url)
        assert answer.status_code == 404 and jpeg(2) not in answer.data, url
        check_headers(url, answer.headers)


def test_every_route_of_both_apps_carries_the_security_headers(
        settings: Settings, db: Database, fake_line: FakeLine, tmp_path: Path) -> None:
    services = Services.from_settings(settings, db=db)
    plain = create_app(settings, db=db)
    with pytest.raises(SimulatorRefused):  # never mounted with LINE credentials
        init_app(plain, fake_line, services)
    services.line.close()

    sim_settings = Settings.from_env({"DATABASE_URL": db.url, "MEDIA_DIR": str(tmp_path)})
    sim_settings = sim_settings.with_line(fake_line.base_url, "s" * 32, fake_line.access_token)
    sim_services = Services.from_settings(sim_settings, db=db)
    simulated = create_app(sim_settings, db=db, clock=sim_services.clock)
    init_app(simulated, fake_line, sim_services)
    try:
        assert EXPECTED_ROUTES < routes(simulated)
        assert all(rule.startswith("/simulator") for rule, _ in
                   routes(simulated) - EXPECTED_ROUTES)
        for app in (plain, simulated):
            client = app.test_client()
            for rule, method in sorted(routes(app)):
                url = example_url(rule)
                with client.open(url, method=method,
                                 json={} if method == "POST" else None) as answer:
                    assert answer.status_code < 500, (url, method, answer.status_code)
                    check_headers(url, answer.headers)
            for url, method in (("/nowhere", "GET"), ("/callback", "GET"),
                                ("/simulator", "GET"), ("/healthz", "DELETE")):
                answer = client.open(url, method=method)
                assert answer.status_code in (308, 404, 405), (url, answer.status_code)
                check_headers(url, answer.headers)
    finally:
        sim_services.line.close()


def test_an_error_page_carries_the_headers_too(settings: Settings) -> None:
    app = create_app(settings, db=Database("postgresql://cddbot@127.0.0.1:1/gone", role="web"))
    body, headers = signed_webhook(settings.channel_secret, [text_event("U" + "0" * 32, "x",
                                                                        "t")])
    answer = app.test_client().post("/callback", data=body, headers=headers)
    assert answer.status_code == 500
    check_headers("/callback", answer.headers)
    assert settings.channel_secret.encode() not in answer.data

