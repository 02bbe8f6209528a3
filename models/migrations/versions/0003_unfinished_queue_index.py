"""queues: index only unfinished rows by chat, so finding each chat's next row stays cheap
however many finished rows the tables hold

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("status IN ('pending', 'working')")
TABLES = ("inbox_events", "outbox_messages")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_chat_order", table_name=table)
        op.create_index(f"ix_{table}_unfinished", table, ["chat_key", "id"],
                        sqlite_where=UNFINISHED, postgresql_where=UNFINISHED)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_unfinished", table_name=table)
        op.create_index(f"ix_{table}_chat_order", table, ["chat_key", "id"])
