"""Stream the incidents a caller may see, rendered in an export format.

The stream runs in its own read-only session (the request's session closes when the endpoint
returns, before the body is sent), with the caller's visibility fixed when the request arrived.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from pdp_common.db import Database

from incidents import rows
from incidents.access.rule import Viewer
from incidents.exports import formats
from incidents.schemas import IncidentRead
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search.service import stream_incidents


async def _reads(
    db: Database, viewer: Viewer, filters: IncidentFilters, sort: IncidentSort, chunk: int
) -> AsyncIterator[list[IncidentRead]]:
    async with db.read_sessions() as session:
        async for batch in stream_incidents(
            session, viewer=viewer, filters=filters, sort=sort, chunk=chunk
        ):
            yield [rows.to_read(incident) for incident in batch]


async def geojson_stream(
    db: Database, *, viewer: Viewer, filters: IncidentFilters, sort: IncidentSort, chunk: int
) -> AsyncIterator[str]:
    """Yield an RFC 7946 FeatureCollection of the visible incidents, chunk by chunk."""
    yield formats.FEATURE_COLLECTION_START
    first = True
    async for batch in _reads(db, viewer, filters, sort, chunk):
        text = formats.geojson_chunk(batch, first=first)
        if text:
            first = False
            yield text
    yield formats.FEATURE_COLLECTION_END


async def csv_stream(
    db: Database,
    *,
    viewer: Viewer,
    filters: IncidentFilters,
    sort: IncidentSort,
    chunk: int,
    excel: bool = False,
) -> AsyncIterator[str]:
    """Yield an ACLED-style CSV of the visible incidents, chunk by chunk; ``excel`` starts it
    with a byte order mark, so that Excel reads it as UTF-8."""
    yield (formats.BOM if excel else "") + formats.csv_header()
    async for batch in _reads(db, viewer, filters, sort, chunk):
        yield formats.csv_chunk(batch)
