"""Briefings keep a local copy of the sharing agreements and consents, as incidents does.

A partner in a released briefing's audience reads it only when its agreements and the states'
consents allow every country and category of the briefing (see ``briefings.access``); the copy
is kept from the organizations service's events (``pdp_common.sharing_copy``). The tables are
written out here as they are on the day of this revision.

Revision ID: 20261129_0003
Revises: 20261129_0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "20261129_0003"
down_revision = "20261129_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sharing_agreements",
        sa.Column("agreement_id", UUIDPk, primary_key=True),
        sa.Column("partner_org", sa.String(32), nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("categories", JSONDoc, nullable=False),
        sa.Column("max_sensitivity", sa.String(24), nullable=False),
        sa.Column("embargo_hours", sa.Integer, nullable=False),
        sa.Column("formats", JSONDoc, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_sharing_agreements_partner_org", "sharing_agreements", ["partner_org"])
    op.create_table(
        "sharing_consents",
        sa.Column("consent_id", UUIDPk, primary_key=True),
        sa.Column("government", sa.String(3), nullable=False),
        sa.Column("party_org", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("topics", JSONDoc, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("valid_from", UTCDateTime, nullable=False),
        sa.Column("valid_until", UTCDateTime),
        sa.Column("withdrawn_at", UTCDateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_sharing_consents_party_org", "sharing_consents", ["party_org"])


def downgrade() -> None:
    op.drop_table("sharing_consents")
    op.drop_table("sharing_agreements")
