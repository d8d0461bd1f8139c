"""The copy of early-warning alerts, for the regional picture of daily briefs.

The incidents service publishes escalation alerts (raised, updated, subsided), each with the
alert's full state; the briefings service keeps the latest state of each alert, so that a daily
brief can list the open alerts and those that subsided in its period without asking the
incidents service.

Revision ID: 20261206_0004
Revises: 20261129_0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "20261206_0004"
down_revision = "20261129_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table of early-warning alerts."""
    op.create_table(
        "early_warning_alerts",
        sa.Column("alert_id", UUIDPk, nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(120), nullable=True),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("observed", sa.Float(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("peak_score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("subsided_at", UTCDateTime(), nullable=True),
        sa.Column("factors", JSONDoc, nullable=False),
        sa.Column("contributing_incident_ids", JSONDoc, nullable=False),
        sa.Column("sensitivity", sa.String(32), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_early_warning_alerts")),
    )
    op.create_index(
        "ix_early_warning_alerts_status_raised_at",
        "early_warning_alerts",
        ["status", "raised_at"],
    )
    op.create_index("ix_early_warning_alerts_subsided_at", "early_warning_alerts", ["subsided_at"])


def downgrade() -> None:
    """Drop the table of early-warning alerts."""
    op.drop_table("early_warning_alerts")
