"""Build the caller's view: its organization's sharing terms as of now."""

from __future__ import annotations

from pdp_common.db import utcnow
from pdp_common.identity import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.repository import AccessRepository
from incidents.access.rule import Viewer


async def viewer_for(session: AsyncSession, principal: Principal) -> Viewer:
    """Return the caller with the agreements and consents of its organization, as of now."""
    now = utcnow()
    if principal.is_centre_staff:
        return Viewer(principal=principal, agreements=(), consents=(), now=now)
    access = AccessRepository(session)
    return Viewer(
        principal=principal,
        agreements=tuple(await access.agreements_of(principal.org)),
        consents=tuple(await access.consents_for(principal.org)),
        now=now,
    )
