"""Database access shared by every service: engine, sessions, base class and portable column types.

SQLite (WAL, foreign keys on, ``BEGIN IMMEDIATE`` for writing sessions, no ``BEGIN`` for
reading ones, so that each read statement sees the latest commit as under PostgreSQL's READ
COMMITTED, without two more trips to the driver's thread) serves local runs; PostgreSQL (one
schema per service, selected through ``search_path``) serves production. Both run in tests.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import JSON, DateTime, MetaData, Uuid, event, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext import asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, registry
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator
from uuid_utils.compat import uuid7

from pdp_common import sqlite_driver

if TYPE_CHECKING:
    from pdp_common.settings import ServiceSettings

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONDoc = JSON().with_variant(JSONB(), "postgresql")
UUIDPk = Uuid(as_uuid=True)

OUTBOX_ROWS = "pdp_outbox_rows"
OUTBOX_LISTENER = "pdp_outbox_listener"
SQLITE_BEGIN = "pdp_sqlite_begin"
_READ_STATEMENT = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)


class ReadingSessionWrite(RuntimeError):
    """A statement that changes data was sent through a reading session (a GET's, on SQLite)."""


def new_id() -> uuid.UUID:
    """Return a new time-ordered UUIDv7."""
    return uuid7()


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_metadata() -> MetaData:
    """Return a MetaData with the platform's constraint naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


OutboxRow = Mapping[str, Any]
"""An outbox row as written: ``id``, ``subject``, ``payload`` and ``headers`` at least."""


class OutboxListener(Protocol):
    """Told about the outbox rows of each transaction that wrote some, around its commit."""

    def committing(self, rows: Sequence[OutboxRow]) -> None:
        """Take note of rows about to be committed (a poll racing the commit leaves them alone)."""

    def committed(self, rows: Sequence[OutboxRow]) -> None:
        """Take the rows a commit has just made durable."""

    def rolled_back(self, rows: Sequence[OutboxRow]) -> None:
        """Forget rows whose transaction rolled back."""


def note_outbox_rows(session: AsyncSession, rows: Sequence[OutboxRow]) -> None:
    """Remember that ``session``'s transaction wrote ``rows`` to the outbox.

    When the transaction commits, the database's outbox listener (the relay) receives them and
    can publish them at once; when it rolls back, they are forgotten with it."""
    session.info.setdefault(OUTBOX_ROWS, []).extend(rows)


TYPE_ANNOTATION_MAP: dict[Any, Any] = {
    datetime: UTCDateTime(),
    dict[str, Any]: JSONDoc,
    list[str]: JSONDoc,
}
"""Column types for annotations in a service's models: UTC timestamps and portable JSON."""


def make_registry() -> registry:
    """Return the declarative registry of a service's models.

    Its metadata has the platform's naming convention (:func:`make_metadata`) and its column types
    for annotations are :data:`TYPE_ANNOTATION_MAP`. A service declares its base with it::

        class Base(DeclarativeBase):
            registry = make_registry()

    (a class statement rather than ``Base = factory()``, so that type checkers see the models'
    base class).
    """
    return registry(metadata=make_metadata(), type_annotation_map=TYPE_ANNOTATION_MAP)


class Database:
    """One service's database: an async engine and the sessions made from it."""

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        pool_size: int = 10,
        outbox_listener: OutboxListener | None = None,
    ) -> None:
        self.url = url
        self.schema = schema
        self.is_sqlite = url.startswith("sqlite")
        self._writer = asyncio.Lock() if self.is_sqlite else None
        self.engine = _create_engine(url, schema=schema, pool_size=pool_size)
        info: dict[str, Any] = {OUTBOX_LISTENER: outbox_listener} if outbox_listener else {}
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._readonly_engine = (
            self.engine.execution_options(**{SQLITE_BEGIN: None}) if self.is_sqlite else self.engine
        )
        self.read_sessions = async_sessionmaker(
            self._readonly_engine, expire_on_commit=False, info=info
        )

    @classmethod
    def for_service(cls, settings: ServiceSettings) -> Database:
        """Return the database of the service ``settings`` configure (URL, schema, pool)."""
        return cls(
            settings.database_url,
            schema=settings.database_schema,
            pool_size=settings.database_pool_size,
        )

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.dispose()

    def set_outbox_listener(self, listener: OutboxListener | None) -> None:
        """Tell ``listener`` about the outbox rows of each transaction, around its commit."""
        for maker in (self.sessions, self.read_sessions):
            if listener is None:
                maker.kw.setdefault("info", {}).pop(OUTBOX_LISTENER, None)
            else:
                maker.kw.setdefault("info", {})[OUTBOX_LISTENER] = listener

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Hold this process's turn to write (SQLite only; PostgreSQL writers run concurrently).

        SQLite admits one writer at a time; a writer that finds the file locked sleeps in its busy
        handler, up to 100 ms at a time. Queueing this process's writers here instead hands the
        turn over the moment the previous transaction ends. Never nest: a task that holds the turn
        and opens another writing transaction would wait for itself."""
        if self._writer is None:
            yield
            return
        async with self._writer:
            yield

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Open a session, commit when the block succeeds, roll back when it raises."""
        async with self.writing(), self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> None:
        """Run a trivial query; raise when the database does not answer."""
        async with self._readonly_engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def _create_engine(url: str, *, schema: str | None, pool_size: int) -> AsyncEngine:
    if url.startswith("sqlite"):
        # A connection is a file handle and a thread: keep twice the pool size, so that concurrent
        # requests do not open and close one each (the pool closes, on return, the overflow it
        # cannot keep, and opening one costs more than the query it serves).
        in_memory = ":memory:" in url or url.endswith("://")
        pool = {} if in_memory else {"pool_size": 2 * pool_size, "max_overflow": pool_size}
        engine = sa_asyncio.create_async_engine(
            url, module=sqlite_driver.dbapi(), connect_args={"timeout": 30}, **pool
        )
        _configure_sqlite(engine)
        return engine
    server_settings = {"jit": "off", "application_name": schema or "pdp"}
    if schema:
        server_settings["search_path"] = schema
    return sa_asyncio.create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs a round trip per checkout; a dropped connection fails one
        # statement, and the pool then discards its stale connections.
        pool_pre_ping=False,
        connect_args={"server_settings": server_settings},
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
        if mode:
            conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _refuse_writes_outside_a_transaction(
        conn: Any, _cursor: Any, statement: str, *_: Any
    ) -> None:
        # A reading session opens no transaction on SQLite: a write there would commit statement
        # by statement and could not be rolled back, so it is refused instead.
        reading = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE") is None
        if reading and not _READ_STATEMENT.match(statement):
            raise ReadingSessionWrite(f"a reading session may not run: {statement[:80]!r}")


@event.listens_for(Session, "before_commit")
def _announce_before_commit(session: Session) -> None:
    rows = session.info.get(OUTBOX_ROWS)
    listener = session.info.get(OUTBOX_LISTENER)
    if rows and listener is not None:
        listener.committing(rows)


@event.listens_for(Session, "after_commit")
def _hand_over_after_commit(session: Session) -> None:
    rows = session.info.pop(OUTBOX_ROWS, None)
    listener = session.info.get(OUTBOX_LISTENER)
    if rows and listener is not None:
        listener.committed(rows)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    rows = session.info.pop(OUTBOX_ROWS, None)
    listener = session.info.get(OUTBOX_LISTENER)
    if rows and listener is not None:
        listener.rolled_back(rows)
