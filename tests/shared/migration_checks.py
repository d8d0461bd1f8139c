"""Check a service's migrations against its models on a real database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pdp_common.migrations import alembic_config, upgrade, version_table
from pdp_common.platform_tables import platform_metadata
from pdp_common.settings import ServiceSettings
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


def _engine(settings: ServiceSettings) -> Any:
    args = (
        {"server_settings": {"search_path": settings.database_schema}}
        if settings.is_postgres and settings.database_schema
        else {}
    )
    return create_async_engine(settings.database_url, poolclass=NullPool, connect_args=args)


async def schema_diff(settings: ServiceSettings, metadata: MetaData) -> list[Any]:
    """Return what differs between the migrated database and the models (nothing, ideally)."""
    table = version_table(settings.service_name)

    def compare(conn: Connection) -> list[Any]:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "version_table": table}
        )
        return list(compare_metadata(context, [metadata, platform_metadata]))  # type: ignore[arg-type]

    engine = _engine(settings)
    try:
        async with engine.connect() as conn:
            diff: list[Any] = await conn.run_sync(compare)
            return diff
    finally:
        await engine.dispose()


async def table_names(settings: ServiceSettings) -> set[str]:
    """Return the tables in the service's database or schema."""
    engine = _engine(settings)
    try:
        async with engine.connect() as conn:
            names: list[str] = await conn.run_sync(lambda c: inspect(c).get_table_names())
            return set(names)
    finally:
        await engine.dispose()


async def downgrade(migrations: Path, settings: ServiceSettings, revision: str = "base") -> None:
    """Take the service's database down to ``revision``."""
    await asyncio.to_thread(command.downgrade, alembic_config(migrations, settings), revision)


class MigrationContract:
    """The tests every service's migrations pass: head equals the models, and down and up again.

    A service's test module subclasses it as ``TestMigrations`` and sets ``migrations`` (the
    service's migrations directory), ``metadata`` (its models) and ``settings_class``."""

    migrations: ClassVar[Path]
    metadata: ClassVar[MetaData]
    settings_class: ClassVar[type[ServiceSettings]]
    made_outside_the_models: ClassVar[frozenset[str]] = frozenset()
    """Tables, columns and indexes a migration makes in SQL the models do not declare."""

    def settings_for(self, database: DatabaseTarget) -> ServiceSettings:
        return self.settings_class(database_url=database.url, database_schema=database.schema)

    async def test_head_matches_the_models(self, database: DatabaseTarget) -> None:
        settings = self.settings_for(database)
        await upgrade(self.migrations, settings)
        diff = await schema_diff(settings, self.metadata)
        assert [d for d in diff if _named(d) not in self.made_outside_the_models] == []

    async def test_downgrade_removes_everything_and_upgrade_rebuilds(
        self, database: DatabaseTarget
    ) -> None:
        settings = self.settings_for(database)
        await upgrade(self.migrations, settings)
        await downgrade(self.migrations, settings)
        assert await table_names(settings) == {version_table(settings.service_name)}
        await upgrade(self.migrations, settings)
        assert set(self.metadata.tables) <= await table_names(settings)


def _named(entry: Any) -> str | None:
    """Return the name of the object an autogenerate difference is about (a removal's)."""
    kind = entry[0] if isinstance(entry, tuple) else None
    if kind in ("remove_table", "remove_index"):
        return str(entry[1].name)
    if kind == "remove_column":
        return str(entry[3].name)
    return None
