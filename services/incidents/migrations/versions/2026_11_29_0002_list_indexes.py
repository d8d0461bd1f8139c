"""Indexes for the common list filters: each one an index range scan in the list's order.

Lists (not merged, newest first, keyset over ``(occurred_at, id)``) filtered by country and
category, optionally within a time window, read ``(country, category, occurred_at, id)`` backwards
and stop after one page. The index is partial (``merged_into_id IS NULL``), like the default list.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UNMERGED = sa.text("merged_into_id IS NULL")
INDEXES = {
    "ix_incidents_country_category_occurred": ["country", "category", "occurred_at", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(
            name, "incidents", columns, sqlite_where=UNMERGED, postgresql_where=UNMERGED
        )


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
