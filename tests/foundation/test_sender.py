"""The outbox sender against a misbehaving LINE: 5xx, 429, refusals, retry keys."""

from __future__ import annotations

import time

from linefake.server import FakeLine
from models.outbox import enqueue_push
from tests.conftest import LiveBot, eventually, new_user_id, outbox_rows


def push(bot: LiveBot, to: list[str], text: str, dedupe_key: str | None = None) -> None:
    with bot.db.transaction() as session:
        enqueue_push(session, to, [{"type": "text", "text": text}], dedupe_key=dedupe_key)
    assert bot.background is not None and bot.background.sender is not None
    bot.background.sender.wake.set()


def retry_keys(fake: FakeLine, path: str) -> list[str | None]:
    return [c.headers.get("x-line-retry-key") for c in fake.calls(path)]


def test_500_then_200_delivers_once_with_the_same_retry_key(bot: LiveBot) -> None:
    user = new_user_id()
    bot.fake.fail_next("push", 500)
    push(bot, [user], "เตือน: พรุ่งนี้วันแม่แห่งชาติ")
    [message] = bot.fake.wait_for_messages(1, to=user)
    assert message["text"] == "เตือน: พรุ่งนี้วันแม่แห่งชาติ"
    keys = retry_keys(bot.fake, "/v2/bot/message/push")
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0]
    [row] = eventually(lambda: [r for r in outbox_rows(bot.db) if r.status == "done"])
    assert row.attempts == 2 and row.retry_key == keys[0]


def test_timeout_after_acceptance_is_settled_by_409(bot: LiveBot) -> None:
    user = new_user_id()
    # LINE takes the push but answers too late: the retry with the same key gets 409.
    bot.fake.set_delay(3.0, "push")
    push(bot, [user], "ข้อความสำคัญ")
    bot.fake.wait_for(lambda: bot.fake.calls("/v2/bot/message/push"))
    bot.fake.wait_for_messages(1, to=user)
    bot.fake.set_delay(0.0, "push")
    [row] = eventually(lambda: [r for r in outbox_rows(bot.db) if r.status == "done"],
                       timeout=10)
    statuses = [c.status for c in bot.fake.calls("/v2/bot/message/push")]
    assert statuses[-1] == 409 and len(set(retry_keys(bot.fake, "/v2/bot/message/push"))) == 1
    assert len(bot.fake.sent_messages(to=user)) == 1
    assert row.attempts >= 2


def test_429_backs_off_for_retry_after(bot: LiveBot) -> None:
    users = [new_user_id() for _ in range(3)]
    bot.fake.fail_next("multicast", 429, retry_after=1)
    push(bot, users, "ประชุมประจำเดือน")
    bot.fake.wait_for_messages(3, timeout=10)
    calls = bot.fake.calls("/v2/bot/message/multicast")
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 0.95
    assert all(len(bot.fake.sent_messages(to=u)) == 1 for u in users)


def test_other_4xx_fails_at_once_with_the_error_kept(bot: LiveBot) -> None:
    push(bot, [new_user_id()], "")  # LINE refuses an empty text
    [row] = eventually(lambda: [r for r in outbox_rows(bot.db) if r.status == "failed"])
    assert row.attempts == 1 and "400" in (row.last_error or "")


def test_replies_are_sent_concurrently(bot: LiveBot) -> None:
    bot.fake.set_delay(0.3, "push")
    users = [new_user_id() for _ in range(8)]
    started = time.monotonic()
    for user in users:
        push(bot, [user], "ทดสอบ")
    bot.fake.wait_for_messages(8, timeout=10)
    assert time.monotonic() - started < 1.5  # one at a time would take 2.4 s


def test_planned_push_is_stored_once_per_dedupe_key(bot: LiveBot) -> None:
    user = new_user_id()
    push(bot, [user], "เตือนส่งรายงาน", dedupe_key=f"due:{user}:2569-12")
    push(bot, [user], "เตือนส่งรายงาน", dedupe_key=f"due:{user}:2569-12")
    bot.fake.wait_for_messages(1, to=user)
    eventually(lambda: all(r.status == "done" for r in outbox_rows(bot.db)))
    assert len(outbox_rows(bot.db)) == 1
