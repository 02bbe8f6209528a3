"""rich menus: the current LINE rich menu of each role

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:19:36.401012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rich_menus",
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("rich_menu_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_rich_menus")),
    )


def downgrade() -> None:
    op.drop_table("rich_menus")
