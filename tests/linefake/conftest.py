from __future__ import annotations

from collections.abc import Iterator

import pytest
from linebot.v3.messaging import ApiClient, MessagingApi, MessagingApiBlob

from linefake import FakeLine

from .helpers import TOKEN, close_client, make_client


@pytest.fixture
def fake() -> Iterator[FakeLine]:
    with FakeLine(TOKEN) as server:
        yield server


@pytest.fixture
def client(fake: FakeLine) -> Iterator[ApiClient]:
    api_client = make_client(fake.base_url)
    yield api_client
    close_client(api_client)


@pytest.fixture
def api(client: ApiClient) -> MessagingApi:
    return MessagingApi(client)


@pytest.fixture
def blob(client: ApiClient) -> MessagingApiBlob:
    return MessagingApiBlob(client)
