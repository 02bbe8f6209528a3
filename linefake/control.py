"""The /_fake/ HTTP API, so a bot or benchmark in another process can drive the fake.

No authentication: it only ever listens on loopback, for tests.
"""

from __future__ import annotations

from typing import Any

from .models import Response
from .platform import Platform
from .routing import Request, Router, json_object

PREFIX = "/_fake/"


class ControlApi:
    def __init__(self, platform: Platform) -> None:
        self._platform = platform
        self._router = Router()
        r = self._router
        r.add("GET", "/_fake/ping", "control", self._ping)
        r.add("GET", "/_fake/calls", "control", self._calls)
        r.add("GET", "/_fake/messages", "control", self._messages)
        r.add("GET", "/_fake/wait-messages", "control", self._wait_messages)
        r.add("POST", "/_fake/reply-tokens", "control", self._issue_token)
        r.add("POST", "/_fake/reply-tokens/expire", "control", self._expire_token)
        r.add("POST", "/_fake/content/{messageId}", "control", self._put_content)
        r.add("DELETE", "/_fake/content/{messageId}", "control", self._delete_content)
        r.add("POST", "/_fake/profiles", "control", self._set_profile)
        r.add("POST", "/_fake/behaviour", "control", self._behaviour)
        r.add("POST", "/_fake/quota", "control", self._quota)
        r.add("POST", "/_fake/reset", "control", self._reset)

    def handle(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> Response:
        found = self._router.match(method, path)
        if found is None:
            return Response.error(404, f"No control operation {method} {path}")
        route, params = found
        try:
            return route.handler(Request(method, path, query, headers, raw), params)
        except (KeyError, TypeError, ValueError) as exc:
            return Response.error(400, f"Bad control request: {exc!r}")

    def _ping(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"ok": True})

    def _calls(self, request: Request, params: dict[str, str]) -> Response:
        calls = self._platform.calls(request.query.get("prefix"))
        return Response.json(200, [c.to_dict() for c in calls])

    def _messages(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, self._platform.sent_messages(request.query.get("to")))

    def _wait_messages(self, request: Request, params: dict[str, str]) -> Response:
        # Waiting happens here, next to the Condition, so remote callers need not poll.
        try:
            found = self._platform.wait_for_messages(
                int(request.query["count"]),
                request.query.get("to"),
                float(request.query.get("timeout", "5")),
            )
        except AssertionError as exc:
            return Response.error(408, str(exc))
        return Response.json(200, found)

    def _issue_token(self, request: Request, params: dict[str, str]) -> Response:
        body = _body(request)
        token = self._platform.issue_reply_token(body["to"], float(body.get("ttl", 60.0)))
        return Response.json(200, {"replyToken": token})

    def _expire_token(self, request: Request, params: dict[str, str]) -> Response:
        self._platform.expire_reply_token(_body(request)["replyToken"])
        return Response.json(200, {})

    def _put_content(self, request: Request, params: dict[str, str]) -> Response:
        content_type = request.headers.get("content-type") or "application/octet-stream"
        self._platform.put_content(params["messageId"], request.raw, content_type)
        return Response.json(200, {})

    def _delete_content(self, request: Request, params: dict[str, str]) -> Response:
        self._platform.delete_content(params["messageId"])
        return Response.json(200, {})

    def _set_profile(self, request: Request, params: dict[str, str]) -> Response:
        body = _body(request)
        self._platform.set_profile(
            body["userId"],
            body["displayName"],
            body.get("pictureUrl"),
            body.get("language", "th"),
        )
        return Response.json(200, {})

    def _behaviour(self, request: Request, params: dict[str, str]) -> Response:
        body = _body(request)
        p = self._platform
        if "delay" in body:
            p.set_delay(float(body["delay"]), body.get("endpoint"))
        if "fail" in body:
            fail = body["fail"]
            p.fail_next(
                fail["endpoint"],
                int(fail["status"]),
                int(fail.get("times", 1)),
                fail.get("retryAfter"),
            )
        if "hang" in body:
            hang = body["hang"]
            p.hang(hang["endpoint"], float(hang["seconds"]), int(hang.get("times", 1)))
        if "rateLimit" in body:
            limit = body["rateLimit"]
            p.set_rate_limit(limit["endpoint"], limit.get("perSecond"))
        return Response.json(200, {})

    def _quota(self, request: Request, params: dict[str, str]) -> Response:
        body = _body(request)
        self._platform.set_quota(body.get("value"), bool(body.get("enforce", True)))
        return Response.json(200, {})

    def _reset(self, request: Request, params: dict[str, str]) -> Response:
        self._platform.reset()
        return Response.json(200, {})


def _body(request: Request) -> dict[str, Any]:
    body = json_object(request)
    if isinstance(body, Response):
        raise ValueError("the body must be a JSON object")
    return body
