"""A seeded incidents database kept between runs, so that a rerun with a million incidents starts in
seconds: a SQLite file under ``var/bench/`` or a PostgreSQL template database, named by a key of
the data's version, its size and the service's migrations (a new migration seeds anew).

Seeding goes around the API: generated incidents through the bulk storage path
(``bench.incidents_fill.fill``), then copies made in SQL up to the size. The outbox is emptied
afterwards (the seeding's events are not the benchmark's work) and the statistics refreshed. Each
run gets a copy: a file copy, or ``CREATE DATABASE ... TEMPLATE``.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from incidents.main import MIGRATIONS_DIR
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.migrations import upgrade
from pdp_common.platform_tables import outbox
from pdp_common.testing.databases import postgres_admin_url
from sqlalchemy import delete, text
from sqlalchemy.engine import make_url

from bench.incidents_data import check_generator
from bench.incidents_fill import clone, fill

DATA_VERSION = 1
FILLED = 20_000  # incidents stored through the bulk path (with timelines); the rest are copies
SCHEMA = "incidents"


def migrations_fingerprint(directory: Path = MIGRATIONS_DIR) -> str:
    """Return a short hash of the service's migration scripts."""
    digest = hashlib.sha256()
    for path in sorted((directory / "versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def _checkpoint(path: Path) -> None:
    """Move everything from the write-ahead log into the file itself (so a copy holds it all)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True)
class IncidentsCache:
    """Where seeded databases are kept: ``directory`` (SQLite) and names from ``prefix`` (PG)."""

    directory: Path
    prefix: str = "pdp_bench_cache_incidents"
    log: Callable[[str], None] = print

    def key(self, size: int) -> str:
        """Return the name part of a seeded database of ``size`` incidents."""
        return f"v{DATA_VERSION}_{size}_{migrations_fingerprint()}"

    @staticmethod
    def is_stale(name: str) -> bool:
        """Tell whether a kept database is of another data version or other migrations."""
        version, fingerprint = f"_v{DATA_VERSION}_", f"_{migrations_fingerprint()}"
        return version not in name or fingerprint not in name

    async def sqlite_copy(self, size: int, destination: Path) -> str:
        """Copy the seeded SQLite file of ``size`` incidents (seeding it first if needed)."""
        cached = self.directory / f"incidents_{self.key(size)}.db"
        if not cached.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            for kept in self.directory.glob("incidents_*.db"):
                if self.is_stale(kept.name):
                    kept.unlink()
            building = cached.with_suffix(".building")
            building.unlink(missing_ok=True)
            await _seed(f"sqlite+aiosqlite:///{building}", None, size, self.log)
            _checkpoint(building)
            building.replace(cached)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, destination)
        return f"sqlite+aiosqlite:///{destination}"

    async def postgres_copy(self, size: int, name: str) -> str:
        """Create database ``name`` from the seeded template of ``size`` incidents."""
        admin = postgres_admin_url()
        template = f"{self.prefix}_{self.key(size)}"
        conn = await asyncpg.connect(_dsn(admin), timeout=10)
        try:
            found = await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1", self.prefix + "%"
            )
            names = {row["datname"] for row in found}
            if template not in names:
                building = template + "_building"
                for stale in {n for n in names if self.is_stale(n)} | {building}:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
                await conn.execute(f'CREATE DATABASE "{building}"')
                url = make_url(admin).set(database=building).render_as_string(hide_password=False)
                await _seed(url, SCHEMA, size, self.log)
                await conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            await conn.close()
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    async def drop(self) -> None:
        """Delete every seeded database of this cache (files and PostgreSQL templates)."""
        shutil.rmtree(self.directory, ignore_errors=True)
        conn = await asyncpg.connect(_dsn(postgres_admin_url()), timeout=10)
        try:
            found = await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1", self.prefix + "%"
            )
            for row in found:
                await conn.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')
        finally:
            await conn.close()


async def _seed(url: str, schema: str | None, size: int, log: Callable[[str], None]) -> None:
    check_generator()
    settings = IncidentsSettings(database_url=url, database_schema=schema, nats_enabled=False)
    await upgrade(MIGRATIONS_DIR, settings)
    backend = "postgres" if settings.is_postgres else "sqlite"
    async with Database.for_service(settings) as db:
        filled = min(size, FILLED)
        log(f"service_reads/{backend}: seeding {size} incidents ({filled} stored, the rest copied)")
        await fill(db, filled, seed=size)
        generation, copied = 0, filled
        while copied < size:  # each pass copies the stored ones only, under a year of its own
            generation += 1
            count = min(filled, size - copied)
            await clone(db, backend, count, generation=generation)
            copied += count
        async with db.transaction() as session:
            await session.execute(delete(outbox))
        async with db.transaction() as session:
            await session.execute(text("ANALYZE"))
