"""The delivery tables a migration creates are those the metadata declares, on both backends."""

from __future__ import annotations

from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from pdp_common.db import Database, make_metadata
from pdp_common.testing.databases import DatabaseTarget
from pdp_common.webhook_delivery import (
    create_delivery_tables,
    delivery_tables,
    drop_delivery_tables,
)
from sqlalchemy import inspect, text


def _run_in_migration(connection: Any, step: Any) -> Any:
    context = MigrationContext.configure(connection)
    with Operations.context(context):
        step("partner")
    return set(inspect(connection).get_table_names())


class TestMigrationHelpers:
    async def test_create_and_drop(self, database: DatabaseTarget) -> None:
        async with (
            Database(database.url, schema=database.schema) as db,
            db.transaction() as session,
        ):
            if database.schema:
                await session.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{database.schema}"'))
                await session.execute(text(f'SET search_path TO "{database.schema}"'))
            created = await session.run_sync(
                lambda s: _run_in_migration(s.connection(), create_delivery_tables)
            )
            declared = delivery_tables(make_metadata(), prefix="partner")
            names = {declared.deliveries.name, declared.attempts.name}
            assert names <= created
            dropped = await session.run_sync(
                lambda s: _run_in_migration(s.connection(), drop_delivery_tables)
            )
            assert names & dropped == set()
