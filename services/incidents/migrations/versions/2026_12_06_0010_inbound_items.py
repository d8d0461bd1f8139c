"""Partner items received through the inbound feed, keyed by partner and the partner's item id.

A partner re-sends items and sends newer versions of them; this table remembers, per (partner,
item id), the incident the item became, the last version and payload hash seen and whether it was
retracted, so that a replay changes nothing and an older version never overwrites a newer one.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import UTCDateTime, UUIDPk

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_inbound_items",
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(120), nullable=False),
        sa.Column("incident_id", UUIDPk, nullable=False),
        sa.Column("version", sa.String(64), nullable=True),
        sa.Column("version_key", sa.String(80), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("is_duplicate", sa.Boolean(), nullable=False),
        sa.Column("is_retracted", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("partner_org", "item_id", name="pk_feed_inbound_items"),
    )


def downgrade() -> None:
    op.drop_table("feed_inbound_items")
