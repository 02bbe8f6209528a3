"""The same message to many people: multicasts of at most 500, one alone as a push."""

from __future__ import annotations

from models.outbox import MULTICAST_LIMIT, enqueue_multicast
from models.session import Database
from tests.conftest import outbox_rows


def test_recipients_are_split_into_batches_of_500(db: Database) -> None:
    to = [f"U{n:032x}" for n in range(1201)]
    with db.transaction() as session:
        enqueue_multicast(session, to, [{"type": "text", "text": "ประกาศ"}])
    rows = outbox_rows(db)
    assert [len(r.recipients) for r in rows] == [500, 500, 201]
    assert {r.kind for r in rows} == {"multicast"} and MULTICAST_LIMIT == 500
    assert [u for r in rows for u in r.recipients] == to
    assert len({r.retry_key for r in rows}) == 3


def test_one_recipient_is_a_push_and_a_dedupe_key_plans_once(db: Database) -> None:
    for _ in range(2):
        with db.transaction() as session:
            enqueue_multicast(session, ["U" + "a" * 32], [{"type": "text", "text": "x"}],
                              dedupe_key="once")
    [row] = outbox_rows(db)
    assert row.kind == "push"
