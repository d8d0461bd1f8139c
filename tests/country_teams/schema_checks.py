"""Check a service's migrations against its models on a real database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pdp_common.migrations import alembic_config, version_table
from pdp_common.platform_tables import platform_metadata
from pdp_common.settings import ServiceSettings
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
