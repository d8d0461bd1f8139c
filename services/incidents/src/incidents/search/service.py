"""Rules of listing, counting and searching: the caller's visibility always applies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from pdp_common.identity import Clearance
from pdp_common.pagination import InvalidCursor, decode_cursor, encode_cursor
from pdp_common.sharing import SharedItem, decide
from sqlalchemy import ColumnElement, Row, false
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.repository import visible_clause
from incidents.access.rule import Viewer
from incidents.models import Incident
from incidents.search.repository import SearchRepository, filter_clauses
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.vocabulary import ThreatCategory

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def where_for(
    session: AsyncSession, *, viewer: Viewer, filters: IncidentFilters
) -> list[ColumnElement[bool]]:
    """Return the filters' conditions and the caller's visibility, combined."""
    dialect = session.get_bind().dialect.name
    where = [visible_clause(viewer), *filter_clauses(filters, dialect)]
    if filters.country and not any(_may_see_any(viewer, c, filters) for c in filters.country):
        where.append(false())
    return where


def _may_see_any(viewer: Viewer, country: str, filters: IncidentFilters) -> bool:
    """Tell whether the caller could see any incident of ``country`` in the filtered categories.

    Asks the sharing rule about the most shareable incident there could be (public, available
    since ever): when even that one is refused, nothing of the country is visible, and a list
    asking only for such countries is known to be empty before reading any index.
    """
    if viewer.is_centre:
        return True
    categories = [c.value for c in filters.category] or [c.value for c in ThreatCategory]
    return any(
        decide(
            SharedItem(country, category, Clearance.PUBLIC, EARLIEST),
            partner_org=viewer.org,
            agreements=viewer.agreements,
            consents=viewer.consents,
            now=viewer.now,
        ).allowed
        for category in categories
    )


def _after(cursor: str | None, sort: IncidentSort) -> list[Any] | None:
    if cursor is None:
        return None
    order, value, last_id = decode_cursor(cursor, length=3)
    if order != sort.value:
        raise InvalidCursor("The cursor belongs to a list in another order; start again.")
    return [value, last_id]


async def list_incidents(
    session: AsyncSession,
    *,
    viewer: Viewer,
    filters: IncidentFilters,
    sort: IncidentSort,
    limit: int,
    cursor: str | None,
) -> tuple[list[Row[Any]], str | None]:
    """Return the read rows of one page of the incidents the caller may see, and the next page's
    cursor."""
    repo = SearchRepository(session)
    if filters.q:
        await repo.plan_each_query()
    rows = await repo.read_page(
        where_for(session, viewer=viewer, filters=filters),
        sort=sort,
        limit=limit + 1,
        after=_after(cursor, sort),
    )
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor([sort.value, last._mapping[sort.column], last.id])


async def count_incidents(
    session: AsyncSession, *, viewer: Viewer, filters: IncidentFilters
) -> int:
    """Return how many incidents the caller may see match the filters."""
    repo = SearchRepository(session)
    if filters.q:
        await repo.plan_each_query()
    return await repo.count(where_for(session, viewer=viewer, filters=filters))


def stream_incidents(
    session: AsyncSession,
    *,
    viewer: Viewer,
    filters: IncidentFilters,
    sort: IncidentSort,
    chunk: int,
) -> AsyncIterator[list[Incident]]:
    """Yield every incident the caller may see that matches the filters, in chunks."""
    where = where_for(session, viewer=viewer, filters=filters)
    return SearchRepository(session).stream(where, sort=sort, chunk=chunk)
