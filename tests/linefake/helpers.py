"""Helpers shared by the linefake tests."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from linebot.v3.messaging import ApiClient, Configuration

TOKEN = "test-channel-access-token"


def make_client(base_url: str, token: str = TOKEN) -> ApiClient:
    return ApiClient(Configuration(host=base_url, access_token=token))


def close_client(client: ApiClient) -> None:
    # ApiClient.close() leaves urllib3's sockets open; close them so no ResourceWarning fires.
    client.rest_client.pool_manager.clear()
    client.close()


@dataclass
class RawResult:
    status: int
    headers: dict[str, str]
    body: Any


def raw_call(
    base_url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    token: str | None = TOKEN,
    timeout: float = 5.0,
) -> RawResult:
    """Plain HTTP, for requests the SDK refuses to build (its models enforce some limits)."""
    url = urlsplit(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    all_headers = {"Content-Type": "application/json"}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    all_headers.update(headers or {})
    data = None if body is None else json.dumps(body).encode("utf-8")
    try:
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        payload = response.read()
        content_type = response.getheader("Content-Type", "")
        parsed = json.loads(payload) if "json" in content_type else payload
        return RawResult(response.status, {k.lower(): v for k, v in response.getheaders()}, parsed)
    finally:
        conn.close()


def text(value: str) -> dict[str, str]:
    return {"type": "text", "text": value}
