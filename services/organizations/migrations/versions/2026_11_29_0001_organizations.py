"""The organizations service's tables: registry, engagements, consents, agreements, initiatives.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.migrations import create_platform_tables, drop_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False)


def _registry() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("acronym", sa.String(32)),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("names", JSONDoc, nullable=False),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("mandate_summary", sa.Text),
        sa.Column("parent_id", UUIDPk),
        sa.Column("offices", JSONDoc, nullable=False),
        sa.Column("website", sa.String(300)),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        _version(),
        _pk("organizations"),
        sa.UniqueConstraint("code", name="uq_organizations_code"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organizations.id"],
            name="fk_organizations_parent_id_organizations",
            ondelete="RESTRICT",
        ),
    )
    op.create_index("ix_organizations_kind", "organizations", ["kind"])
    op.create_index("ix_organizations_parent_id", "organizations", ["parent_id"])
    op.create_table(
        "contacts",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("organization_id", UUIDPk, nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("function", sa.String(200)),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(64)),
        sa.Column("notes", sa.Text),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        _version(),
        _pk("contacts"),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_contacts_organization_id_organizations",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_contacts_organization_id", "contacts", ["organization_id"])


def _engagements() -> None:
    op.create_table(
        "engagements",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("place", sa.String(300)),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("topics", sa.Text, nullable=False),
        sa.Column("organizations", sa.Text, nullable=False),
        sa.Column("participants", JSONDoc, nullable=False),
        sa.Column("summary", sa.Text),
        sa.Column("outcomes", sa.Text),
        sa.Column("sensitivity", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        _version(),
        _pk("engagements"),
    )
    op.create_index("ix_engagements_kind", "engagements", ["kind"])
    op.create_index("ix_engagements_occurred_at", "engagements", ["occurred_at"])
    op.create_table(
        "follow_ups",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("engagement_id", UUIDPk, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("overdue_announced_at", UTCDateTime),
        sa.Column("completed_at", UTCDateTime),
        _version(),
        _pk("follow_ups"),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name="fk_follow_ups_engagement_id_engagements",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_follow_ups_engagement_id", "follow_ups", ["engagement_id"])
    op.create_index("ix_follow_ups_status_due_on", "follow_ups", ["status", "due_on"])


def _sharing() -> None:
    op.create_table(
        "consents",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("government", sa.String(3), nullable=False),
        sa.Column("party_org", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("topics", sa.Text, nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reference", sa.String(200)),
        sa.Column("notes", sa.Text),
        sa.Column("withdrawn_at", UTCDateTime),
        sa.Column("withdrawal_reason", sa.Text),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        _version(),
        _pk("consents"),
    )
    op.create_index("ix_consents_party_org_government", "consents", ["party_org", "government"])
    op.create_index("ix_consents_status", "consents", ["status"])
    op.create_table(
        "agreements",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("categories", sa.Text, nullable=False),
        sa.Column("max_sensitivity", sa.String(32), nullable=False),
        sa.Column("embargo_hours", sa.Integer, nullable=False),
        sa.Column("formats", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("reference", sa.String(200)),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        _version(),
        _pk("agreements"),
    )
    op.create_index("ix_agreements_partner_org", "agreements", ["partner_org"])
    op.create_index("ix_agreements_status", "agreements", ["status"])


def _initiatives() -> None:
    op.create_table(
        "initiatives",
        sa.Column("id", UUIDPk, nullable=False),
        sa.Column("organization_code", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("themes", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("starts_on", sa.Date),
        sa.Column("ends_on", sa.Date),
        sa.Column("created_at", UTCDateTime, nullable=False),
        _version(),
        _pk("initiatives"),
    )
    op.create_index("ix_initiatives_organization_code", "initiatives", ["organization_code"])
    op.create_index("ix_initiatives_status", "initiatives", ["status"])


def upgrade() -> None:
    create_platform_tables()
    _registry()
    _engagements()
    _sharing()
    _initiatives()


def downgrade() -> None:
    for table in ("initiatives", "agreements", "consents", "follow_ups", "engagements"):
        op.drop_table(table)
    op.drop_table("contacts")
    op.drop_table("organizations")
    drop_platform_tables()
