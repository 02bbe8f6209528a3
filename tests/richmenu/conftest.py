"""A LineClient (the real SDK underneath) talking to the fake LINE platform."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from bot.line_client import LineClient
from bot.richmenu import images
from linefake.server import FakeLine


@pytest.fixture
def line(fake_line: FakeLine) -> Iterator[LineClient]:
    client = LineClient(fake_line.access_token, fake_line.base_url, timeout=5)
    yield client
    client.close()
    # ApiClient.close() leaves urllib3's sockets open; without this a ResourceWarning fires.
    client._api_client.rest_client.pool_manager.clear()


_render = cache(images.render)


@pytest.fixture
def cached_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Setup draws every image each run; the same layout gives the same bytes (test_images
    checks that), so tests that run setup many times draw each layout once."""
    monkeypatch.setattr(images, "render", _render)


def get_json(fake: FakeLine, path: str) -> tuple[int, Any]:
    """A plain GET on the fake, as LINE's API would answer it."""
    request = urllib.request.Request(
        fake.base_url + path, headers={"Authorization": f"Bearer {fake.access_token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())
