"""The one wrapper around line-bot-sdk's MessagingApi: every call the bot makes to LINE."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    ShowLoadingAnimationRequest,
)

Message = dict[str, Any]  # a message object in LINE's JSON form


class LineError(Exception):
    """LINE refused or did not answer. `status` is None for network errors and timeouts."""

    def __init__(self, status: int | None, message: str, retry_after: float | None = None):
        super().__init__(f"LINE {status or 'network error'}: {message}")
        self.status = status
        self.message = message
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """Worth retrying: a network fault, a rate limit or a server error."""
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def retry_key_accepted(self) -> bool:
        """409 on a request with a retry key: an earlier attempt was accepted, so it is sent."""
        return self.status == 409

    @property
    def reply_token_invalid(self) -> bool:
        return self.status == 400 and "reply token" in self.message.lower()


@dataclass(frozen=True)
class Content:
    data: bytes
    content_type: str


class Pace:
    """At most `per_second` calls a second, spread evenly: pushes and multicasts stay below
    LINE's per-endpoint rate limits instead of running into 429s. Thread-safe; each caller
    waits for its own slot."""

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


class LineClient:
    def __init__(self, access_token: str, api_base: str, *, pool_size: int = 64,
                 timeout: float = 10.0, pushes_per_second: float = 0.0) -> None:
        config = Configuration(host=api_base, access_token=access_token)
        config.connection_pool_maxsize = pool_size
        config.retries = False  # retries belong to the outbox, which keeps the retry key
        self._api_client = ApiClient(config)
        self._api = MessagingApi(self._api_client)
        self._blob = MessagingApiBlob(self._api_client)
        self._timeout = timeout
        self._pace = Pace(pushes_per_second)
        # The SDK's rule: the configured host, else LINE's own.
        self._base_url = config.host or self._api.line_base_path
        self._send_headers = {**self._api_client.default_headers,
                              "Accept": "application/json", "Content-Type": "application/json",
                              "Authorization": f"Bearer {access_token}"}

    def close(self) -> None:
        self._api_client.close()

    # Messages go out as the JSON the outbox already holds, over the SDK's own connection pool
    # with its configuration. The SDK's methods would first walk the messages (its typed
    # MessagingApi turns a Flex card into pydantic models and back, ~4 ms a message; even
    # its ApiClient.call_api sanitises and re-encodes them): a third of the sender's CPU.
    def reply(self, reply_token: str, messages_json: str) -> None:
        self._send("/v2/bot/message/reply", {"replyToken": reply_token}, messages_json)

    def push(self, to: str, messages_json: str, retry_key: str) -> None:
        self._pace.wait()
        self._send("/v2/bot/message/push", {"to": to}, messages_json, retry_key)

    def multicast(self, to: list[str], messages_json: str, retry_key: str) -> None:
        self._pace.wait()
        self._send("/v2/bot/message/multicast", {"to": to}, messages_json, retry_key)

    def _send(self, path: str, fields: dict[str, Any], messages_json: str,
              retry_key: str | None = None) -> None:
        body = json.dumps(fields)[:-1] + ', "messages": ' + messages_json + "}"
        headers = self._send_headers
        if retry_key is not None:
            headers = {**headers, "X-Line-Retry-Key": retry_key}
        try:
            response = self._api_client.rest_client.pool_manager.request(
                "POST", self._base_url + path, body=body.encode(), headers=headers,
                timeout=urllib3.Timeout(total=self._timeout), retries=False)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise LineError(None, type(exc).__name__) from None
        if not 200 <= response.status < 300:
            raise _line_error(response.status, response.reason, response.data,
                              response.headers)

    def display_name(self, user_id: str, group_id: str | None = None) -> str | None:
        """The member's LINE display name, or None when LINE will not say."""
        try:
            if group_id:
                profile = self._call(self._api.get_group_member_profile, group_id, user_id)
            else:
                profile = self._call(self._api.get_profile, user_id)
        except LineError as exc:
            if exc.transient:
                raise
            return None
        name = profile.display_name
        return str(name) if name is not None else None

    def content(self, message_id: str) -> Content:
        response = self._call(self._blob.get_message_content_with_http_info, message_id)
        headers = response.headers or {}
        content_type = headers.get("Content-Type") or headers.get("content-type") or ""
        return Content(bytes(response.data), content_type)

    def show_loading(self, chat_id: str, seconds: int = 20) -> None:
        request = ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
        self._call(self._api.show_loading_animation, request)

    def quota_left(self) -> int | None:
        """Messages the account may still send this month; None: no limit."""
        quota = self._call(self._api.get_message_quota)
        if quota.type != "limited" or quota.value is None:
            return None
        used = self._call(self._api.get_message_quota_consumption).total_usage
        return max(int(quota.value) - int(used or 0), 0)

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, _request_timeout=self._timeout, **kwargs)
        except ApiException as exc:
            raise _line_error(exc.status, exc.reason, exc.body, exc.headers) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise LineError(None, type(exc).__name__) from None

    # Rich menus: `cddbot richmenu setup` makes them, the outbox sender links them to members.

    def create_rich_menu(self, menu: dict[str, Any]) -> str:
        """Create a menu from its JSON form; returns its richMenuId."""
        from linebot.v3.messaging import RichMenuRequest  # only the setup command needs it

        response = self._call(self._api.create_rich_menu, RichMenuRequest.from_dict(menu))
        return str(response.rich_menu_id)

    def upload_rich_menu_image(self, rich_menu_id: str, png: bytes) -> None:
        # Without the header the SDK sends application/octet-stream, which LINE refuses.
        self._call(self._blob.set_rich_menu_image, rich_menu_id, png,
                   _headers={"Content-Type": "image/png"})

    def rich_menus(self) -> dict[str, str]:
        """Every rich menu of the channel: richMenuId -> name."""
        response = self._call(self._api.get_rich_menu_list)
        return {m.rich_menu_id: m.name for m in response.richmenus}

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self._call(self._api.delete_rich_menu, rich_menu_id)

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        self._call(self._api.link_rich_menu_id_to_user, user_id, rich_menu_id)

    def unlink_rich_menu(self, user_id: str) -> None:
        self._call(self._api.unlink_rich_menu_id_from_user, user_id)

    def rich_menu_of(self, user_id: str) -> str | None:
        """The menu linked to this user, or None (LINE answers 404 when there is none)."""
        try:
            response = self._call(self._api.get_rich_menu_id_of_user, user_id)
        except LineError as exc:
            if exc.status == 404:
                return None
            raise
        return str(response.rich_menu_id)


def _line_error(status: int, reason: str | None, body: bytes | str | None,
                headers: Mapping[str, str] | None) -> LineError:
    message = reason or ""
    try:
        message = str(json.loads(body or b"{}").get("message") or message)
    except (ValueError, AttributeError):
        pass
    retry_after = None
    if headers:
        raw = headers.get("Retry-After") or headers.get("retry-after")
        if raw and str(raw).isdigit():
            retry_after = float(raw)
    return LineError(status, message, retry_after)
