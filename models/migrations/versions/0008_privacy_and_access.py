"""members.consent_version: the PDPA notice a member accepted; code_attempts: wrong
registration codes per LINE user (guessing stops after five in an hour); files_to_delete:
photo files of erased data, deleted by the edge after the commit (models/members.py)

Members who consented before notices had versions accepted the first one: "1".

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=16), nullable=True))
    op.execute("UPDATE members SET consent_version = '1' WHERE consented_at IS NOT NULL")
    op.create_table(
        "code_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_user_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_attempts")),
    )
    op.create_index("ix_code_attempts_line_user_id_at", "code_attempts",
                    ["line_user_id", "at"])
    op.create_table(
        "files_to_delete",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files_to_delete")),
    )


def downgrade() -> None:
    op.drop_table("files_to_delete")
    op.drop_index("ix_code_attempts_line_user_id_at", table_name="code_attempts")
    op.drop_table("code_attempts")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("consent_version")
