"""Webhook subscriptions to events and their delivery log.

A caller registers a URL and a filter; the gateway delivers the events its owner may receive,
signed (Standard Webhooks), retried and logged (``pdp_common.webhook_delivery``, prefix
``event_subscription``). The subscription table is written out here as it is on the day of this
revision; the delivery tables are made by the library's helper, as it defines them today.

Revision ID: 2026_12_06_0003
Revises: 2026_12_06_0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk
from pdp_common.webhook_delivery import create_delivery_tables, drop_delivery_tables

revision = "2026_12_06_0003"
down_revision = "2026_12_06_0002"
branch_labels = None
depends_on = None

PREFIX = "event_subscription"


def upgrade() -> None:
    op.create_table(
        "event_subscriptions",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("owner_org", sa.String(32), nullable=False),
        sa.Column("owner_subject", sa.String(200), nullable=False),
        sa.Column("owner_roles", JSONDoc, nullable=False),
        sa.Column("owner_clearance", sa.String(32), nullable=False),
        sa.Column("owner_credential", sa.String(200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("types", JSONDoc, nullable=False),
        sa.Column("countries", JSONDoc, nullable=False),
        sa.Column("categories", JSONDoc, nullable=False),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_changed_at", UTCDateTime, nullable=True),
        sa.Column("suspensions", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("previous_secret", sa.String(100), nullable=True),
        sa.Column("previous_secret_expires_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_subscriptions"),
    )
    op.create_index("ix_event_subscriptions_owner_org", "event_subscriptions", ["owner_org", "id"])
    op.create_index("ix_event_subscriptions_status", "event_subscriptions", ["status"])
    create_delivery_tables(PREFIX)


def downgrade() -> None:
    drop_delivery_tables(PREFIX)
    op.drop_table("event_subscriptions")
