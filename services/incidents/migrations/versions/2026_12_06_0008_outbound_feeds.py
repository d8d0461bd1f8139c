"""Give every incident change a strictly increasing position, and record what partners receive.

The outbound feed pages partners through changes with an opaque cursor. ``updated_at`` and ``id``
cannot serve as its key: they are set before the commit, so a transaction that commits late can
land behind a cursor a partner has already passed. Instead a trigger on ``incidents`` takes the
next number from the one-row ``incident_change_counter`` in the writing transaction and stores it
as the incident's position in ``incident_changes`` (one row per incident, moved on every change).
The counter's row lock serialises the positions in commit order, so the sequence a reader sees
never gains an entry behind one it has read. On PostgreSQL the trigger is a deferred constraint
trigger: it runs at commit, after the transaction holds every incident row it writes, so the
counter is held only for the commit itself and cannot deadlock with row locks taken later.
Triggers cover every way an incident is written
(single writes, workflow, merges, bulk imports including PostgreSQL's COPY). Existing incidents
get positions in ``updated_at`` order.

``feed_shares`` records every item served to a partner (the accounting of shares).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from pdp_common.db import UTCDateTime, UUIDPk

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UUID = UUIDPk

PG_FUNCTION = """
CREATE FUNCTION incident_change_position() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE next_position bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version = OLD.version AND NEW.status = OLD.status
     AND NEW.merged_into_id IS NOT DISTINCT FROM OLD.merged_into_id THEN
    RETURN NULL;
  END IF;
  UPDATE incident_change_counter SET last_position = last_position + 1 WHERE id = 1
    RETURNING last_position INTO next_position;
  INSERT INTO incident_changes (incident_id, position, version)
    VALUES (NEW.id, next_position, NEW.version)
    ON CONFLICT (incident_id) DO UPDATE
      SET position = EXCLUDED.position, version = EXCLUDED.version;
  RETURN NULL;
END $$
"""
PG_TRIGGER = (
    "CREATE CONSTRAINT TRIGGER tr_incidents_change_position AFTER INSERT OR UPDATE ON incidents "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incident_change_position()"
)
SQLITE_BODY = """
BEGIN
  UPDATE incident_change_counter SET last_position = last_position + 1 WHERE id = 1;
  INSERT INTO incident_changes (incident_id, position, version)
    SELECT NEW.id, last_position, NEW.version FROM incident_change_counter WHERE id = 1
    ON CONFLICT (incident_id) DO UPDATE
      SET position = excluded.position, version = excluded.version;
END
"""
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER tr_incidents_change_inserted AFTER INSERT ON incidents {SQLITE_BODY}",
    "CREATE TRIGGER tr_incidents_change_updated AFTER UPDATE ON incidents "
    "WHEN NEW.version IS NOT OLD.version OR NEW.status IS NOT OLD.status "
    f"OR NEW.merged_into_id IS NOT OLD.merged_into_id {SQLITE_BODY}",
)
BACKFILL = (
    "INSERT INTO incident_changes (incident_id, position, version) "
    "SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id), version FROM incidents"
)
START_COUNTER = (
    "INSERT INTO incident_change_counter (id, last_position) SELECT 1, COUNT(*) FROM incidents"
)


def upgrade() -> None:
    op.create_table(
        "incident_changes",
        sa.Column("incident_id", UUID, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_changes")),
    )
    op.create_index("ix_incident_changes_position", "incident_changes", ["position"], unique=True)
    op.create_table(
        "incident_change_counter",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_change_counter")),
    )
    op.create_table(
        "feed_shares",
        sa.Column("id", UUID, nullable=False),
        sa.Column("partner_org", sa.String(length=32), nullable=False),
        sa.Column("incident_id", UUID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("served_at", UTCDateTime(), nullable=False),
        sa.Column("cursor", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_shares")),
    )
    op.create_index(
        "ix_feed_shares_partner_incident", "feed_shares", ["partner_org", "incident_id", "id"]
    )
    op.create_index("ix_feed_shares_incident", "feed_shares", ["incident_id", "id"])
    op.create_index("ix_feed_shares_served", "feed_shares", ["served_at", "id"])
    op.execute(BACKFILL)
    op.execute(START_COUNTER)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tr_incidents_change_position ON incidents")
        op.execute("DROP FUNCTION IF EXISTS incident_change_position()")
    else:
        op.execute("DROP TRIGGER IF EXISTS tr_incidents_change_inserted")
        op.execute("DROP TRIGGER IF EXISTS tr_incidents_change_updated")
    op.drop_index("ix_feed_shares_served", table_name="feed_shares")
    op.drop_index("ix_feed_shares_incident", table_name="feed_shares")
    op.drop_index("ix_feed_shares_partner_incident", table_name="feed_shares")
    op.drop_table("feed_shares")
    op.drop_table("incident_change_counter")
    op.drop_index("ix_incident_changes_position", table_name="incident_changes")
    op.drop_table("incident_changes")
