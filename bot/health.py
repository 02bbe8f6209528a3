"""GET /healthz: can we reach the database, and how far behind are the queues?"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from models.inbox import InboxEvent
from models.landing import landed_count
from models.outbox import OutboxMessage
from models.queue import FAILED, PENDING, WORKING

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    db = current_app.extensions["db"]
    try:
        with db.sessions() as session:
            inbox = dict(session.execute(
                select(InboxEvent.status, func.count()).where(
                    InboxEvent.status.in_((PENDING, WORKING, FAILED)))
                .group_by(InboxEvent.status)).all())
            outbox = dict(session.execute(
                select(OutboxMessage.status, func.count()).where(
                    OutboxMessage.status.in_((PENDING, WORKING, FAILED)))
                .group_by(OutboxMessage.status)).all())
        landed = landed_count(db)
    except SQLAlchemyError as exc:
        return jsonify(status="error", database="unreachable", error=type(exc).__name__), 503
    return jsonify(
        status="ok",
        database="ok",
        inbox_backlog=landed + inbox.get(PENDING, 0) + inbox.get(WORKING, 0),
        inbox_failed=inbox.get(FAILED, 0),
        outbox_backlog=outbox.get(PENDING, 0) + outbox.get(WORKING, 0),
        outbox_failed=outbox.get(FAILED, 0),
    )
