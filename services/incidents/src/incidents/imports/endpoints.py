"""HTTP endpoint of bulk import."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Header, Query, Request
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.openapi import problems

from incidents.errors import (
    IncidentActionForbidden,
    IncidentImportInvalid,
    IncidentImportMediaType,
)
from incidents.imports import parsing, service
from incidents.imports.schemas import ImportBatch, ImportReport
from incidents.permissions import require_editor
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents", tags=["imports"])

OriginParam = Annotated[
    str | None,
    Query(
        max_length=32,
        pattern=r"^[A-Z0-9][A-Z0-9_.-]*$",
        description="Organization whose records a CSV holds (default: yours); its event_id_cnty "
        "becomes each incident's external id.",
    ),
]


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": ImportBatch.model_json_schema()},
        },
    }
}
"""The OpenAPI request body of an import, one request or a job: an ACLED CSV or a JSON batch."""


@router.post(
    "/imports",
    responses=problems(IncidentActionForbidden, IncidentImportInvalid, IncidentImportMediaType),
    openapi_extra=IMPORT_BODY,
)
async def import_incidents(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
    content_type: Annotated[str, Header()] = "",
    origin_org: OriginParam = None,
) -> ImportReport:
    """Import an ACLED-style CSV or a JSON batch; every row is checked and reported."""
    require_editor(principal)
    settings = cast(IncidentsSettings, platform.settings)
    body = await request.body()
    media = content_type.split(";")[0].strip().lower()
    if media == "text/csv":
        candidates = parsing.parse_csv(
            body, origin_org=origin_org or principal.org, max_rows=settings.import_max_rows
        )
    elif media == "application/json":
        candidates = parsing.parse_json(body, max_rows=settings.import_max_rows)
    else:
        raise IncidentImportMediaType("Send text/csv (ACLED columns) or application/json.")
    return await service.import_candidates(
        session, principal, candidates, batch_size=settings.import_batch_size
    )
