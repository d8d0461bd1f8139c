"""Pulled partner feeds: the feed URLs the Centre fetches on a schedule, and a log of fetches.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_pull_sources",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("media", sa.String(32), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(256), nullable=True),
        sa.Column("last_modified", sa.String(64), nullable=True),
        sa.Column("last_fetched_at", UTCDateTime, nullable=True),
        sa.Column("last_status", sa.String(16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_due_at", UTCDateTime, nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", UTCDateTime, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feed_pull_sources"),
    )
    op.create_index("ix_feed_pull_sources_due", "feed_pull_sources", ["enabled", "next_due_at"])
    op.create_table(
        "feed_pull_fetches",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("source_id", UUIDPk, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("media", sa.String(32), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("counts", JSONDoc, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feed_pull_fetches"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["feed_pull_sources.id"],
            name="fk_feed_pull_fetches_source_id_feed_pull_sources",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_feed_pull_fetches_source", "feed_pull_fetches", ["source_id", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_feed_pull_fetches_source", table_name="feed_pull_fetches")
    op.drop_table("feed_pull_fetches")
    op.drop_index("ix_feed_pull_sources_due", table_name="feed_pull_sources")
    op.drop_table("feed_pull_sources")
