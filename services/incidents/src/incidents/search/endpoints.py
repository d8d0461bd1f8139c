"""HTTP endpoints to list, search and count incidents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pdp_common.dependencies import SessionDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_response

from incidents import rows
from incidents.dependencies import ViewerDep
from incidents.errors import IncidentInvalid
from incidents.schemas import IncidentRead
from incidents.search import service
from incidents.search.schemas import IncidentCount, IncidentFilters, IncidentSort, incident_filters

router = APIRouter(prefix="/incidents", tags=["search"])

FiltersDep = Annotated[IncidentFilters, Depends(incident_filters)]
SortParam = Annotated[IncidentSort, Query(description="Order of the list.")]


@router.get("", response_model=Page[IncidentRead], responses=problems(IncidentInvalid))
async def list_incidents(
    *,
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    filters: FiltersDep,
    paging: PagingDep,
    sort: SortParam = IncidentSort.OCCURRED_DESC,
) -> Response:
    """List and search the incidents you may see (filters, free text, keyset pages)."""
    found, next_cursor = await service.list_incidents(
        session, viewer=viewer, filters=filters, sort=sort, limit=paging.limit, cursor=paging.cursor
    )
    return page_response(request, [rows.read_document(r._mapping) for r in found], next_cursor)


@router.get("/count", responses=problems(IncidentInvalid))
async def count_incidents(
    session: SessionDep, viewer: ViewerDep, filters: FiltersDep
) -> IncidentCount:
    """Count the incidents you may see that match the filters."""
    return IncidentCount(
        count=await service.count_incidents(session, viewer=viewer, filters=filters)
    )
