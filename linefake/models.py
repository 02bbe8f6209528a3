"""Plain data types shared by the fake server, its control API and the remote client."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

JSON_TYPE = "application/json"


@dataclass(frozen=True)
class Call:
    """One request the fake answered (or deliberately left unanswered: status 0)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON, or None when the body was empty, binary or not JSON
    body_length: int
    status: int
    at: float  # time.monotonic() of the fake's process when the call was recorded
    endpoint: str | None  # behaviour group ("push", "richmenu", ...); None for unknown paths
    response: Any = None  # JSON the fake answered with, None for binary answers

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Call:
        return cls(**data)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    payload: Any = None  # the JSON value behind body, kept for the call log

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        all_headers = {"Content-Type": JSON_TYPE}
        all_headers.update(headers or {})
        return cls(status, body, all_headers, payload)

    @classmethod
    def error(
        cls,
        status: int,
        message: str,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> Response:
        payload: dict[str, Any] = {"message": message}
        if details:
            payload["details"] = details
        payload.update(extra)
        return cls.json(status, payload, headers)

    @classmethod
    def binary(cls, data: bytes, content_type: str) -> Response:
        return cls(200, data, {"Content-Type": content_type})
