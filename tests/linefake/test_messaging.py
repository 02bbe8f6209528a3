from __future__ import annotations

import json
import threading
import uuid

import pytest
from linebot.v3.messaging import (
    ApiException,
    MessagingApi,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    StickerMessage,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ServiceException

from linefake import FakeLine

from .helpers import RawResult, raw_call, text

USER = "U" + "a" * 32
OTHER = "U" + "b" * 32


def push(api: MessagingApi, to: str, body: str, key: str | None = None) -> None:
    api.push_message(PushMessageRequest(to=to, messages=[TextMessage(text=body)]), key)


def reply(api: MessagingApi, token: str, body: str = "ok") -> None:
    api.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text=body)]))


def test_reply_with_issued_token_goes_to_its_owner(fake: FakeLine, api: MessagingApi) -> None:
    token = fake.issue_reply_token(USER)
    response = api.reply_message(
        ReplyMessageRequest(
            reply_token=token,
            messages=[
                TextMessage(text="รับรายงานแล้ว"),
                StickerMessage(package_id="1", sticker_id="2"),
            ],
        )
    )
    assert len(response.sent_messages) == 2
    assert response.sent_messages[0].quote_token
    delivered = fake.sent_messages(USER)
    assert [(m["kind"], m["type"], m["text"]) for m in delivered] == [
        ("reply", "text", "รับรายงานแล้ว"),
        ("reply", "sticker", None),
    ]
    assert [m["id"] for m in delivered] == [s.id for s in response.sent_messages]
    assert fake.sent_messages(OTHER) == []
    assert fake.reply_token_used(token)


def test_reply_token_is_single_use(fake: FakeLine, api: MessagingApi) -> None:
    token = fake.issue_reply_token(USER)
    reply(api, token, "first")
    with pytest.raises(ApiException) as caught:
        reply(api, token, "second")
    assert caught.value.status == 400
    assert json.loads(caught.value.body) == {"message": "Invalid reply token"}
    assert [m["text"] for m in fake.sent_messages()] == ["first"]


def test_unknown_reply_token_rejected(fake: FakeLine, api: MessagingApi) -> None:
    with pytest.raises(ApiException) as caught:
        reply(api, "f" * 32)
    assert caught.value.status == 400
    assert fake.sent_messages() == []


def test_expired_reply_tokens_rejected(fake: FakeLine, api: MessagingApi) -> None:
    forced = fake.issue_reply_token(USER)
    fake.expire_reply_token(forced)
    lapsed = fake.issue_reply_token(USER, ttl=0)  # its time ran out as it was issued
    for token in (forced, lapsed):
        with pytest.raises(ApiException) as caught:
            reply(api, token)
        assert caught.value.status == 400
    assert fake.sent_messages() == []


def test_push_retry_key_is_accepted_once(fake: FakeLine, api: MessagingApi) -> None:
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="เตือน")])
    first = api.push_message_with_http_info(request, x_line_retry_key=key)
    assert first.status_code == 200
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    error = caught.value
    assert error.status == 409
    body = json.loads(error.body)
    assert body["message"] == "The retry key is already accepted"
    assert body["sentMessages"][0]["id"] == first.data.sent_messages[0].id
    assert error.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert len(fake.sent_messages(USER)) == 1
    assert fake.calls("/v2/bot/message/push")[0].headers["x-line-retry-key"] == key


def test_failed_attempt_leaves_retry_key_unaccepted(fake: FakeLine, api: MessagingApi) -> None:
    key = str(uuid.uuid4())
    fake.fail_next("push", 500)
    with pytest.raises(ServiceException) as caught:
        push(api, USER, "x", key)
    assert caught.value.status == 500
    assert fake.sent_messages() == []
    push(api, USER, "x", key)  # the retry goes through
    with pytest.raises(ApiException) as again:
        push(api, USER, "x", key)
    assert again.value.status == 409
    assert [m["text"] for m in fake.sent_messages(USER)] == ["x"]
    assert [c.status for c in fake.calls("/v2/bot/message/push")] == [500, 200, 409]


def test_retry_key_must_be_a_uuid(fake: FakeLine, api: MessagingApi) -> None:
    with pytest.raises(ApiException) as caught:
        push(api, USER, "x", "not-a-uuid")
    assert caught.value.status == 400
    assert fake.sent_messages() == []


def test_push_without_retry_key_is_not_deduplicated(fake: FakeLine, api: MessagingApi) -> None:
    push(api, USER, "a")
    push(api, USER, "a")
    assert len(fake.sent_messages(USER)) == 2


