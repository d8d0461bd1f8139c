"""SQL of listing, counting, searching and streaming incidents."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any, TypeVar

from pdp_common.pagination import keyset_after
from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    cast,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from incidents.models import Incident, incidents_table
from incidents.repository import READ_COLUMNS
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search_words import fts5_query, query_words, tsquery

SEARCH_VECTOR: ColumnElement[Any] = literal_column(
    "array_to_tsvector(array_remove(string_to_array(incidents.search_document, ' '), ''))"
)
"""PostgreSQL's search vector of an incident: the expression its GIN index is built on (migration
0004), the words of its search document."""


def filter_clauses(filters: IncidentFilters, dialect: str) -> list[ColumnElement[bool]]:
    """Return the conditions selecting the incidents that match ``filters``."""
    where: list[ColumnElement[bool]] = []
    if not filters.include_merged:
        where.append(Incident.merged_into_id.is_(None))
    simple: dict[Any, Sequence[Any]] = {
        Incident.country: filters.country,
        Incident.category: [c.value for c in filters.category],
        Incident.event_type: [e.value for e in filters.event_type],
        Incident.status: [s.value for s in filters.status],
        Incident.sensitivity: [s.value for s in filters.sensitivity],
    }
    for column, values in simple.items():
        if values:
            where.append(column.in_(list(values)))
    if filters.admin1:
        where.append(Incident.admin1 == filters.admin1)
    if filters.severity_min is not None:
        where.append(Incident.severity >= filters.severity_min)
    if filters.severity_max is not None:
        where.append(Incident.severity <= filters.severity_max)
    if filters.occurred_from is not None:
        where.append(Incident.occurred_at >= filters.occurred_from)
    if filters.occurred_to is not None:
        where.append(Incident.occurred_at < filters.occurred_to)
    if filters.bbox is not None:
        box = filters.bbox
        lat = Incident.latitude.between(box.min_lat, box.max_lat)
        spans = [Incident.longitude.between(lo, hi) for lo, hi in box.lon_spans()]
        where.append(and_(lat, or_(*spans)))
    if filters.q:
        where.append(text_clause(filters.q, dialect))
    return where


def text_clause(query: str, dialect: str) -> ColumnElement[bool]:
    """Return the full-text condition for ``query`` on this database."""
    terms = query_words(query)
    if not terms:
        return false()
    if dialect == "sqlite":
        matching: Select[tuple[int]] = (
            select(literal_column("rowid"))
            .select_from(table("incident_fts"))
            .where(literal_column("incident_fts").bool_op("MATCH")(fts5_query(terms)))
        )
        return literal_column("incidents.rowid").in_(matching)
    return SEARCH_VECTOR.bool_op("@@")(cast(tsquery(terms), TSQUERY))


def _order(sort: IncidentSort) -> tuple[Any, Any]:
    column = getattr(Incident, sort.column)
    if sort.descending:
        return column.desc(), Incident.id.desc()
    return column.asc(), Incident.id.asc()


S = TypeVar("S", bound=Select[Any])


def _paged(
    stmt: S,
    where: Sequence[ColumnElement[bool]],
    *,
    sort: IncidentSort,
    limit: int,
    after: Sequence[Any] | None,
) -> S:
    stmt = stmt.where(*where).order_by(*_order(sort)).limit(limit)
    if after is not None:
        column, key = incidents_table.c[sort.column], incidents_table.c.id
        typed = [literal(after[0], column.type), literal(after[1], key.type)]
        stmt = stmt.where(keyset_after([column, key], typed, descending=sort.descending))
    return stmt


class SearchRepository:
    """Run list, count and export queries in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def plan_each_query(self) -> None:
        """Make PostgreSQL plan this transaction's queries for their actual values.

        A prepared statement run often gets a generic plan, blind to its parameters; for a text
        search that is the wrong plan for either rare words (read the GIN index, then sort the
        few matches) or common ones (walk the sort order's index until a page is full).
        """
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    async def page(
        self,
        where: Sequence[ColumnElement[bool]],
        *,
        sort: IncidentSort,
        limit: int,
        after: Sequence[Any] | None,
    ) -> list[Incident]:
        """Return up to ``limit`` incidents after the keyset position ``after``."""
        stmt = select(Incident).options(defer(Incident.search_document))
        stmt = _paged(stmt, where, sort=sort, limit=limit, after=after)
        return list((await self.session.execute(stmt)).scalars())

    async def read_page(
        self,
        where: Sequence[ColumnElement[bool]],
        *,
        sort: IncidentSort,
        limit: int,
        after: Sequence[Any] | None,
    ) -> list[Row[Any]]:
        """Return the read rows of up to ``limit`` incidents after the position ``after``."""
        stmt = _paged(select(*READ_COLUMNS), where, sort=sort, limit=limit, after=after)
        return list((await self.session.execute(stmt)).all())

    async def count(self, where: Sequence[ColumnElement[bool]]) -> int:
        """Return how many incidents match."""
        stmt = select(func.count()).select_from(Incident).where(*where)
        return int((await self.session.execute(stmt)).scalar_one())

    async def stream(
        self, where: Sequence[ColumnElement[bool]], *, sort: IncidentSort, chunk: int
    ) -> AsyncIterator[list[Incident]]:
        """Yield every matching incident in chunks, by keyset (never OFFSET)."""
        after: list[Any] | None = None
        while True:
            rows = await self.page(where, sort=sort, limit=chunk, after=after)
            if rows:
                yield rows
            if len(rows) < chunk:
                return
            last = rows[-1]
            after = [getattr(last, sort.column), last.id]
            self.session.expunge_all()
