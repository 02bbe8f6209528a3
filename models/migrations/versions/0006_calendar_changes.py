"""calendar_changes: the important days the department or a province adds, moves or cancels
in a year (models/calendar.py)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("name_th", sa.String(length=200), nullable=True),
        sa.Column("volunteer_day", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint("action IN ('add', 'move', 'cancel')",
                           name=op.f("ck_calendar_changes_action")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_changes")),
    )
    op.create_index("ix_calendar_changes_year", "calendar_changes", ["year", "id"])


def downgrade() -> None:
    op.drop_index("ix_calendar_changes_year", table_name="calendar_changes")
    op.drop_table("calendar_changes")
