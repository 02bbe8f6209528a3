"""reports, photos: indexes for a month's figures (models/stats.py), so that a province's or
the country's status reads the month's reports and their photos from indexes alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reports_month_figures", "reports",
                    ["activity_date", "centre_id", "status", "activity_type", "participants"],
                    postgresql_include=["id"])
    op.create_index("ix_photos_report_status", "photos", ["report_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_photos_report_status", table_name="photos")
    op.drop_index("ix_reports_month_figures", table_name="reports")
