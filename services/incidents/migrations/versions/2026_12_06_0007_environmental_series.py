"""Environmental series per place and their daily observations, for early warning.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import UTCDateTime, UUIDPk

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SERIES = "early_warning_env_series"
OBSERVATIONS = "early_warning_env_observations"


def upgrade() -> None:
    op.create_table(
        SERIES,
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(200), nullable=False),
        sa.Column("site", sa.String(200), nullable=False),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("source", sa.String(200)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{SERIES}"),
        sa.UniqueConstraint(
            "country", "admin1", "site", "kind", name=f"uq_{SERIES}_country_admin1_site_kind"
        ),
    )
    op.create_index(f"ix_{SERIES}_kind_country", SERIES, ["kind", "country", "id"])
    op.create_table(
        OBSERVATIONS,
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column(
            "series_id",
            UUIDPk,
            sa.ForeignKey(f"{SERIES}.id", name=f"fk_{OBSERVATIONS}_series",
                          ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("observed_on", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("quality", sa.String(16), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{OBSERVATIONS}"),
        sa.UniqueConstraint(
            "series_id", "observed_on", name=f"uq_{OBSERVATIONS}_series_id_observed_on"
        ),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table(OBSERVATIONS)
    op.drop_index(f"ix_{SERIES}_kind_country", table_name=SERIES)
    op.drop_table(SERIES)
