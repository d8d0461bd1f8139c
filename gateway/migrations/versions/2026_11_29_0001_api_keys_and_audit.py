"""API keys and audit records.

Revision ID: 2026_11_29_0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "2026_11_29_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("org", sa.String(32), nullable=False),
        sa.Column("roles", JSONDoc, nullable=False),
        sa.Column("clearance", sa.String(32), nullable=False),
        sa.Column("rate_limit_per_second", sa.Float(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=True),
        sa.Column("revoked_at", UTCDateTime, nullable=True),
        sa.Column("revoked_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_org", "api_keys", ["org"])
    op.create_table(
        "audit_records",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("request_id", sa.String(128), nullable=False),
        sa.Column("credential", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("org", sa.String(32), nullable=False),
        sa.Column("roles", JSONDoc, nullable=False),
        sa.Column("clearance", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(2000), nullable=False),
        sa.Column("query", sa.String(1000), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_records"),
    )
    op.create_index("ix_audit_records_occurred_at_id", "audit_records", ["occurred_at", "id"])
    op.create_index(
        "ix_audit_records_credential_occurred_at", "audit_records", ["credential", "occurred_at"]
    )
    op.create_index("ix_audit_records_org_occurred_at", "audit_records", ["org", "occurred_at"])


def downgrade() -> None:
    op.drop_table("audit_records")
    op.drop_table("api_keys")