def test_multicast_delivers_to_each_recipient(fake: FakeLine, api: MessagingApi) -> None:
    users = [f"U{i:032d}" for i in range(3)]
    key = str(uuid.uuid4())
    request = MulticastRequest(to=users, messages=[TextMessage(text="1"), TextMessage(text="2")])
    api.multicast(request, x_line_retry_key=key)
    delivered = fake.sent_messages()
    assert [(m["to"], m["text"], m["kind"]) for m in delivered] == [
        (u, t, "multicast") for u in users for t in ("1", "2")
    ]
    with pytest.raises(ApiException) as caught:
        api.multicast(request, x_line_retry_key=key)
    assert caught.value.status == 409
    assert "x-line-accepted-request-id" in caught.value.headers
    assert len(fake.sent_messages()) == 6


def _push_raw(fake: FakeLine, path: str, to: object, messages: list[dict]) -> RawResult:
    return raw_call(fake.base_url, "POST", path, {"to": to, "messages": messages})


def test_multicast_limits(fake: FakeLine) -> None:
    path = "/v2/bot/message/multicast"
    many = [f"U{i:032d}" for i in range(501)]
    assert _push_raw(fake, path, many, [text("x")]).status == 400
    assert _push_raw(fake, path, many[:500], [text("x")] * 6).status == 400
    assert _push_raw(fake, path, [], [text("x")]).status == 400
    assert fake.sent_messages() == []
    ok = _push_raw(fake, path, many[:500], [text("x")] * 5)
    assert (ok.status, ok.body) == (200, {})
    assert len(fake.sent_messages()) == 2500


@pytest.mark.parametrize(
    ("messages", "prop"),
    [
        ([], "messages"),
        ([text("x")] * 6, "messages"),
        ([{"type": "text", "text": ""}], "messages[0].text"),
        ([{"type": "text"}], "messages[0].text"),
        ([text("ok"), text("ก" * 5001)], "messages[1].text"),
        ([text("😀" * 2501)], "messages[0].text"),  # emoji count double, as UTF-16
        ([{"type": "hologram"}], "messages[0].type"),
        (["text"], "messages[0]"),
    ],
)
def test_invalid_messages_rejected(fake: FakeLine, messages: list, prop: str) -> None:
    for path, extra in (("/v2/bot/message/push", {"to": USER}), ("/v2/bot/message/reply", {})):
        if path.endswith("reply"):
            extra = {"replyToken": fake.issue_reply_token(USER)}
        result = raw_call(fake.base_url, "POST", path, {**extra, "messages": messages})
        assert result.status == 400, path
        assert result.body["message"].startswith("The request body has")
        assert prop in [d["property"] for d in result.body["details"]]
    assert fake.sent_messages() == []


def test_longest_text_accepted(fake: FakeLine) -> None:
    result = _push_raw(fake, "/v2/bot/message/push", USER, [text("ก" * 5000)])
    assert result.status == 200
    assert len(fake.sent_messages(USER)[0]["text"]) == 5000


def test_push_needs_a_recipient(fake: FakeLine) -> None:
    assert _push_raw(fake, "/v2/bot/message/push", "", [text("x")]).status == 400


def test_quota_counts_push_and_multicast_per_recipient(fake: FakeLine, api: MessagingApi) -> None:
    quota = api.get_message_quota()
    assert (quota.type.value, quota.value) == ("limited", 500)
    push(api, USER, "a")
    api.push_message(
        PushMessageRequest(to=USER, messages=[TextMessage(text="b"), TextMessage(text="c")])
    )
    api.multicast(MulticastRequest(to=[USER, OTHER, "U3"], messages=[TextMessage(text="m")]))
    reply(api, fake.issue_reply_token(USER))  # replies are free
    assert api.get_message_quota_consumption().total_usage == 5


def test_enforced_quota_refuses_pushes(fake: FakeLine, api: MessagingApi) -> None:
    fake.set_quota(2)
    push(api, USER, "a")
    with pytest.raises(ApiException) as caught:
        api.multicast(MulticastRequest(to=[USER, OTHER], messages=[TextMessage(text="m")]))
    assert caught.value.status == 429
    assert json.loads(caught.value.body)["message"] == "You have reached your monthly limit."
    push(api, OTHER, "b")
    assert api.get_message_quota_consumption().total_usage == 2
    fake.set_quota(None)
    assert api.get_message_quota().type.value == "none"


def test_concurrent_retries_deliver_once(fake: FakeLine) -> None:
    key = str(uuid.uuid4())
    body = {"to": USER, "messages": [text("once")]}
    statuses: list[int] = []

    def attempt() -> None:
        result = raw_call(
            fake.base_url, "POST", "/v2/bot/message/push", body, headers={"X-Line-Retry-Key": key}
        )
        statuses.append(result.status)

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 15
    assert len(fake.sent_messages(USER)) == 1
