"""Signed, expiring links to the monthly report file, served over real HTTP on loopback: the
link gives the file, any change to it or its expiry gets 403, and /exports lists nothing."""

from __future__ import annotations

import string
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from bot import create_app
from bot.clock import Clock
from bot.config import ConfigError, Settings
from models.session import Database
from models.stats import Month, Scope
from reporting import texts
from reporting.links import check_export, export_link
from reporting.workbook import CONTENT_TYPE
from tests.conftest import LiveBot, _serve
from tests.staff.test_workbook import NONG_KHAI, OCTOBER, THA_BO, open_book, row_of, store_october

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
NOW = datetime(2024, 11, 3, 9, 0, tzinfo=UTC)
SIGNED = ("level", "code", "month", "expires", "sig")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str) -> Reply:
    try:
        with OPENER.open(url, timeout=30) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, dict(exc.headers), exc.read())


def key_of(settings: Settings) -> bytes:
    return settings.secret_key.encode()


def with_param(url: str, name: str, value: str) -> str:
    """The same link with one query parameter replaced, the others untouched and in order."""
    parts = urlsplit(url)
    params = [(key, value if key == name else old) for key, old in parse_qsl(parts.query)]
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(params)}"


def params_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def other_char(ch: str) -> str:
    """A different character of the same kind, so the link keeps its shape and only the
    signature can tell it was changed."""
    for alphabet in (string.digits, string.ascii_lowercase, string.ascii_uppercase, "-_"):
        if ch in alphabet:
            return alphabet[(alphabet.index(ch) + 1) % len(alphabet)]
    raise AssertionError(f"unexpected character {ch!r}")


def assert_refused(reply: Reply) -> None:
    assert reply.status == 403
    assert reply.headers["Content-Type"].startswith("text/html")
    assert texts.LINK_REFUSED in reply.body.decode()
    assert b"xlsx" not in reply.body and b"PK" not in reply.body[:2]
    assert_secure(reply)


def assert_secure(reply: Reply) -> None:
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Referrer-Policy"] == "no-referrer"


@pytest.fixture
def october(db: Database) -> None:
    store_october(db)


@pytest.fixture
def live_link(web: LiveBot, october: None) -> str:
    """A province link, valid for a day from the real now (the `web` app's clock)."""
    expires = datetime.now(UTC) + timedelta(hours=web.settings.export_link_hours)
    return export_link(web.url, key_of(web.settings), NONG_KHAI, OCTOBER, expires)


def test_the_link_gives_the_month_file(live_link: str) -> None:
    assert live_link.split("?")[0].endswith("/exports/monthly.xlsx")
    reply = get(live_link)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == CONTENT_TYPE
    assert reply.headers["Content-Disposition"] == \
        'attachment; filename="cddbot-43-2567-10.xlsx"'
    assert_secure(reply)
    book = open_book(reply.body)
    summary = book[texts.SUMMARY_SHEET]
    assert summary["A2"].value == "จังหวัดหนองคาย"
    assert summary["A3"].value == "ประจำเดือนตุลาคม 2567"
    assert row_of(summary, 2, texts.TOTAL)[2:] == [62, 2, 3.23, 1, 2, 1, 1, 5, 115, 3]
    assert len([row for row in book["ท่าบ่อ"].iter_rows(min_row=4) if row[0].value]) == 3


def test_a_district_link_gives_only_that_district(web: LiveBot, october: None) -> None:
    expires = datetime.now(UTC) + timedelta(hours=1)
    reply = get(export_link(web.url, key_of(web.settings), THA_BO, OCTOBER, expires))
    assert reply.status == 200
    assert 'filename="cddbot-4302-2567-10.xlsx"' in reply.headers["Content-Disposition"]
    summary = open_book(reply.body)[texts.SUMMARY_SHEET]
    assert summary["A2"].value == "อำเภอท่าบ่อ จังหวัดหนองคาย"
    assert row_of(summary, 2, texts.TOTAL)[2:] == [10, 1, 10.0, 1, 1, 1, 0, 3, 85, 2]


@pytest.mark.parametrize("name", ["level", "code", "month", "expires", "sig"])
def test_changing_any_character_is_refused(live_link: str, name: str) -> None:
    value = params_of(live_link)[name]
    for index, ch in enumerate(value):
        changed = value[:index] + other_char(ch) + value[index + 1:]
        assert_refused(get(with_param(live_link, name, changed)))
    assert get(live_link).status == 200  # the untouched link still works


@pytest.mark.parametrize(("name", "value"), [
    ("level", "country"),  # the same code read as another level
    ("level", "district"),
    ("level", "Province"),
    ("code", "4301"),
    ("month", "2024-11"),
    ("month", "2567-10"),
    ("expires", "99999999999"),  # a later expiry
    ("sig", ""),
    ("code", "๔๓"),  # Thai digits for the same code
])
def test_widening_or_reshaping_the_link_is_refused(live_link: str, name: str,
                                                   value: str) -> None:
    assert_refused(get(with_param(live_link, name, value)))


