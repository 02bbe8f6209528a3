"""audit_log.area and audit_log.actor_role: in which area a staff action was taken (a
division code: 43, 4301, 430109, TH) and the actor's role at the time (models/audit.py)

Rows written before stay without them: the listing shows the actor's present ones.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("actor_role", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("actor_role")
        batch_op.drop_column("area")
