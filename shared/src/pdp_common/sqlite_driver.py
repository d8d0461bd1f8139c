"""SQLAlchemy's aiosqlite adapter with fewer trips to the connection's thread.

aiosqlite runs every call on a SQLite connection in a thread of its own, and each call is a trip
there and back (a queue put, a thread wake-up, a future resolved on the event loop). SQLAlchemy's
adapter makes four per statement (open a cursor, execute, fetch all, close) and one for every
commit and rollback, even when no transaction is open, as when the pool resets a connection
after a commit. This adapter runs a statement in one trip (execute, fetch all, close) and skips
commits and rollbacks outside a transaction, where SQLite would do nothing. Server-side cursors
(streamed results) are SQLAlchemy's own.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

Outcome = tuple[Any, list[Any], int, int | None]
"""What one trip brings back: description, rows, rowcount and lastrowid."""


def _run(connection: sqlite3.Connection, operation: str, parameters: Any) -> Outcome:
    cursor = connection.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(connection: sqlite3.Connection, operation: str, parameters: Any) -> Outcome:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return None, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor that executes, fetches and closes in one trip to the thread."""

    __slots__ = ("_arraysize", "_outcome")

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: Outcome = (None, [], -1, None)
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[2]

    @property
    def lastrowid(self) -> Any:
        return self._outcome[3]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(_run, operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(_run_many, operation, seq_of_parameters)

    async def _trip(self, run: Any, operation: Any, parameters: Any) -> None:
        async with self._adapt_connection._execute_mutex:
            connection = self._connection
            self._outcome = await connection._execute(run, connection._conn, operation, parameters)
        self._rows = collections.deque(self._outcome[1])

    def nextset(self) -> None:
        return None

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """A connection whose statements take one trip and whose idle commits and rollbacks none."""

    __slots__ = ()

    _cursor_cls = OneTripCursor

    def _in_transaction(self) -> bool:
        raw: sqlite3.Connection | None = self._connection._connection
        return raw is not None and raw.in_transaction

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module to give ``create_async_engine(module=...)`` for a SQLite URL."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    """Return the adapter module to pass as ``module`` when creating a SQLite engine."""
    return OneTripDBAPI(aiosqlite, sqlite3)
