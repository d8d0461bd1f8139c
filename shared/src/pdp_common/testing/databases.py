"""Databases for tests: a SQLite file per test, and a PostgreSQL database per test session with a
schema per test."""

from __future__ import annotations

import os
from dataclasses import dataclass

import asyncpg
from sqlalchemy import MetaData, text
from sqlalchemy.engine import make_url

from pdp_common.db import Database

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class DatabaseTarget:
    """Where a test's service stores its data."""

    backend: str
    url: str
    schema: str | None


async def create_tables(db: Database, metadata: MetaData, target: DatabaseTarget) -> None:
    """Create ``metadata``'s tables in ``target``, in its schema on PostgreSQL."""
    async with db.transaction() as setup:
        if target.schema:
            await setup.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{target.schema}"'))
            await setup.execute(text(f'SET search_path TO "{target.schema}"'))
        await setup.run_sync(lambda s: metadata.create_all(s.connection()))


def postgres_admin_url() -> str:
    """Return the URL of the PostgreSQL server tests use (``PDP_TEST_POSTGRES_URL`` or local)."""
    return os.environ.get("PDP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_database(admin_url: str, name: str) -> str:
    """Create database ``name`` (dropping a leftover one) and return its SQLAlchemy URL."""
    conn = await asyncpg.connect(_dsn(admin_url), timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name``, closing its connections."""
    conn = await asyncpg.connect(_dsn(admin_url), timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
