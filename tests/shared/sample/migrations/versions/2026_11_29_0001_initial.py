"""Initial sample schema.

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
    create_platform_tables()
    op.create_table(
        "notes",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "applied",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("note_id", UUIDPk, nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("applied")
    op.drop_table("notes")
    drop_platform_tables()
