"""Early warning: the consumer's copy of incidents, its indicators and episodes, and its alerts.

Three tables of their own, fed only by the incident events (docs/early-warning.md):
``early_warning_incidents`` (a copy of each incident with its weight and day),
``early_warning_indicators`` (the latest assessment and escalation episode per place and window)
and ``early_warning_alerts``. Downgrading drops them; they are rebuilt by replaying the events.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import JSONDoc, UTCDateTime, UUIDPk

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = {
    "early_warning_incidents": {
        "ix_early_warning_incidents_country_day": (["country", "occurred_on"], False),
        "ix_early_warning_incidents_admin1_day": (["country", "admin1", "occurred_on"], False),
        "ix_early_warning_incidents_category_day": (["country", "category", "occurred_on"], False),
    },
    "early_warning_indicators": {
        "ix_early_warning_indicators_place_window": (["place", "window_days"], True),
        "ix_early_warning_indicators_country": (["country", "id"], False),
        "ix_early_warning_indicators_as_of": (["as_of", "id"], False),
    },
    "early_warning_alerts": {
        "ix_early_warning_alerts_raised": (["raised_at", "id"], False),
        "ix_early_warning_alerts_status_raised": (["status", "raised_at", "id"], False),
        "ix_early_warning_alerts_place": (["place", "window_days"], False),
    },
}


def _place_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("place", sa.String(280), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(200)),
        sa.Column("category", sa.String(64)),
        sa.Column("window_days", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "early_warning_incidents",
        sa.Column("incident_id", UUIDPk, primary_key=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(200)),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("severity", sa.SmallInteger, nullable=False),
        sa.Column("casualties_best", sa.Integer),
        sa.Column("confidence_score", sa.Float),
        sa.Column("sensitivity", sa.String(24), nullable=False),
        sa.Column("sensitivity_rank", sa.SmallInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("source_version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "early_warning_indicators",
        *_place_columns(),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("observed", sa.Float, nullable=False),
        sa.Column("expected", sa.Float, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("trend", sa.Float, nullable=False),
        sa.Column("incidents", sa.Integer, nullable=False),
        sa.Column("factors", JSONDoc, nullable=False),
        sa.Column("open", sa.Boolean, nullable=False),
        sa.Column("episode", JSONDoc),
        sa.Column("day_start_episode", JSONDoc),
        sa.Column("alert_id", UUIDPk),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "early_warning_alerts",
        *_place_columns(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("raised_at", UTCDateTime, nullable=False),
        sa.Column("subsided_at", UTCDateTime),
        sa.Column("observed", sa.Float, nullable=False),
        sa.Column("expected", sa.Float, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("peak_score", sa.Float, nullable=False),
        sa.Column("factors", JSONDoc, nullable=False),
        sa.Column("contributing_incident_ids", JSONDoc, nullable=False),
        sa.Column("sensitivity", sa.String(24), nullable=False),
        sa.Column("sensitivity_rank", sa.SmallInteger, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    for table, indexes in INDEXES.items():
        for name, (columns, unique) in indexes.items():
            op.create_index(name, table, columns, unique=unique)


def downgrade() -> None:
    for table, indexes in reversed(INDEXES.items()):
        for name in indexes:
            op.drop_index(name, table_name=table)
        op.drop_table(table)
