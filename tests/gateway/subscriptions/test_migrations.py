"""Migration 2026_12_06_0003 builds exactly the models' event subscription tables, and undoes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gateway.base import Base
from gateway.main import MIGRATIONS_DIR
from gateway.settings import GatewaySettings
from pdp_common.migrations import upgrade
from pdp_common.testing.databases import DatabaseTarget

from tests.shared.migration_checks import downgrade, schema_diff, table_names

TABLES = {
    "event_subscriptions",
    "event_subscription_deliveries",
    "event_subscription_delivery_attempts",
}


def _table_of(entry: Any) -> str:
    """Return the table an autogenerate difference is about."""
    item = entry[0] if isinstance(entry, list) else entry
    for part in item[1:]:
        name = getattr(part, "name", None) if not isinstance(part, str) else part
        table = getattr(getattr(part, "table", None), "name", None)
        if isinstance(table, str):
            return table
        if isinstance(name, str):
            return name
    return ""


class TestMigration:
    async def test_head_matches_the_models(self, database: DatabaseTarget, tmp_path: Path) -> None:
        settings = GatewaySettings(
            database_url=database.url, database_schema=database.schema, var_dir=tmp_path
        )
        await upgrade(MIGRATIONS_DIR, settings)
        diff = await schema_diff(settings, Base.metadata)
        assert [d for d in diff if _table_of(d).startswith("event_subscription")] == []

    async def test_downgrade_drops_the_tables(
        self, database: DatabaseTarget, tmp_path: Path
    ) -> None:
        settings = GatewaySettings(
            database_url=database.url, database_schema=database.schema, var_dir=tmp_path
        )
        await upgrade(MIGRATIONS_DIR, settings)
        assert await table_names(settings) >= TABLES
        await downgrade(MIGRATIONS_DIR, settings, "2026_12_06_0002")
        assert not TABLES & await table_names(settings)
        await upgrade(MIGRATIONS_DIR, settings)
        assert await table_names(settings) >= TABLES
