"""The bot as `cddbot serve` builds it in simulator mode, with the simulator mounted: web app
on a loopback port, worker and sender threads, and the fake LINE platform."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot import create_app
from bot.config import Settings
from bot.runtime import Background
from bot.services import Services
from bot.simulator import init_app
from bot.simulator.web import GUARD_HEADER
from linefake.server import FakeLine
from models.session import Database
from tests.conftest import _serve

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Simulator:
    url: str
    db: Database
    fake: FakeLine
    services: Services

    def call(self, method: str, path: str, payload: Any = None, *, data: bytes | None = None,
             headers: dict[str, str] | None = None, guard: bool = True) -> tuple[int, Any]:
        all_headers = dict(headers or {})
        if guard:
            all_headers[GUARD_HEADER] = "1"
        if payload is not None:
            data = json.dumps(payload).encode()
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + "/simulator/" + path, data=data,
                                         headers=all_headers, method=method)
        try:
            with OPENER.open(request, timeout=15) as response:
                return response.status, _decode(response.read(), response.headers)
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, _decode(exc.read(), exc.headers)

    def get(self, path: str) -> Any:
        status, body = self.call("GET", path)
        assert status == 200, body
        return body

    def post(self, path: str, payload: Any) -> Any:
        status, body = self.call("POST", path, payload)
        assert status == 200, body
        return body


def _decode(raw: bytes, headers: Any) -> Any:
    if headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(raw)
    return raw


def simulator_settings(database_url: str, fake: FakeLine, media: Path) -> Settings:
    """What serve() makes of an environment without LINE credentials."""
    base = Settings.from_env({"DATABASE_URL": database_url, "MEDIA_DIR": str(media),
                              "POLL_SECONDS": "0.05", "LINE_TIMEOUT_SECONDS": "2"})
    assert base.simulator
    return replace(base.with_line(fake.base_url, secrets.token_hex(16), fake.access_token),
                   sender_concurrency=8)


@pytest.fixture
def sim(database_url: str, db: Database, fake_line: FakeLine,
        tmp_path: Path) -> Iterator[Simulator]:
    settings = simulator_settings(database_url, fake_line, tmp_path / "media")
    services = Services.from_settings(settings, db=db)
    app = create_app(settings, db=db, clock=services.clock)  # one clock, as serve() has
    init_app(app, fake_line, services)
    background = Background(services, inbox_wake=app.extensions["inbox_wake"]).start()
    server, url, _ = _serve(app)
    yield Simulator(url, db, fake_line, services)
    server.shutdown()
    server.server_close()
    background.stop()
    services.line.close()
