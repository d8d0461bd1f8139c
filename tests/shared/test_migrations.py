"""Platform-table migrations: an outbox that kept its published rows keeps only those to publish."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from pdp_common.db import Database, UTCDateTime, utcnow
from pdp_common.events.outbox import outbox_row
from pdp_common.migrations import OUTBOX_UNPUBLISHED_INDEX, upgrade
from pdp_common.platform_tables import outbox
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import Column, MetaData, Table, insert, inspect, select
from sqlalchemy.engine import Connection

from tests.shared.migration_checks import MigrationContract, downgrade, schema_diff
from tests.shared.sample.service import MIGRATIONS, Base, NoteCreated, SampleSettings

BEFORE = "0001"
"""The sample's revision before its outbox forgot published rows (as every service had it)."""


class TestMigrations(MigrationContract):
    migrations = MIGRATIONS
    metadata = Base.metadata
    settings_class = SampleSettings


def _kept_outbox() -> Table:
    """Return the outbox as it was while published rows were kept: with ``published_at``."""
    table = outbox.to_metadata(MetaData())
    table.append_column(Column("published_at", UTCDateTime))
    return table


def _outbox_shape(conn: Connection) -> tuple[set[str], set[str | None]]:
    found = inspect(conn)
    columns = {c["name"] for c in found.get_columns("outbox")}
    return columns, {i["name"] for i in found.get_indexes("outbox")}


async def _shape(db: Database) -> tuple[set[str], set[str | None]]:
    async with db.engine.connect() as conn:
        shape: tuple[set[str], set[str | None]] = await conn.run_sync(_outbox_shape)
        return shape


def _rows(published: bool, count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        row = outbox_row(NoteCreated(note_id=uuid.uuid4(), text=f"note {i}"))
        row["published_at"] = utcnow() - timedelta(minutes=5) if published else None
        rows.append(row)
    return rows


class TestOutboxForgetsPublished:
    async def test_upgrade_deletes_published_rows_and_keeps_those_to_publish(
        self, database: DatabaseTarget
    ) -> None:
        settings = SampleSettings(database_url=database.url, database_schema=database.schema)
        await upgrade(MIGRATIONS, settings)
        await downgrade(MIGRATIONS, settings, BEFORE)
        published, waiting = _rows(True, 3), _rows(False, 2)
        async with Database.for_service(settings) as db:
            columns, indexes = await _shape(db)
            assert "published_at" in columns
            assert OUTBOX_UNPUBLISHED_INDEX in indexes
            async with db.transaction() as session:
                await session.execute(insert(_kept_outbox()), [*published, *waiting])

            await upgrade(MIGRATIONS, settings)

            columns, indexes = await _shape(db)
            assert "published_at" not in columns
            assert OUTBOX_UNPUBLISHED_INDEX not in indexes
            async with db.read_sessions() as session:
                kept = (await session.execute(select(outbox).order_by(outbox.c.id))).all()
        assert [row.id for row in kept] == sorted(row["id"] for row in waiting)
        assert [bytes(row.payload) for row in kept] == [
            row["payload"] for row in sorted(waiting, key=lambda r: r["id"])
        ]
        assert await schema_diff(settings, Base.metadata) == []

    async def test_downgrade_keeps_the_rows_to_publish_as_unpublished(
        self, database: DatabaseTarget
    ) -> None:
        settings = SampleSettings(database_url=database.url, database_schema=database.schema)
        await upgrade(MIGRATIONS, settings)
        waiting = _rows(False, 2)
        for row in waiting:
            del row["published_at"]
        async with Database.for_service(settings) as db:
            async with db.transaction() as session:
                await session.execute(insert(outbox), waiting)

            await downgrade(MIGRATIONS, settings, BEFORE)

            kept_outbox = _kept_outbox()
            async with db.read_sessions() as session:
                stmt = select(kept_outbox.c.id, kept_outbox.c.published_at)
                kept = (await session.execute(stmt.order_by(kept_outbox.c.id))).all()
        assert kept == [(row_id, None) for row_id in sorted(row["id"] for row in waiting)]
