"""Tell a database that cannot be reached from a bug: the first is answered 503, the second 500.

A request that meets a database outage (PostgreSQL stopped, restarting, refusing connections, a
connection dropped mid-transaction, the pool exhausted; SQLite locked past its timeout) is a
failure worth retrying, and is rendered as ``503 temporarily-unavailable`` with ``Retry-After``.
The test looks through the exception's chain (``__cause__``, ``__context__`` and the driver error
that SQLAlchemy wraps in ``orig``), so it needs no driver import.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy.exc

UNAVAILABLE_SQLSTATES = ("08", "57P", "53300")
"""SQLSTATE prefixes of an unreachable server: connection exceptions (class 08), operator
intervention (shutting down, starting up) and too many connections."""
MAX_CHAIN = 16


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield ``exc`` and every exception it was raised from or wraps, each once."""
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending and len(seen) < MAX_CHAIN:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "orig", None)]
        pending.extend(e for e in linked if isinstance(e, BaseException))


def _unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sqlalchemy.exc.TimeoutError | sqlalchemy.exc.DisconnectionError):
        return True
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    if isinstance(exc, sqlalchemy.exc.OperationalError) and "database is locked" in str(exc):
        return True
    sqlstate = getattr(exc, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def database_unavailable(exc: BaseException) -> bool:
    """Tell whether ``exc`` comes from a database that cannot be reached right now."""
    return any(_unavailable(e) for e in _chain(exc))
