"""FakeLineRemote: drive a FakeLine running in another process through /_fake/."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

from .models import Call


class FakeLineRemote:
    """Same method names as FakeLine for the operations the control API offers."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: dict[str, Any] | None = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> Any:
        url = f"{self.base_url}/_fake/{path}"
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        data = raw if raw is not None else None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            exc.close()
            if exc.code == 408:
                raise AssertionError(json.loads(detail)["message"]) from None
            raise RuntimeError(f"fake control API {method} {path}: {exc.code} {detail}") from None

    def ping(self) -> bool:
        try:
            return bool(self._request("GET", "ping", timeout=1.0)["ok"])
        except OSError:
            return False

    def calls(self, path_prefix: str | None = None) -> list[Call]:
        found = self._request("GET", "calls", query={"prefix": path_prefix})
        return [Call.from_dict(c) for c in found]

    def sent_messages(self, to: str | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._request("GET", "messages", query={"to": to})
        return found

    def wait_for_messages(
        self, count: int, to: str | None = None, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._request(
            "GET",
            "wait-messages",
            query={"count": count, "to": to, "timeout": timeout},
            timeout=timeout + self.timeout,
        )
        return found

    def issue_reply_token(self, to: str, ttl: float = 60.0) -> str:
        return str(self._request("POST", "reply-tokens", {"to": to, "ttl": ttl})["replyToken"])

    def expire_reply_token(self, token: str) -> None:
        self._request("POST", "reply-tokens/expire", {"replyToken": token})

    def put_content(self, message_id: str, data: bytes, content_type: str = "image/jpeg") -> None:
        self._request("POST", f"content/{quote(message_id)}", raw=data, content_type=content_type)

    def delete_content(self, message_id: str) -> None:
        self._request("DELETE", f"content/{quote(message_id)}")

    def set_profile(
        self,
        user_id: str,
        display_name: str,
        picture_url: str | None = None,
        language: str = "th",
    ) -> None:
        body = {"userId": user_id, "displayName": display_name, "language": language}
        if picture_url:
            body["pictureUrl"] = picture_url
        self._request("POST", "profiles", body)

    def set_delay(self, seconds: float, endpoint: str | None = None) -> None:
        self._request("POST", "behaviour", {"delay": seconds, "endpoint": endpoint})

    def fail_next(
        self, endpoint: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        fail = {"endpoint": endpoint, "status": status, "times": times, "retryAfter": retry_after}
        self._request("POST", "behaviour", {"fail": fail})

    def hang(self, endpoint: str, seconds: float, times: int = 1) -> None:
        hang = {"endpoint": endpoint, "seconds": seconds, "times": times}
        self._request("POST", "behaviour", {"hang": hang})

    def set_rate_limit(self, endpoint: str, per_second: int | None) -> None:
        limit = {"endpoint": endpoint, "perSecond": per_second}
        self._request("POST", "behaviour", {"rateLimit": limit})

    def set_quota(self, value: int | None, enforce: bool = True) -> None:
        self._request("POST", "quota", {"value": value, "enforce": enforce})

    def reset(self) -> None:
        self._request("POST", "reset", {})
