"""Pulled fetches are jobs: queued and running fetches in the fetch log, who asked, a report.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed_pull_fetches") as batch:
        batch.add_column(
            sa.Column("trigger", sa.String(16), nullable=False, server_default="scheduled")
        )
        batch.add_column(sa.Column("requested_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("queued_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("report", JSONDoc, nullable=True))
        batch.alter_column("started_at", existing_type=UTCDateTime, nullable=True)
        batch.alter_column("finished_at", existing_type=UTCDateTime, nullable=True)
    op.execute("UPDATE feed_pull_fetches SET queued_at = started_at")
    op.execute("UPDATE feed_pull_fetches SET status = 'succeeded' WHERE status = 'ingested'")
    op.execute(
        "UPDATE feed_pull_sources SET last_status = 'succeeded' WHERE last_status = 'ingested'"
    )
    op.create_index("ix_feed_pull_fetches_status", "feed_pull_fetches", ["status", "queued_at"])


def downgrade() -> None:
    op.drop_index("ix_feed_pull_fetches_status", table_name="feed_pull_fetches")
    op.execute("DELETE FROM feed_pull_fetches WHERE started_at IS NULL OR finished_at IS NULL")
    op.execute("UPDATE feed_pull_fetches SET status = 'ingested' WHERE status = 'succeeded'")
    op.execute(
        "UPDATE feed_pull_sources SET last_status = 'ingested' WHERE last_status = 'succeeded'"
    )
    with op.batch_alter_table("feed_pull_fetches") as batch:
        batch.alter_column("finished_at", existing_type=UTCDateTime, nullable=False)
        batch.alter_column("started_at", existing_type=UTCDateTime, nullable=False)
        batch.drop_column("report")
        batch.drop_column("queued_at")
        batch.drop_column("requested_by")
        batch.drop_column("trigger")
