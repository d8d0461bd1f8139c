"""The gateway's migrations go up and down cleanly on both databases."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from gateway.main import MIGRATIONS_DIR
from gateway.settings import GatewaySettings
from pdp_common.db import Database
from pdp_common.migrations import alembic_config, upgrade
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import inspect

TABLES = {
    "api_keys",
    "audit_records",
    "sharing_agreements",
    "sharing_consents",
    "inbox",
    "dead_letters",
}


async def _tables(settings: GatewaySettings) -> set[str]:
    async with Database.for_service(settings) as db, db.engine.connect() as conn:
        names = await conn.run_sync(
            lambda sync: set(inspect(sync).get_table_names(schema=settings.database_schema))
        )
    return names


class TestMigrations:
    async def test_upgrade_downgrade_upgrade(
        self, database: DatabaseTarget, tmp_path: Path
    ) -> None:
        settings = GatewaySettings(
            database_url=database.url, database_schema=database.schema, var_dir=tmp_path
        )
        await upgrade(MIGRATIONS_DIR, settings)
        assert await _tables(settings) >= TABLES
        config = alembic_config(MIGRATIONS_DIR, settings)
        await asyncio.to_thread(command.downgrade, config, "base")
        assert not TABLES & await _tables(settings)
        await upgrade(MIGRATIONS_DIR, settings)
        assert await _tables(settings) >= TABLES
