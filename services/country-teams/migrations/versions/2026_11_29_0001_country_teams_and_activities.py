"""Country teams, preventive activities and the incident risk read model.

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
    """Create the platform tables and the country-teams tables."""
    create_platform_tables()
    _create_country_teams()
    _create_activities()
    _create_activity_links()
    _create_incident_signals()


def _create_country_teams() -> None:
    op.create_table(
        "country_teams",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("resident_coordinator", sa.String(200), nullable=False),
        sa.Column("office", sa.String(200), nullable=True),
        sa.Column("agencies", JSONDoc, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_teams")),
        sa.UniqueConstraint("country", name=op.f("uq_country_teams_country")),
    )


def _create_activities() -> None:
    op.create_table(
        "activities",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("country_team_id", UUIDPk, nullable=False),
        sa.Column("iati_identifier", sa.String(150), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(120), nullable=True),
        sa.Column("lead_agency", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("sectors", JSONDoc, nullable=False),
        sa.Column("budget_amount", sa.Numeric(18, 2), nullable=True),
        sa.Column("budget_currency", sa.String(3), nullable=True),
        sa.Column("results", JSONDoc, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_team_id"],
            ["country_teams.id"],
            name=op.f("fk_activities_country_team_id_country_teams"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint("iati_identifier", name=op.f("uq_activities_iati_identifier")),
    )
    op.create_index("ix_activities_country_admin1", "activities", ["country", "admin1"])


def _create_activity_links() -> None:
    op.create_table(
        "activity_agencies",
        sa.Column("activity_id", UUIDPk, nullable=False),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_agencies_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "agency", name=op.f("pk_activity_agencies")),
    )
    op.create_index(op.f("ix_activity_agencies_agency"), "activity_agencies", ["agency"])
    op.create_table(
        "activity_categories",
        sa.Column("activity_id", UUIDPk, nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_categories_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "category", name=op.f("pk_activity_categories")),
    )
    op.create_index(op.f("ix_activity_categories_category"), "activity_categories", ["category"])


def _create_incident_signals() -> None:
    op.create_table(
        "incident_signals",
        sa.Column("incident_id", UUIDPk, nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(120), nullable=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("sensitivity", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_signals")),
    )
    op.create_index(
        "ix_incident_signals_area", "incident_signals", ["country", "admin1", "category"]
    )
    op.create_index(
        "ix_incident_signals_status_occurred_at", "incident_signals", ["status", "occurred_at"]
    )


def downgrade() -> None:
    """Drop everything the upgrade created."""
    op.drop_table("incident_signals")
    op.drop_table("activity_categories")
    op.drop_table("activity_agencies")
    op.drop_table("activities")
    op.drop_table("country_teams")
    drop_platform_tables()
