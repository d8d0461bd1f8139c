"""Import jobs: uploaded files imported in the background, and the rows they rejected.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("media", sa.String(8), nullable=False),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("principal", JSONDoc, nullable=False),
        sa.Column("origin_org", sa.String(32)),
        sa.Column("spool_name", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("lease_owner", sa.String(64)),
        sa.Column("lease_expires_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("started_at", UTCDateTime),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_import_jobs_state_created_at", "import_jobs", ["state", "created_at"])
    op.create_index("ix_import_jobs_org", "import_jobs", ["org"])
    op.create_table(
        "import_job_rows",
        sa.Column(
            "job_id",
            UUIDPk,
            sa.ForeignKey(
                "import_jobs.id",
                name="fk_import_job_rows_job_id_import_jobs",
                ondelete="CASCADE",
            ),
            primary_key=True,
        ),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(200)),
        sa.Column("reference", sa.String(32)),
        sa.Column("errors", JSONDoc, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("import_job_rows")
    op.drop_index("ix_import_jobs_org", table_name="import_jobs")
    op.drop_index("ix_import_jobs_state_created_at", table_name="import_jobs")
    op.drop_table("import_jobs")
