from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections.abc import Callable

import pytest
from linebot.v3.messaging import (
    ApiException,
    MessagingApi,
    PushMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ServiceException, UnauthorizedException

from linefake import FakeLine
from linefake.behaviour import Behaviour, Failure

from .helpers import TOKEN, close_client, make_client, raw_call, text

USER = "U" + "c" * 32


def push(api: MessagingApi, body: str = "x", key: str | None = None) -> None:
    api.push_message(PushMessageRequest(to=USER, messages=[TextMessage(text=body)]), key)


def timed(action: Callable[[], object]) -> float:
    start = time.monotonic()
    action()
    return time.monotonic() - start


def test_429_carries_retry_after_then_recovers(fake: FakeLine, api: MessagingApi) -> None:
    fake.fail_next("push", 429, retry_after=7)
    with pytest.raises(ApiException) as caught:
        push(api)
    error = caught.value
    assert error.status == 429
    assert error.headers["Retry-After"] == "7"
    assert json.loads(error.body)["message"] == (
        "The API rate limit has been exceeded. Try again later."
    )
    push(api)
    assert len(fake.sent_messages()) == 1


def test_failures_queue_per_endpoint(fake: FakeLine, api: MessagingApi) -> None:
    fake.fail_next("push", 503, times=2)
    fake.set_profile(USER, "สมศรี")
    assert api.get_profile(USER).display_name == "สมศรี"  # other endpoints unaffected
    statuses = []
    for _ in range(3):
        try:
            push(api)
            statuses.append(200)
        except ServiceException as exc:
            statuses.append(exc.status)
    assert statuses == [503, 503, 200]


def test_failure_does_not_consume_reply_token(fake: FakeLine) -> None:
    token = fake.issue_reply_token(USER)
    fake.fail_next("reply", 500)
    body = {"replyToken": token, "messages": [text("x")]}
    assert raw_call(fake.base_url, "POST", "/v2/bot/message/reply", body).status == 500
    assert raw_call(fake.base_url, "POST", "/v2/bot/message/reply", body).status == 200


def test_bearer_token_checked(fake: FakeLine) -> None:
    client = make_client(fake.base_url, token="wrong")
    try:
        with pytest.raises(UnauthorizedException) as caught:
            push(MessagingApi(client))
    finally:
        close_client(client)
    assert caught.value.status == 401
    assert json.loads(caught.value.body)["message"].startswith("Authentication failed")
    assert raw_call(fake.base_url, "GET", "/v2/bot/message/quota", token=None).status == 401
    assert fake.sent_messages() == []
    assert [c.status for c in fake.calls()] == [401, 401]


def test_unknown_path_is_404(fake: FakeLine) -> None:
    result = raw_call(fake.base_url, "GET", "/v2/bot/nothing/here")
    assert result.status == 404
    assert fake.calls()[0].endpoint is None


def test_delay_is_honoured_per_endpoint(fake: FakeLine, api: MessagingApi) -> None:
    fake.set_delay(0.3, "push")
    assert timed(push.__get__(api)) >= 0.28  # type: ignore[attr-defined]
    assert timed(api.get_message_quota) < 0.2
    fake.set_delay(0.2)  # the default for every endpoint without its own delay
    assert timed(api.get_message_quota) >= 0.18
    fake.set_delay(0, "push")
    fake.set_delay(0)
    assert timed(push.__get__(api)) < 0.2  # type: ignore[attr-defined]


def test_hang_drops_the_connection_unanswered(fake: FakeLine) -> None:
    fake.hang("push", 0.2)
    host, port = fake.base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    body = json.dumps({"to": USER, "messages": [text("x")]})
    started = time.monotonic()
    try:
        conn.request("POST", "/v2/bot/message/push", body, {"Authorization": f"Bearer {TOKEN}"})
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            conn.getresponse()
    finally:
        conn.close()
    assert time.monotonic() - started >= 0.18
    assert fake.sent_messages() == []
    assert [c.status for c in fake.calls()] == [0]
    path = "/v2/bot/message/push"
    assert raw_call(fake.base_url, "POST", path, json.loads(body)).status == 200


def test_rate_limit(fake: FakeLine) -> None:
    fake.set_profile(USER, "a")
    fake.set_rate_limit("profile", 3)
    statuses = [raw_call(fake.base_url, "GET", f"/v2/bot/profile/{USER}").status for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    fake.set_rate_limit("profile", None)
    assert raw_call(fake.base_url, "GET", f"/v2/bot/profile/{USER}").status == 200


def test_unknown_behaviour_endpoint_rejected(fake: FakeLine) -> None:
    with pytest.raises(ValueError):
        fake.fail_next("pushh", 500)


def test_calls_are_recorded_before_the_answer(fake: FakeLine, api: MessagingApi) -> None:
    key = str(uuid.uuid4())
    push(api, "บันทึก", key)
    [call] = fake.calls("/v2/bot/message/push")  # no waiting needed
    assert call.method == "POST"
    assert call.status == 200
    assert call.endpoint == "push"
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.headers["x-line-retry-key"] == key
    assert call.body["messages"] == [{"type": "text", "text": "บันทึก"}]
    assert call.body_length == int(call.headers["content-length"])
    assert call.response["sentMessages"][0]["id"] == fake.sent_messages()[0]["id"]
    assert fake.calls("/v2/bot/profile") == []


def test_keep_alive_reuses_the_connection(fake: FakeLine) -> None:
    host, port = fake.base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        conn.request("GET", "/v2/bot/message/quota", headers=headers)
        conn.getresponse().read()
        first_socket = conn.sock
        conn.request("GET", "/v2/bot/message/quota/consumption", headers=headers)
        response = conn.getresponse()
        assert json.loads(response.read()) == {"totalUsage": 0}
        assert conn.sock is first_socket and first_socket is not None
    finally:
        conn.close()


def test_wait_for_messages(fake: FakeLine, api: MessagingApi) -> None:
    timer = threading.Timer(0.1, push, args=(api, "later"))
    timer.start()
    try:
        found = fake.wait_for_messages(1, to=USER, timeout=3)
    finally:
        timer.join()
    assert found[0]["text"] == "later"
    with pytest.raises(AssertionError, match=r"expected 2 message\(s\) to .* got 1"):
        fake.wait_for_messages(2, timeout=0.1)


def test_wait_for_predicate(fake: FakeLine, api: MessagingApi) -> None:
    timer = threading.Timer(0.05, api.get_message_quota)
    timer.start()
    try:
        calls = fake.wait_for(lambda: fake.calls("/v2/bot/message/quota"), timeout=3)
    finally:
        timer.join()
    assert calls[0].status == 200
    with pytest.raises(AssertionError, match="recent calls"):
        fake.wait_for(lambda: False, timeout=0.05)


def test_reset_forgets_everything(fake: FakeLine, api: MessagingApi) -> None:
    push(api)
    fake.fail_next("push", 500)
    fake.reset()
    assert fake.calls() == [] and fake.sent_messages() == []
    push(api)  # the queued failure is gone too
    assert api.get_message_quota_consumption().total_usage == 1


def failures_in(behaviour: Behaviour, endpoint: str, requests: int) -> list[int]:
    """Which of `requests` requests to `endpoint` would fail, by their number."""
    return [n for n in range(requests) if behaviour.plan(endpoint).failure is not None]


def test_random_failures_at_the_rate_asked_and_the_same_each_run() -> None:
    first, second = Behaviour(), Behaviour()
    for behaviour in (first, second):
        behaviour.fail_randomly(0.05, 429, seed=12)
    failed = failures_in(first, "multicast", 4000)
    assert 150 <= len(failed) <= 250  # 5 % of 4,000 is 200; this is > 3.5 sigma either way
    # Requests to another endpoint in between do not move which multicasts fail.
    interleaved = []
    for n in range(4000):
        second.plan("push")
        if second.plan("multicast").failure is not None:
            interleaved.append(n)
    assert interleaved == failed
    other = Behaviour()
    other.fail_randomly(0.05, 429, seed=13)
    assert failures_in(other, "multicast", 4000) != failed


def test_random_failures_per_endpoint_off_and_reset() -> None:
    behaviour = Behaviour()
    behaviour.fail_randomly(1.0, 503, endpoint="push", retry_after=3)
    assert behaviour.plan("push").failure == Failure(503, 3)
    assert behaviour.plan("multicast").failure is None  # only the endpoint asked for
    behaviour.fail_randomly(0.0, endpoint="push")
    assert failures_in(behaviour, "push", 100) == []
    behaviour.fail_randomly(1.0)
    assert behaviour.plan("reply").failure == Failure(429)
    behaviour.reset()
    assert failures_in(behaviour, "reply", 100) == []
    with pytest.raises(ValueError):
        behaviour.fail_randomly(1.5)
    with pytest.raises(ValueError):
        behaviour.fail_randomly(0.1, 200)
    with pytest.raises(ValueError):
        behaviour.fail_randomly(0.1, endpoint="nowhere")


def test_random_429_reaches_the_client_and_delivers_nothing(fake: FakeLine,
                                                            api: MessagingApi) -> None:
    fake.behaviour.fail_randomly(1.0, endpoint="push")
    with pytest.raises(ApiException) as caught:
        push(api)
    assert caught.value.status == 429 and fake.sent_messages() == []
    assert [c.status for c in fake.calls()] == [429]
    fake.behaviour.fail_randomly(0.0)  # the endpoint's own setting still holds
    with pytest.raises(ApiException):
        push(api)
    fake.behaviour.fail_randomly(0.0, endpoint="push")
    push(api)
    assert len(fake.sent_messages()) == 1
