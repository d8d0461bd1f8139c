"""The feed of released briefings: release positions in commit order, and the record of shares.

Briefings released before this revision get positions in the order they were released.

Revision ID: 20261206_0005
Revises: 20261206_0004
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import UTCDateTime, UUIDPk

revision = "20261206_0005"
down_revision = "20261206_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the release order, its counter and the share records; place past releases."""
    op.create_table(
        "briefing_releases",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("briefing_id", UUIDPk, nullable=False),
        sa.ForeignKeyConstraint(
            ["briefing_id"],
            ["briefings.id"],
            ondelete="CASCADE",
            name=op.f("fk_briefing_releases_briefing_id_briefings"),
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_briefing_releases")),
        sa.UniqueConstraint("briefing_id", name=op.f("uq_briefing_releases_briefing_id")),
    )
    counter = op.create_table(
        "briefing_release_counter",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_release_counter")),
    )
    op.create_table(
        "briefing_feed_shares",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("briefing_id", UUIDPk, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("served_at", UTCDateTime(), nullable=False),
        sa.Column("cursor", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_feed_shares")),
    )
    op.create_index(
        "ix_briefing_feed_shares_org_briefing",
        "briefing_feed_shares",
        ["partner_org", "briefing_id", "id"],
    )
    op.create_index("ix_briefing_feed_shares_served", "briefing_feed_shares", ["served_at", "id"])
    briefings = sa.table(
        "briefings",
        sa.column("id", UUIDPk),
        sa.column("status", sa.String()),
        sa.column("released_at", UTCDateTime()),
    )
    released = (
        op.get_bind()
        .execute(
            sa.select(briefings.c.id)
            .where(briefings.c.status == "released", briefings.c.released_at.is_not(None))
            .order_by(briefings.c.released_at, briefings.c.id)
        )
        .scalars()
    )
    rows = [{"position": n, "briefing_id": i} for n, i in enumerate(released, start=1)]
    releases = sa.table(
        "briefing_releases",
        sa.column("position", sa.BigInteger()),
        sa.column("briefing_id", UUIDPk),
    )
    if rows:
        op.bulk_insert(releases, rows)
    op.bulk_insert(counter, [{"id": 1, "last_position": len(rows)}])


def downgrade() -> None:
    """Drop the feed's tables."""
    op.drop_index("ix_briefing_feed_shares_served", table_name="briefing_feed_shares")
    op.drop_index("ix_briefing_feed_shares_org_briefing", table_name="briefing_feed_shares")
    op.drop_table("briefing_feed_shares")
    op.drop_table("briefing_release_counter")
    op.drop_table("briefing_releases")
