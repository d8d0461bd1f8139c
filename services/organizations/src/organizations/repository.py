"""SQL shared by every sub-domain: one keyset page of a select."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pdp_common.pagination import PageParams, decode_cursor, encode_cursor, keyset_after
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    *,
    columns: Sequence[Any],
    paging: PageParams,
    descending: bool = False,
) -> tuple[list[T], str | None]:
    """Return one page of ``stmt`` ordered by ``columns`` (the id last) and the next cursor."""
    keys = [getattr(c, "key", None) for c in columns]
    if paging.cursor:
        after = decode_cursor(paging.cursor, length=len(columns))
        stmt = stmt.where(keyset_after(columns, after, descending=descending))
    order = [c.desc() if descending else c.asc() for c in columns]
    result = await session.execute(stmt.order_by(*order).limit(paging.limit + 1))
    rows: list[T] = list(result.scalars())
    if len(rows) <= paging.limit:
        return rows, None
    rows = rows[: paging.limit]
    last = rows[-1]
    return rows, encode_cursor([getattr(last, str(key)) for key in keys])
