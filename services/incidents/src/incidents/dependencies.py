"""FastAPI dependencies of the incidents service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header
from pdp_common.dependencies import PrincipalDep, SessionDep

from incidents.access.rule import Viewer
from incidents.access.service import viewer_for


async def get_viewer(session: SessionDep, principal: PrincipalDep) -> Viewer:
    """Return the caller with its organization's sharing terms as of now."""
    return await viewer_for(session, principal)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]

IfMatch = Annotated[str | None, Header(description="The ETag from your last read of the incident.")]
