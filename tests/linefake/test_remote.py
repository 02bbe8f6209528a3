from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from linebot.v3.messaging import (
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ServiceException

from linefake import FakeLine, FakeLineRemote

from .helpers import TOKEN, close_client, make_client

USER = "U" + "f" * 32


@pytest.fixture
def remote(fake: FakeLine) -> FakeLineRemote:
    return FakeLineRemote(fake.base_url)


def test_control_api_drives_the_fake(
    remote: FakeLineRemote, api: MessagingApi, blob: MessagingApiBlob
) -> None:
    assert remote.ping()
    token = remote.issue_reply_token(USER)
    api.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ตอบ")]))
    [message] = remote.sent_messages(USER)
    assert (message["kind"], message["text"]) == ("reply", "ตอบ")
    assert remote.sent_messages("U-nobody") == []
    [call] = remote.calls("/v2/bot/message/reply")
    assert (call.status, call.body["replyToken"]) == (200, token)
    assert remote.calls("/_fake") == []  # control traffic is not logged

    remote.put_content("m-7", b"\x89PNG-bytes", content_type="image/png")
    assert bytes(blob.get_message_content("m-7")) == b"\x89PNG-bytes"

    remote.set_profile(USER, "บุญมี")
    assert api.get_profile(USER).display_name == "บุญมี"


def test_control_api_behaviour(remote: FakeLineRemote, api: MessagingApi) -> None:
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="x")])
    remote.fail_next("push", 503, retry_after=3)
    with pytest.raises(ServiceException) as caught:
        api.push_message(request)
    assert caught.value.headers["Retry-After"] == "3"

    remote.set_delay(0.2, "push")
    started = time.monotonic()
    api.push_message(request)
    assert time.monotonic() - started >= 0.18
    remote.set_delay(0, "push")

    remote.set_quota(1)
    assert api.get_message_quota().value == 1
    assert remote.wait_for_messages(1, to=USER, timeout=1)[0]["text"] == "x"
    with pytest.raises(AssertionError, match="expected 2"):
        remote.wait_for_messages(2, timeout=0.1)

    token = remote.issue_reply_token(USER)
    remote.expire_reply_token(token)
    remote.reset()
    assert remote.calls() == [] and remote.sent_messages() == []


def test_control_api_reports_bad_requests(remote: FakeLineRemote) -> None:
    with pytest.raises(RuntimeError, match="400"):
        remote.fail_next("nonsense", 500)
    with pytest.raises(RuntimeError, match="400"):
        remote.expire_reply_token("unknown")


@pytest.fixture
def standalone() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "linefake", "--token", TOKEN, "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0


def test_standalone_process(standalone: str) -> None:
    assert standalone.startswith("http://127.0.0.1:")
    remote = FakeLineRemote(standalone)
    assert remote.ping()
    client = make_client(standalone)
    try:
        MessagingApi(client).push_message(
            PushMessageRequest(to=USER, messages=[TextMessage(text="จากอีกโปรเซส")])
        )
    finally:
        close_client(client)
    assert remote.sent_messages(USER)[0]["text"] == "จากอีกโปรเซส"
