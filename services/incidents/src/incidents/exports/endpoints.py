"""HTTP endpoints to export incidents as ACLED-style CSV and as GeoJSON."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, cast

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pdp_common.dependencies import PlatformDep
from pdp_common.openapi import problems

from incidents.dependencies import CSVViewerDep, GeoJSONViewerDep
from incidents.errors import IncidentInvalid
from incidents.exports import formats, service
from incidents.exports.schemas import IncidentFeatureCollection
from incidents.search.schemas import IncidentFilters, IncidentSort, incident_filters
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents", tags=["exports"])

FiltersDep = Annotated[IncidentFilters, Depends(incident_filters)]
SortParam = Annotated[IncidentSort, Query(description="Order of the export.")]


class CSVVariant(StrEnum):
    """The CSV as data tools read it (``standard``), or with a byte order mark for Excel."""

    STANDARD = "standard"
    EXCEL = "excel"


VariantParam = Annotated[
    CSVVariant,
    Query(description="excel: UTF-8 with a byte order mark, so Excel reads non-Latin text."),
]


class GeoJSONResponse(StreamingResponse):
    """A streamed GeoJSON document."""

    media_type = formats.GEOJSON_MEDIA_TYPE


def _chunk(platform: PlatformDep) -> int:
    return cast(IncidentsSettings, platform.settings).export_chunk_size


@router.get(
    "/export.geojson",
    response_class=GeoJSONResponse,
    responses={
        200: {
            "model": IncidentFeatureCollection,
            "description": "A FeatureCollection of Point features (longitude, latitude).",
        },
        **problems(IncidentInvalid),
    },
)
async def export_incidents_geojson(
    platform: PlatformDep,
    viewer: GeoJSONViewerDep,
    filters: FiltersDep,
    sort: SortParam = IncidentSort.OCCURRED_DESC,
) -> GeoJSONResponse:
    """Export the incidents you may see as an RFC 7946 FeatureCollection (streamed); a partner's
    agreements count only when they list the ``geojson`` format."""
    stream = service.geojson_stream(
        platform.db, viewer=viewer, filters=filters, sort=sort, chunk=_chunk(platform)
    )
    return GeoJSONResponse(stream)


@router.get(
    "/export.csv",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "One row per incident, ACLED column names in the first row.",
        },
        **problems(IncidentInvalid),
    },
)
async def export_incidents_csv(
    platform: PlatformDep,
    viewer: CSVViewerDep,
    filters: FiltersDep,
    sort: SortParam = IncidentSort.OCCURRED_DESC,
    variant: VariantParam = CSVVariant.STANDARD,
) -> StreamingResponse:
    """Export the incidents you may see as CSV with ACLED column names (streamed); a partner's
    agreements count only when they list the ``csv`` format. ``variant=excel`` starts the file
    with a UTF-8 byte order mark so that Excel shows Cyrillic and other non-Latin text."""
    excel = variant is CSVVariant.EXCEL
    stream = service.csv_stream(
        platform.db,
        viewer=viewer,
        filters=filters,
        sort=sort,
        chunk=_chunk(platform),
        excel=excel,
    )
    name = "incidents-excel.csv" if excel else "incidents.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(stream, media_type=formats.CSV_MEDIA_TYPE, headers=headers)
