"""planned_reminders and reminder_days: each person's reminder of a Thai day is planned once,
and a day whose reminders are planned is not read again (models/reminders.py)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planned_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("line_user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_reminders")),
        sa.UniqueConstraint("day", "line_user_id", name="uq_planned_reminders_day_line_user_id"),
    )
    op.create_table(
        "reminder_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_reminder_days")),
    )


def downgrade() -> None:
    op.drop_table("reminder_days")
    op.drop_table("planned_reminders")
