"""The gateway consumes events: its inbox and dead letters, and a copy of sharing terms.

Server-sent events and webhook deliveries leave the platform through the gateway only to callers
entitled to them, which for a partner depends on its agreements and the governments' consents: the
gateway keeps a copy of them from the organizations service's events (``pdp_common.sharing_copy``),
through a durable consumer with the platform's inbox and dead-letter tables. The tables are written
out here as they are on the day of this revision.

Revision ID: 2026_12_06_0002
Revises: 2026_11_29_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.migrations import create_platform_tables, drop_platform_tables

revision = "2026_12_06_0002"
down_revision = "2026_11_29_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "sharing_agreements",
        sa.Column("agreement_id", UUIDPk, primary_key=True),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("categories", JSONDoc, nullable=False),
        sa.Column("max_sensitivity", sa.String(24), nullable=False),
        sa.Column("embargo_hours", sa.Integer, nullable=False),
        sa.Column("formats", JSONDoc, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_sharing_agreements_partner_org", "sharing_agreements", ["partner_org"])
    op.create_table(
        "sharing_consents",
        sa.Column("consent_id", UUIDPk, primary_key=True),
        sa.Column("government", sa.String(3), nullable=False),
        sa.Column("party_org", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("topics", JSONDoc, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("withdrawn_at", UTCDateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_sharing_consents_party_org", "sharing_consents", ["party_org"])


def downgrade() -> None:
    op.drop_table("sharing_consents")
    op.drop_table("sharing_agreements")
    drop_platform_tables()
