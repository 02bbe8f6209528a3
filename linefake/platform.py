"""The fake platform's state and request handling, independent of any socket."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from . import validation as v
from .behaviour import RATE_LIMIT_MESSAGE, Behaviour, Failure
from .models import Call, Response
from .richmenu import RichMenus
from .routing import Request, Router, json_object

T = TypeVar("T")

AUTH_FAILED = (
    "Authentication failed. Confirm that the access token in the authorization header is valid."
)
BAD_RETRY_KEY = "The value for the 'X-Line-Retry-Key' header is invalid"
# Only these message types come back with a quote token, as documented by LINE.
_QUOTABLE = frozenset({"text", "textV2", "sticker"})
_FAILURE_MESSAGES = {
    429: RATE_LIMIT_MESSAGE,
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


@dataclass
class _ReplyToken:
    to: str
    expires_at: float


@dataclass(frozen=True)
class _Accepted:
    request_id: str
    sent_messages: list[dict[str, str]] | None


class Platform:
    """Holds everything the fake knows; every public method is thread-safe."""

    def __init__(self, access_token: str, quota: int = 500) -> None:
        self.access_token = access_token
        self.behaviour = Behaviour()
        self._initial_quota = quota
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        # Set on shutdown so delayed or hanging requests stop waiting at once.
        self._stopping = threading.Event()
        self._message_seq = 500_000_000_000_000_000
        self._clear()

    def _clear(self) -> None:
        self._calls: list[Call] = []
        self._sent: list[dict[str, Any]] = []
        self._reply_tokens: dict[str, _ReplyToken] = {}
        self._retry_keys: dict[str, _Accepted] = {}
        self._content: dict[str, tuple[bytes, str]] = {}
        self._profiles: dict[str, dict[str, str]] = {}
        self._usage = 0
        self._quota: int | None = self._initial_quota
        self._quota_enforced = False
        self.rich_menus = RichMenus()
        self._router = self._build_router()

    def _build_router(self) -> Router:
        r = Router()
        r.add("POST", "/v2/bot/message/reply", "reply", self._reply)
        r.add("POST", "/v2/bot/message/push", "push", self._push)
        r.add("POST", "/v2/bot/message/multicast", "multicast", self._multicast)
        r.add("GET", "/v2/bot/message/quota", "quota", self._get_quota)
        r.add("GET", "/v2/bot/message/quota/consumption", "quota", self._get_consumption)
        r.add("GET", "/v2/bot/message/{messageId}/content", "content", self._get_content)
        r.add("GET", "/v2/bot/profile/{userId}", "profile", self._get_profile)
        r.add("GET", "/v2/bot/group/{groupId}/member/{userId}", "profile", self._get_member)
        r.add("POST", "/v2/bot/chat/loading/start", "loading", self._loading)
        self.rich_menus.register(r)
        return r

    # ----- test-facing controls -------------------------------------------------------

    def reset(self) -> None:
        """Forget calls, messages, tokens, content, profiles, rich menus and behaviour."""
        self.behaviour.reset()
        with self._lock:
            self._clear()
            self._changed.notify_all()

    def issue_reply_token(self, to: str, ttl: float = 60.0) -> str:
        token = secrets.token_hex(16)
        with self._lock:
            self._reply_tokens[token] = _ReplyToken(to, time.monotonic() + ttl)
        return token

    def expire_reply_token(self, token: str) -> None:
        with self._lock:
            entry = self._reply_tokens.get(token)
            if entry is None:
                raise KeyError(f"unknown reply token {token!r}")
            entry.expires_at = time.monotonic() - 1.0

    def put_content(self, message_id: str, data: bytes, content_type: str = "image/jpeg") -> None:
        with self._lock:
            self._content[message_id] = (bytes(data), content_type)

    def delete_content(self, message_id: str) -> None:
        """Simulate LINE having discarded the content of an old message."""
        with self._lock:
            self._content.pop(message_id, None)

    def set_profile(
        self,
        user_id: str,
        display_name: str,
        picture_url: str | None = None,
        language: str = "th",
    ) -> None:
        profile = {"userId": user_id, "displayName": display_name, "language": language}
        if picture_url:
            profile["pictureUrl"] = picture_url
        with self._lock:
            self._profiles[user_id] = profile

    def set_quota(self, value: int | None, enforce: bool = True) -> None:
        """Set the monthly limit (None: unlimited); when enforced, pushes beyond it get 429."""
        with self._lock:
            self._quota = value
            self._quota_enforced = enforce and value is not None

    def set_delay(self, seconds: float, endpoint: str | None = None) -> None:
        self.behaviour.set_delay(seconds, endpoint)

    def fail_next(
        self, endpoint: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        self.behaviour.fail_next(endpoint, status, times, retry_after)

    def hang(self, endpoint: str, seconds: float, times: int = 1) -> None:
        """The next `times` requests stall `seconds`, then the connection drops unanswered."""
        self.behaviour.hang(endpoint, seconds, times)

    def set_rate_limit(self, endpoint: str, per_second: int | None) -> None:
        self.behaviour.set_rate_limit(endpoint, per_second)

    # ----- inspection -------------------------------------------------------------------

    def calls(self, path_prefix: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if path_prefix is None or c.path.startswith(path_prefix)]

    def sent_messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """Delivered messages in order: {to, kind, type, text, message, id, quoteToken, ...}."""
        with self._lock:
            return [copy.deepcopy(m) for m in self._sent if to is None or m["to"] == to]

    def reply_token_used(self, token: str) -> bool:
        with self._lock:
            return token not in self._reply_tokens

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until predicate() is truthy (re-checked whenever a call is recorded)."""
        with self._changed:
            result = self._changed.wait_for(predicate, timeout)
            if not result:
                raise AssertionError(
                    f"condition not met within {timeout}s; {self._summary_locked()}"
                )
            return result

    def wait_for_messages(
        self, count: int, to: str | None = None, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        def enough() -> list[dict[str, Any]] | None:
            found = self.sent_messages(to)
            return found if len(found) >= count else None

        with self._changed:
            result = self._changed.wait_for(enough, timeout)
            if result is None:
                got = self.sent_messages(to)
                raise AssertionError(
                    f"expected {count} message(s) to {to or 'anyone'} within {timeout}s, "
                    f"got {len(got)}: {[_describe(m) for m in got[-5:]]}; "
                    f"{self._summary_locked()}"
                )
            return result

    def summary(self) -> str:
        with self._lock:
            return self._summary_locked()

    def _summary_locked(self) -> str:
        recent = ", ".join(f"{c.method} {c.path} -> {c.status}" for c in self._calls[-8:])
        return (
            f"{len(self._calls)} call(s), {len(self._sent)} message(s) delivered; "
            f"recent calls: [{recent}]"
        )

    # ----- request handling -------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> Response | None:
        """Answer one API request; None means drop the connection without answering."""
        request = Request(method, path, query, headers, raw)
        found = self._router.match(method, path)
        if found is None:
            return self._finish(request, None, Response.error(404, "Not found"))
        route, params = found
        if headers.get("authorization") != f"Bearer {self.access_token}":
            return self._finish(request, route.endpoint, Response.error(401, AUTH_FAILED))
        plan = self.behaviour.plan(route.endpoint)
        if plan.delay:
            self._stopping.wait(plan.delay)
        if plan.hang is not None:
            self._stopping.wait(plan.hang)
            self._finish(request, route.endpoint, Response(0))
            return None
        if plan.failure is not None:
            return self._finish(request, route.endpoint, _failure(plan.failure))
        with self._lock:
            # Same lock as the call log, so the log and the delivered messages always agree.
            return self._finish(request, route.endpoint, route.handler(request, params))

    def _finish(self, request: Request, endpoint: str | None, response: Response) -> Response:
        response.headers.setdefault("x-line-request-id", request.request_id)
        call = Call(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            headers=dict(request.headers),
            body=request.body,
            body_length=len(request.raw),
            status=response.status,
            at=time.monotonic(),
            endpoint=endpoint,
            response=copy.deepcopy(response.payload),
        )
        with self._lock:
            self._calls.append(call)
            self._changed.notify_all()
        return response

    def _deliver(
        self,
        kind: str,
        recipients: list[str],
        messages: list[dict[str, Any]],
        request: Request,
        retry_key: str | None = None,
    ) -> list[dict[str, str]]:
        sent: list[dict[str, str]] = []
        for to in recipients:
            sent = []
            for message in messages:
                self._message_seq += 1
                item = {"id": str(self._message_seq)}
                if message["type"] in _QUOTABLE:
                    item["quoteToken"] = secrets.token_urlsafe(24)
                sent.append(item)
                self._sent.append(
                    {
                        "to": to,
                        "kind": kind,
                        "type": message["type"],
                        "text": message.get("text"),
                        # parsed from this request's body, owned by nobody else; readers get
                        # copies (sent_messages), so it is kept as it is
                        "message": message,
                        "id": item["id"],
                        "quoteToken": item.get("quoteToken"),
                        "retryKey": retry_key,
                        "requestId": request.request_id,
                        "at": time.monotonic(),
                    }
                )
        return sent

    def _invalid(self, details: v.Details) -> Response:
        return Response.error(400, v.error_summary(details), details)

    def _reply(self, request: Request, params: dict[str, str]) -> Response:
        body = json_object(request)
        if isinstance(body, Response):
            return body
        details = v.check_messages(body.get("messages"))
        if details:
            return self._invalid(details)
        token = body.get("replyToken")
        entry = self._reply_tokens.get(token) if isinstance(token, str) else None
        if not isinstance(token, str) or entry is None or entry.expires_at <= time.monotonic():
            return Response.error(400, "Invalid reply token")
        del self._reply_tokens[token]
        sent = self._deliver("reply", [entry.to], body["messages"], request)
        return Response.json(200, {"sentMessages": sent})

    def _retry_key(self, request: Request) -> tuple[str | None, Response | None]:
        key = request.headers.get("x-line-retry-key")
        if key is None:
            return None, None
        if not v.is_retry_key(key):
            return key, Response.error(400, BAD_RETRY_KEY)
        accepted = self._retry_keys.get(key)
        if accepted is None:
            return key, None
        extra = {} if accepted.sent_messages is None else {"sentMessages": accepted.sent_messages}
        return key, Response.error(
            409,
            "The retry key is already accepted",
            headers={"x-line-accepted-request-id": accepted.request_id},
            **extra,
        )

    def _over_quota(self, recipients: int) -> Response | None:
        if self._quota_enforced and self._quota is not None:
            if self._usage + recipients > self._quota:
                return Response.error(429, "You have reached your monthly limit.")
        return None

    def _push(self, request: Request, params: dict[str, str]) -> Response:
        key, refusal = self._retry_key(request)
        if refusal:
            return refusal
        body = json_object(request)
        if isinstance(body, Response):
            return body
        details = v.check_recipient(body.get("to")) + v.check_messages(body.get("messages"))
        if details:
            return self._invalid(details)
        refusal = self._over_quota(1)
        if refusal:
            return refusal
        sent = self._deliver("push", [body["to"]], body["messages"], request, key)
        # LINE bills one message per recipient per request, however many bubbles it holds.
        self._usage += 1
        if key is not None:
            self._retry_keys[key] = _Accepted(request.request_id, sent)
        return Response.json(200, {"sentMessages": sent})

    def _multicast(self, request: Request, params: dict[str, str]) -> Response:
        key, refusal = self._retry_key(request)
        if refusal:
            return refusal
        body = json_object(request)
        if isinstance(body, Response):
            return body
        details = v.check_recipients(body.get("to")) + v.check_messages(body.get("messages"))
        if details:
            return self._invalid(details)
        recipients: list[str] = body["to"]
        refusal = self._over_quota(len(recipients))
        if refusal:
            return refusal
        self._deliver("multicast", recipients, body["messages"], request, key)
        self._usage += len(recipients)
        if key is not None:
            self._retry_keys[key] = _Accepted(request.request_id, None)
        return Response.json(200, {})

    def _get_quota(self, request: Request, params: dict[str, str]) -> Response:
        if self._quota is None:
            return Response.json(200, {"type": "none"})
        return Response.json(200, {"type": "limited", "value": self._quota})

    def _get_consumption(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"totalUsage": self._usage})

    def _get_content(self, request: Request, params: dict[str, str]) -> Response:
        content = self._content.get(params["messageId"])
        if content is None:
            return Response.error(404, "Not found")
        return Response.binary(*content)

    def _get_profile(self, request: Request, params: dict[str, str]) -> Response:
        profile = self._profiles.get(params["userId"])
        if profile is None:
            return Response.error(404, "Not found")
        return Response.json(200, dict(profile))

    def _get_member(self, request: Request, params: dict[str, str]) -> Response:
        profile = self._profiles.get(params["userId"])
        if profile is None:
            return Response.error(404, "Not found")
        # The group-member profile carries no language, unlike the 1:1 profile.
        return Response.json(200, {k: v for k, v in profile.items() if k != "language"})

    def _loading(self, request: Request, params: dict[str, str]) -> Response:
        body = json_object(request)
        if isinstance(body, Response):
            return body
        details: v.Details = []
        if not isinstance(body.get("chatId"), str) or not body["chatId"]:
            details.append({"message": "must be specified", "property": "chatId"})
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(seconds, int) or not 5 <= seconds <= 60 or seconds % 5:
            details.append(
                {"message": "must be a multiple of 5 from 5 to 60", "property": "loadingSeconds"}
            )
        if details:
            return self._invalid(details)
        return Response.json(202, {})


def _failure(failure: Failure) -> Response:
    headers = {}
    if failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    message = _FAILURE_MESSAGES.get(failure.status, f"Fake failure {failure.status}")
    return Response.error(failure.status, message, headers=headers)


def _describe(message: dict[str, Any]) -> str:
    label = message["text"] if message["text"] is not None else message["type"]
    return f"{message['kind']}->{message['to']}: {label!r}"
