"""A transaction's replies are written together at its commit (one INSERT for a worker's
batch); a chat's messages still leave in the order they were queued, and a rolled-back
transaction leaves none of its replies behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.outbox import OutboxMessage, enqueue_push, enqueue_reply
from models.session import Database
from tests.conftest import new_user_id


def outbox(db: Database) -> list[tuple[str, str | None, list[dict[str, str]]]]:
    with db.sessions() as session:
        return [(row.kind, row.chat_key, row.messages) for row in session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id))]


def text(words: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": words}]


def test_replies_and_pushes_of_a_chat_keep_the_order_they_were_queued_in(db: Database) -> None:
    user, other = new_user_id(), new_user_id()
    with db.transaction() as session:
        enqueue_push(session, [user], text("หนึ่ง"))
        enqueue_reply(session, "token-1", user, text("สอง"))
        enqueue_reply(session, "token-2", other, text("ของอีกคน"))
        enqueue_push(session, [user], text("สาม"))
        enqueue_reply(session, "token-3", user, text("สี่"))
        assert session.info.get("outbox.replies"), "replies wait for the commit"
    rows = outbox(db)
    assert [m[0]["text"] for kind, chat, m in rows if chat == f"user:{user}"] == \
        ["หนึ่ง", "สอง", "สาม", "สี่"]
    assert [kind for kind, chat, _ in rows if chat == f"user:{user}"] == \
        ["push", "reply", "push", "reply"]
    assert [m[0]["text"] for _, chat, m in rows if chat == f"user:{other}"] == ["ของอีกคน"]


def test_a_rolled_back_transaction_writes_none_of_its_replies(db: Database) -> None:
    user = new_user_id()
    with db.sessions() as session:
        with pytest.raises(RuntimeError), session.begin():
            enqueue_reply(session, "token-1", user, text("ไม่ควรส่ง"))
            raise RuntimeError("the handler failed")
        with session.begin():  # the same session's next transaction
            enqueue_reply(session, "token-2", user, text("ส่ง"))
    assert [m[0]["text"] for _, _, m in outbox(db)] == ["ส่ง"]
