"""Briefings, their audience and versions, and the incident digest read model.

Revision ID: 20261129_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.migrations import create_platform_tables, drop_platform_tables

revision = "20261129_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the platform tables and the briefings tables."""
    create_platform_tables()
    _create_briefings()
    _create_briefing_links()
    _create_incident_digest()


def _create_briefings() -> None:
    op.create_table(
        "briefings",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("classification", sa.String(32), nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("theme", sa.String(64), nullable=True),
        sa.Column("period_start", UTCDateTime(), nullable=False),
        sa.Column("period_end", UTCDateTime(), nullable=False),
        sa.Column("sections", JSONDoc, nullable=False),
        sa.Column("source_incident_id", UUIDPk, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=True),
        sa.Column("cleared_by", sa.String(200), nullable=True),
        sa.Column("released_by", sa.String(200), nullable=True),
        sa.Column("released_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefings")),
        sa.UniqueConstraint("source_incident_id", name=op.f("uq_briefings_source_incident_id")),
    )
    op.create_index(op.f("ix_briefings_status"), "briefings", ["status"])


def _create_briefing_links() -> None:
    op.create_table(
        "briefing_audience",
        sa.Column("briefing_id", UUIDPk, nullable=False),
        sa.Column("org", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["briefing_id"],
            ["briefings.id"],
            name=op.f("fk_briefing_audience_briefing_id_briefings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("briefing_id", "org", name=op.f("pk_briefing_audience")),
    )
    op.create_index(op.f("ix_briefing_audience_org"), "briefing_audience", ["org"])
    op.create_table(
        "briefing_versions",
        sa.Column("briefing_id", UUIDPk, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("comment", sa.String(2000), nullable=True),
        sa.Column("snapshot", JSONDoc, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["briefing_id"],
            ["briefings.id"],
            name=op.f("fk_briefing_versions_briefing_id_briefings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("briefing_id", "version", name=op.f("pk_briefing_versions")),
    )


def _create_incident_digest() -> None:
    op.create_table(
        "incident_digest",
        sa.Column("incident_id", UUIDPk, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(120), nullable=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("sensitivity", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_digest")),
    )
    op.create_index("ix_incident_digest_occurred_at", "incident_digest", ["occurred_at"])


def downgrade() -> None:
    """Drop everything the upgrade created."""
    op.drop_table("incident_digest")
    op.drop_table("briefing_versions")
    op.drop_table("briefing_audience")
    op.drop_table("briefings")
    drop_platform_tables()
