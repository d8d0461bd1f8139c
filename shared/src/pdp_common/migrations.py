"""Alembic for every service: one script folder, one version table and one schema per service."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Column, MetaData, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from pdp_common.db import UTCDateTime
from pdp_common.platform_tables import outbox, platform_metadata
from pdp_common.settings import ServiceSettings


def alembic_config(migrations: Path, settings: ServiceSettings) -> Config:
    """Return the Alembic configuration of a service's migrations."""
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    config.attributes["schema"] = settings.database_schema if settings.is_postgres else None
    config.attributes["service"] = settings.service_name
    return config


async def upgrade(migrations: Path, settings: ServiceSettings, revision: str = "head") -> None:
    """Bring the service's database to ``revision`` (runs Alembic in a worker thread)."""
    if not settings.is_postgres:
        path = settings.database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config(migrations, settings)
    await asyncio.to_thread(command.upgrade, config, revision)


def version_table(service: str) -> str:
    """Return the name of a service's Alembic version table."""
    return f"alembic_version_{service.replace('-', '_')}"


def run_migrations_env(target_metadata: MetaData | Sequence[MetaData]) -> None:
    """Run the migrations of the current Alembic context (call this from a service's env.py)."""
    config = context.config
    service = str(config.attributes.get("service") or "service")
    schema = config.attributes.get("schema")
    metadata = [target_metadata] if isinstance(target_metadata, MetaData) else list(target_metadata)
    options: dict[str, Any] = {
        "target_metadata": [*metadata, platform_metadata],
        "version_table": version_table(service),
        "version_table_schema": schema,
        "compare_type": True,
    }
    url = config.get_main_option("sqlalchemy.url") or ""
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, schema, service, options))


async def _run_online(url: str, schema: str | None, service: str, options: dict[str, Any]) -> None:
    is_postgres = url.startswith("postgresql")
    connect_args = {"server_settings": {"search_path": schema}} if is_postgres and schema else {}
    engine = create_async_engine(url, poolclass=NullPool, connect_args=connect_args)
    try:
        async with engine.connect() as conn:
            if is_postgres and schema:
                lock = zlib.crc32(f"pdp-migrations-{service}".encode())
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock})
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                await conn.commit()
            await conn.run_sync(_run_sync, is_postgres, options)
            if is_postgres and schema:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock})
                await conn.commit()
    finally:
        await engine.dispose()


def _run_sync(conn: Connection, is_postgres: bool, options: dict[str, Any]) -> None:
    context.configure(connection=conn, render_as_batch=not is_postgres, **options)
    with context.begin_transaction():
        context.run_migrations()


def create_platform_tables() -> None:
    """Create the outbox, inbox, dead-letter and idempotency tables (in a first migration).

    They are made as this library defines them today. Later changes to them come as helpers that a
    service's later migration calls (:func:`drop_outbox_published_marker`), each of which leaves a
    database already in the new shape as it is."""
    from alembic import op

    platform_metadata.create_all(bind=op.get_bind())


def drop_platform_tables() -> None:
    """Drop the tables made by :func:`create_platform_tables`."""
    from alembic import op

    platform_metadata.drop_all(bind=op.get_bind())


OUTBOX_UNPUBLISHED_INDEX = "ix_outbox_unpublished"
"""The partial index of unpublished outbox rows, from when published rows were kept."""


def drop_outbox_published_marker() -> None:
    """Bring an outbox that kept its published rows to one that holds only the rows to publish.

    Deletes the rows already published (JetStream keeps their events), then drops the
    ``published_at`` column and its partial index ``ix_outbox_unpublished``: the relay deletes a
    row once the broker has acknowledged its event. An outbox without the column (as
    :func:`create_platform_tables` makes it now) is left as it is."""
    from alembic import op

    bind = op.get_bind()
    if "published_at" not in {c["name"] for c in inspect(bind).get_columns(outbox.name)}:
        return
    op.execute(text("DELETE FROM outbox WHERE published_at IS NOT NULL"))
    if OUTBOX_UNPUBLISHED_INDEX in {i["name"] for i in inspect(bind).get_indexes(outbox.name)}:
        op.drop_index(OUTBOX_UNPUBLISHED_INDEX, table_name=outbox.name)
    # SQLite rebuilds the table in batch mode; PostgreSQL drops the column in place.
    with op.batch_alter_table(outbox.name) as batch:
        batch.drop_column("published_at")


def restore_outbox_published_marker() -> None:
    """Undo :func:`drop_outbox_published_marker`: add the column and its index back.

    The rows in the outbox are all unpublished, so they keep ``published_at`` empty; the rows
    deleted on the way up are not restored (JetStream has their events)."""
    from alembic import op

    with op.batch_alter_table(outbox.name) as batch:
        batch.add_column(Column("published_at", UTCDateTime))
    op.create_index(
        OUTBOX_UNPUBLISHED_INDEX,
        outbox.name,
        ["id"],
        sqlite_where=text("published_at IS NULL"),
        postgresql_where=text("published_at IS NULL"),
    )
