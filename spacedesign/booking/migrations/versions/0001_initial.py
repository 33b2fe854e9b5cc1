"""Initial booking schema, with the no-overlap guarantee of each database.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def upgrade() -> None:
    """Create the tables, the overlap guarantee and the append-only audit log."""
    dialect = op.get_bind().dialect.name
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200)),
        sa.Column("use", sa.String(32), nullable=False),
        sa.Column("area", sa.Float, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("capacity_source", sa.String(32), nullable=False),
        sa.Column("wheelchair", sa.Boolean, nullable=False),
        sa.Column("wheelchair_source", sa.String(200), nullable=False),
        sa.Column("scenario", sa.String(400)),
        sa.Column("active", sa.Boolean, nullable=False),
        _pk("rooms"),
        sa.UniqueConstraint("key", name="uq_rooms_key"),
    )
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200)),
        sa.Column("active", sa.Boolean, nullable=False),
        _pk("coordinators"),
        sa.UniqueConstraint("name", name="uq_coordinators_name"),
    )
    op.create_table(
        "rules",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id")),
        sa.Column("modes", sa.String(64), nullable=False),
        sa.Column("weekdays", sa.String(64), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("breaks", sa.String(200), nullable=False),
        sa.Column("slot_minutes", sa.Integer, nullable=False),
        sa.Column("buffer_minutes", sa.Integer, nullable=False),
        sa.Column("travel_minutes", sa.Integer, nullable=False),
        sa.Column("min_notice_minutes", sa.Integer, nullable=False),
        sa.Column("horizon_days", sa.Integer, nullable=False),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_until", sa.Date),
        sa.Column("closed_on_holidays", sa.Boolean, nullable=False),
        _pk("rules"),
    )
    op.create_table(
        "closures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("yearly", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id")),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id")),
        _pk("closures"),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id")),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("start_at", TS, nullable=False),
        sa.Column("end_at", TS, nullable=False),
        sa.Column("block_start", TS, nullable=False),
        sa.Column("block_end", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("business_name", sa.String(200)),
        sa.Column("contact_name", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("email", sa.String(200)),
        sa.Column("company_size", sa.String(16)),
        sa.Column("industry", sa.String(1)),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("needs", sa.JSON, nullable=False),
        sa.Column("attendees", sa.Integer, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("meeting_link", sa.String(400)),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("request_hash", sa.String(64)),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("anonymised_at", TS),
        _pk("bookings"),
        sa.UniqueConstraint("uid", name="uq_bookings_uid"),
        sa.UniqueConstraint("idempotency_key", name="uq_bookings_idempotency_key"),
        sa.CheckConstraint("end_at > start_at", name="ck_bookings_positive_length"),
        sa.CheckConstraint(
            "status IN ('held','confirmed','completed','no_show','cancelled')",
            name="ck_bookings_status",
        ),
        sa.CheckConstraint(
            "mode <> 'onsite' OR room_id IS NOT NULL", name="ck_bookings_onsite_room"
        ),
    )
    op.create_index("ix_bookings_start_at", "bookings", ["start_at"])
    op.create_index("ix_bookings_coordinator_id", "bookings", ["coordinator_id", "start_at"])
    op.create_table(
        "slot_claims",
        sa.Column("resource", sa.String(32), nullable=False),
        sa.Column("cell", sa.Integer, nullable=False),
        sa.Column("booking_id", sa.Integer, sa.ForeignKey("bookings.id"), nullable=False),
        sa.PrimaryKeyConstraint("resource", "cell", name="pk_slot_claims"),
    )
    op.create_index("ix_slot_claims_booking_id", "slot_claims", ["booking_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("booking_id", sa.Integer),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        _pk("audit_log"),
    )
    op.create_index("ix_audit_log_booking_id", "audit_log", ["booking_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200)),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _pk("users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS),
        _pk("api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    if dialect == "postgresql":
        _postgresql_guarantees()
    else:
        _sqlite_guarantees()


def _postgresql_guarantees() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for column in ("room_id", "coordinator_id"):
        op.execute(
            f"ALTER TABLE bookings ADD CONSTRAINT ex_bookings_{column}_overlap "
            f"EXCLUDE USING gist ({column} WITH =, "
            "tstzrange(block_start, block_end, '[)') WITH &&) "
            "WHERE (status IN ('held', 'confirmed'))"
        )
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )


def _sqlite_guarantees() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def downgrade() -> None:
    """Drop everything (the audit log too: only for throw-away databases)."""
    dialect = op.get_bind().dialect.name
    for table in ("settings", "api_tokens", "users", "audit_log", "slot_claims", "bookings",
                  "closures", "rules", "coordinators", "rooms"):
        op.drop_table(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
