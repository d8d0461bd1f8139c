"""Partner webhooks of the outbound push, and their delivery tables.

``feed_webhooks`` holds each partner endpoint (URL, format, signing secrets, enabled and
suspended flags); ``feed_webhook_deliveries`` and ``feed_webhook_delivery_attempts`` are the
shared webhook engine's tables (pdp_common.webhook_delivery), as it defines them today.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.webhook_delivery import create_delivery_tables, drop_delivery_tables

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

PREFIX = "feed_webhook"


def upgrade() -> None:
    op.create_table(
        "feed_webhooks",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("secrets", JSONDoc, nullable=False),
        sa.Column("is_enabled", sa.Boolean, nullable=False),
        sa.Column("is_suspended", sa.Boolean, nullable=False),
        sa.Column("suspended_reason", sa.Text, nullable=True),
        sa.Column("suspended_at", UTCDateTime, nullable=True),
        sa.Column("suspensions", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_feed_webhooks_partner", "feed_webhooks", ["partner_org", "id"])
    create_delivery_tables(PREFIX)


def downgrade() -> None:
    drop_delivery_tables(PREFIX)
    op.drop_index("ix_feed_webhooks_partner", table_name="feed_webhooks")
    op.drop_table("feed_webhooks")
