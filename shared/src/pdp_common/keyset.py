"""One keyset page of a select: the repository side of :mod:`pdp_common.pagination`.

Every list of the platform is paged by :func:`keyset_page`: the rows are ordered by a sort key
ending with the id, a page is fetched with one row more than asked (which tells whether another
page follows), and the next cursor is the sort key of the page's last row. Pages never use
OFFSET, so they stay fast and stable while rows are inserted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.pagination import (
    InvalidCursor,
    PageParams,
    decode_cursor,
    encode_cursor,
    keyset_after,
)

T = TypeVar("T")


def _expected_type(column: Any) -> type | None:
    try:
        expected: type = column.type.python_type
    except NotImplementedError:
        return None
    return expected


def cursor_values(cursor: str, columns: Sequence[Any]) -> list[Any]:
    """Decode ``cursor`` into one value per column; raise InvalidCursor when it is not one a
    list ordered by ``columns`` issued (wrong length or a value of another type)."""
    values = decode_cursor(cursor, length=len(columns))
    for column, value in zip(columns, values, strict=True):
        expected = _expected_type(column)
        if expected is not None and not isinstance(value, expected):
            raise InvalidCursor("The cursor is not one this list issued.")
    return values


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    *,
    columns: Sequence[Any],
    paging: PageParams,
    descending: bool = False,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """Return one page of ``stmt``'s entities (or of its one column's values) ordered by
    ``columns`` (the id last) and the cursor of the next page (None on the last page).

    ``keep``, when given, drops rows that SQL could not filter out (a rule checked in Python):
    further batches are read until the page is full or the rows run out.
    """
    keys = [str(c.key) for c in columns]
    after = cursor_values(paging.cursor, columns) if paging.cursor else None
    ordered = stmt.order_by(*[c.desc() if descending else c.asc() for c in columns])
    rows: list[T] = []
    while True:
        batch_stmt = ordered
        if after is not None:
            batch_stmt = ordered.where(keyset_after(columns, after, descending=descending))
        batch: list[T] = list((await session.execute(batch_stmt.limit(paging.limit + 1))).scalars())
        rows += batch if keep is None else [row for row in batch if keep(row)]
        if len(rows) > paging.limit or len(batch) <= paging.limit:
            break
        after = _key_values(batch[-1], keys)
    if len(rows) <= paging.limit:
        return rows, None
    rows = rows[: paging.limit]
    return rows, encode_cursor(_key_values(rows[-1], keys))


def _key_values(row: object, keys: Sequence[str]) -> list[Any]:
    """Return the keyset values of a page's row: an entity's attributes, or the value itself when
    the statement selects the one key column (``select(table.c.id)``)."""
    if hasattr(row, "__mapper__"):
        return [getattr(row, key) for key in keys]
    if len(keys) != 1:
        raise TypeError("a statement of plain values pages by one column")
    return [row]