def test_a_missing_or_doubled_field_is_refused(live_link: str) -> None:
    base, query = live_link.split("?")
    pairs = parse_qsl(query)
    for dropped in SIGNED:
        assert_refused(get(f"{base}?{urlencode([p for p in pairs if p[0] != dropped])}"))
    # A second, different scope after the signed one is never the one served.
    reply = get(f"{live_link}&code=4301&level=district")
    assert reply.status == 200
    assert open_book(reply.body)[texts.SUMMARY_SHEET]["A2"].value == "จังหวัดหนองคาย"


def test_a_link_signed_with_another_key_is_refused(web: LiveBot, october: None) -> None:
    expires = datetime.now(UTC) + timedelta(hours=1)
    forged = export_link(web.url, b"x" * 64, NONG_KHAI, OCTOBER, expires)
    assert_refused(get(forged))


@pytest.fixture
def clocked(settings: Settings, db: Database, october: None) -> Iterator[tuple[str, Clock]]:
    """The web app on a loopback port with a clock the test moves (no sleeping)."""
    clock = Clock()
    server, url, _ = _serve(create_app(settings, db=db, clock=clock))
    yield url, clock
    server.shutdown()


def test_the_link_expires_by_the_apps_clock(clocked: tuple[str, Clock],
                                            settings: Settings) -> None:
    url, clock = clocked
    clock.jump_to(NOW)
    expires = NOW + timedelta(hours=settings.export_link_hours)
    link = export_link(url, key_of(settings), NONG_KHAI, OCTOBER, expires)
    assert get(link).status == 200
    clock.jump_to(expires - timedelta(seconds=1))
    assert get(link).status == 200
    clock.jump_to(expires)
    assert_refused(get(link))
    clock.jump_to(expires + timedelta(days=30))
    assert_refused(get(link))


@pytest.mark.parametrize("path", [
    "/exports", "/exports/", "/exports/cddbot-43-2567-10.xlsx", "/exports/43/2567-10",
    "/exports/monthly.xlsx/..", "/exports/%2e%2e/%2e%2e/etc/passwd", "/exports/monthly.csv",
])
def test_made_up_paths_list_nothing(web: LiveBot, october: None, path: str) -> None:
    reply = get(web.url + path)
    assert reply.status in (403, 404)
    assert b"PK" not in reply.body[:2] and b"cddbot-" not in reply.body
    assert "Index of" not in reply.body.decode(errors="replace")


def test_the_bare_download_address_is_refused(web: LiveBot) -> None:
    assert_refused(get(web.url + "/exports/monthly.xlsx"))


def test_check_export_reads_back_what_export_link_signed() -> None:
    key = b"k" * 32
    for scope in (NONG_KHAI, THA_BO, Scope("country", "TH")):
        for month in (Month(2024, 1), Month(2024, 12)):
            link = export_link("https://bot.example/", key, scope, month, NOW + timedelta(1))
            assert link.startswith("https://bot.example/exports/monthly.xlsx?")
            assert check_export(key, params_of(link), NOW) == (scope, month)
            assert check_export(b"j" * 32, params_of(link), NOW) is None
    with pytest.raises(ValueError):
        export_link("https://bot.example", key, NONG_KHAI, OCTOBER, datetime(2024, 11, 4))
    with pytest.raises(ValueError):  # a code of the wrong shape is never signed
        export_link("https://bot.example", key, Scope("province", "4301"), OCTOBER,
                    NOW + timedelta(1))


def test_export_settings_from_the_environment() -> None:
    line = {"LINE_CHANNEL_SECRET": "channel-secret-0123456789abcdef",
            "LINE_CHANNEL_ACCESS_TOKEN": "token"}
    settings = Settings.from_env(line)
    assert settings.public_url is None and settings.export_link_hours == 24
    # Derived from the channel secret, the same in every process, never the secret itself.
    assert settings.secret_key == Settings.from_env(line).secret_key
    assert line["LINE_CHANNEL_SECRET"] not in settings.secret_key
    assert settings.secret_key not in repr(settings)
    assert line["LINE_CHANNEL_SECRET"] not in repr(settings)
    given = Settings.from_env({**line, "SECRET_KEY": "s" * 40,
                               "PUBLIC_URL": "https://cddbot.example.go.th/",
                               "EXPORT_LINK_HOURS": "6"})
    assert (given.secret_key, given.public_url, given.export_link_hours) == (
        "s" * 40, "https://cddbot.example.go.th", 6)
    simulator = Settings.from_env({"PORT": "8123"})
    assert simulator.public_url == "http://127.0.0.1:8123"
    assert len(simulator.secret_key) == 64 and \
        simulator.secret_key != Settings.from_env({}).secret_key  # nobody can compute it
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env({**line, "SECRET_KEY": "short"})
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        Settings.from_env({**line, "PUBLIC_URL": "cddbot.example.go.th"})
