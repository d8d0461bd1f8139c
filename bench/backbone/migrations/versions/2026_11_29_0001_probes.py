"""Probe tables and the platform tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import UUIDPk
from pdp_common.migrations import create_platform_tables, drop_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the probe tables."""
    create_platform_tables()
    op.create_table(
        "probes",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
    )
    op.create_table(
        "probes_applied",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("probe_id", UUIDPk, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
    )


def downgrade() -> None:
    """Drop the probe tables."""
    op.drop_table("probes_applied")
    op.drop_table("probes")
    drop_platform_tables()
