"""Incidents, their append-only timeline, reference counters, full-text search and the local copy
of sharing agreements and consents.

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

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE incident_fts USING fts5(search_document, content='incidents', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN "
    "INSERT INTO incident_fts(rowid, search_document) VALUES (new.rowid, new.search_document); END",
    "CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN "
    "INSERT INTO incident_fts(incident_fts, rowid, search_document) "
    "VALUES ('delete', old.rowid, old.search_document); END",
    "CREATE TRIGGER incidents_fts_update AFTER UPDATE OF search_document ON incidents BEGIN "
    "INSERT INTO incident_fts(incident_fts, rowid, search_document) "
    "VALUES ('delete', old.rowid, old.search_document); "
    "INSERT INTO incident_fts(rowid, search_document) VALUES (new.rowid, new.search_document); END",
    "CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline BEGIN "
    "SELECT RAISE(ABORT, 'the incident timeline is append-only'); END",
    "CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline BEGIN "
    "SELECT RAISE(ABORT, 'the incident timeline is append-only'); END",
)
SQLITE_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS incident_timeline_no_delete",
    "DROP TRIGGER IF EXISTS incident_timeline_no_update",
    "DROP TRIGGER IF EXISTS incidents_fts_update",
    "DROP TRIGGER IF EXISTS incidents_fts_delete",
    "DROP TRIGGER IF EXISTS incidents_fts_insert",
    "DROP TABLE IF EXISTS incident_fts",
)
POSTGRES_SEARCH = (
    "ALTER TABLE incidents ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
    "CREATE INDEX ix_incidents_search_vector ON incidents USING gin (search_vector)",
    "CREATE FUNCTION incident_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the incident timeline is append-only'; END $$",
    "CREATE TRIGGER incident_timeline_no_change BEFORE UPDATE OR DELETE ON incident_timeline "
    "FOR EACH ROW EXECUTE FUNCTION incident_timeline_append_only()",
)
POSTGRES_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS incident_timeline_no_change ON incident_timeline",
    "DROP FUNCTION IF EXISTS incident_timeline_append_only()",
    "DROP INDEX IF EXISTS ix_incidents_search_vector",
    "ALTER TABLE incidents DROP COLUMN IF EXISTS search_vector",
)


def _incident_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("translations", JSONDoc, nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("time_precision", sa.String(8), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(200)),
        sa.Column("admin2", sa.String(200)),
        sa.Column("location", sa.String(200)),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        sa.Column("geo_precision", sa.SmallInteger, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(60), nullable=False),
        sa.Column("sub_event_type", sa.String(80), nullable=False),
        sa.Column("actor1", sa.String(300)),
        sa.Column("assoc_actor_1", JSONDoc, nullable=False),
        sa.Column("actor2", sa.String(300)),
        sa.Column("assoc_actor_2", JSONDoc, nullable=False),
        sa.Column("casualties_best", sa.Integer),
        sa.Column("casualties_low", sa.Integer),
        sa.Column("casualties_high", sa.Integer),
        sa.Column("severity", sa.SmallInteger, nullable=False),
        sa.Column("sensitivity", sa.String(24), nullable=False),
        sa.Column("sensitivity_rank", sa.SmallInteger, nullable=False),
        sa.Column("tags", JSONDoc, nullable=False),
        sa.Column("sources", JSONDoc, nullable=False),
        sa.Column("independent_sources", sa.SmallInteger, nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
        sa.Column("confidence_score", sa.Float, nullable=False),
        sa.Column("origin_org", sa.String(32), nullable=False),
        sa.Column("origin_external_id", sa.String(120)),
        sa.Column("provenances", JSONDoc, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column(
            "merged_into_id",
            UUIDPk,
            sa.ForeignKey("incidents.id", name="fk_incidents_merged_into_id_incidents"),
        ),
        sa.Column("search_document", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    ]


def _create_incidents() -> None:
    op.create_table(
        "incidents",
        *_incident_columns(),
        sa.UniqueConstraint("reference", name="uq_incidents_reference"),
    )
    indexes = {
        "ix_incidents_occurred": ["occurred_at", "id"],
        "ix_incidents_country_occurred": ["country", "occurred_at", "id"],
        "ix_incidents_country_admin1_occurred": ["country", "admin1", "occurred_at"],
        "ix_incidents_category_occurred": ["category", "occurred_at", "id"],
        "ix_incidents_status_occurred": ["status", "occurred_at"],
        "ix_incidents_created": ["created_at", "id"],
        "ix_incidents_updated": ["updated_at", "id"],
        "ix_incidents_lat_lon": ["latitude", "longitude"],
    }
    for name, columns in indexes.items():
        op.create_index(name, "incidents", columns)
    op.create_index(
        "ix_incidents_origin", "incidents", ["origin_org", "origin_external_id"], unique=True
    )


def _create_timeline() -> None:
    op.create_table(
        "incident_timeline",
        sa.Column("id", UUIDPk, primary_key=True),
        sa.Column(
            "incident_id",
            UUIDPk,
            sa.ForeignKey("incidents.id", name="fk_incident_timeline_incident_id_incidents"),
            nullable=False,
        ),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("actor_org", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("changes", JSONDoc, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_incident_timeline_incident_id", "incident_timeline", ["incident_id"])


def _create_reference_counters() -> None:
    op.create_table(
        "reference_counters",
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last_value", sa.Integer, nullable=False),
    )


def _create_sharing_copy() -> None:
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


def upgrade() -> None:
    create_platform_tables()
    _create_incidents()
    _create_timeline()
    _create_reference_counters()
    _create_sharing_copy()
    statements = SQLITE_SEARCH if op.get_bind().dialect.name == "sqlite" else POSTGRES_SEARCH
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    drop = SQLITE_SEARCH_DROP if op.get_bind().dialect.name == "sqlite" else POSTGRES_SEARCH_DROP
    for statement in drop:
        op.execute(statement)
    op.drop_table("sharing_consents")
    op.drop_table("sharing_agreements")
    op.drop_table("reference_counters")
    op.drop_table("incident_timeline")
    op.drop_table("incidents")
    drop_platform_tables()
