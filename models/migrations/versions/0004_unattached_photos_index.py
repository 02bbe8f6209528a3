"""photos: index a member's photos that are not in a report yet, so a leader's text finds
them without walking every unattached photo (failed ones are kept for officers)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNATTACHED = sa.text("report_id IS NULL")


def upgrade() -> None:
    op.create_index("ix_photos_unattached", "photos", ["member_id"],
                    sqlite_where=UNATTACHED, postgresql_where=UNATTACHED)


def downgrade() -> None:
    op.drop_index("ix_photos_unattached", table_name="photos")
