"""The sharing decision endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.openapi import problems

from organizations.errors import OperationForbidden
from organizations.sharing import service as sharing
from organizations.sharing.schemas import SharingDecisionRead, SharingQuery

router = APIRouter(prefix="/sharing", tags=["sharing"])


@router.get("/decision", responses=problems(OperationForbidden))
async def decide_sharing(
    *, query: Annotated[SharingQuery, Query()], session: SessionDep, principal: PrincipalDep
) -> SharingDecisionRead:
    """Answer whether an item may go to a partner, with the reasons (agreement, sensitivity,
    embargo, consent)."""
    return await sharing.decision(session, query=query, principal=principal)
