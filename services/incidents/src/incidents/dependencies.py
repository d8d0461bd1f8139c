"""FastAPI dependencies of the incidents service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pdp_common.concurrency import IfMatchHeader
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.sharing import DeliveryFormat

from incidents.access.rule import Viewer
from incidents.access.service import viewer_for


async def get_viewer(session: SessionDep, principal: PrincipalDep) -> Viewer:
    """Return the caller with its organization's sharing terms for the JSON API, as of now."""
    return await viewer_for(session, principal=principal)


async def get_geojson_viewer(session: SessionDep, principal: PrincipalDep) -> Viewer:
    """Return the caller with its organization's sharing terms for GeoJSON exports."""
    return await viewer_for(session, principal=principal, delivery=DeliveryFormat.GEOJSON)


async def get_csv_viewer(session: SessionDep, principal: PrincipalDep) -> Viewer:
    """Return the caller with its organization's sharing terms for CSV exports."""
    return await viewer_for(session, principal=principal, delivery=DeliveryFormat.CSV)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]
GeoJSONViewerDep = Annotated[Viewer, Depends(get_geojson_viewer)]
CSVViewerDep = Annotated[Viewer, Depends(get_csv_viewer)]

IfMatch = IfMatchHeader
