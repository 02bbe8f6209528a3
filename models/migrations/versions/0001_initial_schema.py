"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:02:02.429549
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_chats")),
    )
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_event_id", sa.String(length=64), nullable=False),
        sa.Column("chat_key", sa.String(length=80), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("line_timestamp", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_events")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_inbox_events_webhook_event_id")),
    )
    with op.batch_alter_table("inbox_events", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_events_chat_order", ["chat_key", "id"], unique=False)
        batch_op.create_index("ix_inbox_events_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("chat_key", sa.String(length=80), nullable=True),
        sa.Column("reply_token", sa.String(length=255), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("retry_key", sa.String(length=36), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("fallback_push", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_messages_chat_order", ["chat_key", "id"], unique=False)
        batch_op.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "provinces",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name_th", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_provinces")),
    )
    op.create_table(
        "districts",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("name_th", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["province_code"], ["provinces.code"], name=op.f("fk_districts_province_code_provinces")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_districts")),
    )
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_districts_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "subdistricts",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("district_code", sa.String(length=4), nullable=False),
        sa.Column("name_th", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["districts.code"],
            name=op.f("fk_subdistricts_district_code_districts"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_subdistricts")),
    )
    with op.batch_alter_table("subdistricts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subdistricts_district_code"), ["district_code"], unique=False
        )

    op.create_table(
        "centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subdistrict_code", sa.String(length=6), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subdistrict_code"],
            ["subdistricts.code"],
            name=op.f("fk_centres_subdistrict_code_subdistricts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centres")),
        sa.UniqueConstraint("join_code", name=op.f("uq_centres_join_code")),
        sa.UniqueConstraint("subdistrict_code", name=op.f("uq_centres_subdistrict_code")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_user_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("district_code", sa.String(length=4), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_members_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"], name=op.f("fk_members_district_code_districts")
        ),
        sa.ForeignKeyConstraint(
            ["province_code"], ["provinces.code"], name=op.f("fk_members_province_code_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("line_user_id", name=op.f("uq_members_line_user_id")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_centre_id"), ["centre_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_member_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_member_id"], ["members.id"], name=op.f("fk_audit_log_actor_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "invite_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("area_code", sa.String(length=6), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_member_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["used_by_member_id"],
            ["members.id"],
            name=op.f("fk_invite_codes_used_by_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_invite_codes_code")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_event_id", sa.String(length=64), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("chat_key", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("activity_type", sa.String(length=4), nullable=True),
        sa.Column("dimension", sa.String(length=16), nullable=True),
        sa.Column("national_day", sa.String(length=40), nullable=True),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("type_confirmed_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_reports_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_reports_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["type_confirmed_by"], ["members.id"], name=op.f("fk_reports_type_confirmed_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_reports_source_event_id")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reports_centre_activity_date", ["centre_id", "activity_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_member_id"), ["member_id"], unique=False)

    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_message_id", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("path", sa.String(length=300), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=64), nullable=True),
        sa.Column("image_set_id", sa.String(length=64), nullable=True),
        sa.Column("image_index", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_photos_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_photos_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("line_message_id", name=op.f("uq_photos_line_message_id")),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_photos_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_photos_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_photos_sha256"))
        batch_op.drop_index(batch_op.f("ix_photos_report_id"))

    op.drop_table("photos")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_member_id"))
        batch_op.drop_index("ix_reports_centre_activity_date")

    op.drop_table("reports")
    op.drop_table("invite_codes")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_centre_id"))

    op.drop_table("members")
    op.drop_table("centres")
    with op.batch_alter_table("subdistricts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subdistricts_district_code"))

    op.drop_table("subdistricts")
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_districts_province_code"))

    op.drop_table("districts")
    op.drop_table("provinces")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_due")
        batch_op.drop_index("ix_outbox_messages_chat_order")

    op.drop_table("outbox_messages")
    with op.batch_alter_table("inbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_events_due")
        batch_op.drop_index("ix_inbox_events_chat_order")

    op.drop_table("inbox_events")
    op.drop_table("chats")
