"""Build the caller's view: its organization's sharing terms as of now."""

from __future__ import annotations

from pdp_common.db import utcnow
from pdp_common.identity import Principal
from pdp_common.sharing import DeliveryFormat, delivering
from pdp_common.sharing_copy import SharingCopy
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.models import sharing


async def viewer_for(
    session: AsyncSession, *, principal: Principal, delivery: DeliveryFormat = DeliveryFormat.JSON
) -> Viewer:
    """Return the caller with the agreements and consents of its organization, as of now; only
    the agreements that allow ``delivery`` (the API's JSON, or an export's format) count."""
    now = utcnow()
    if principal.is_centre_staff:
        return Viewer(principal=principal, agreements=(), consents=(), now=now)
    access = SharingCopy(session, sharing)
    return Viewer(
        principal=principal,
        agreements=delivering(await access.agreements_of(principal.org), delivery),
        consents=tuple(await access.consents_for(principal.org)),
        now=now,
    )
