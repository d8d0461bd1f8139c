"""The sharing decision over the service's own agreements and consents."""

from __future__ import annotations

from pdp_common.db import utcnow
from pdp_common.identity import Principal
from pdp_common.sharing import SharedItem, decide
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.agreements import service as agreements
from organizations.consents import service as consents
from organizations.errors import OperationForbidden
from organizations.sharing.schemas import SharingDecisionRead, SharingQuery, SharingReasonRead


async def decision(
    session: AsyncSession, *, query: SharingQuery, principal: Principal
) -> SharingDecisionRead:
    """Decide whether the item may go to the partner, with the reasons.

    Centre staff ask about any partner; any other caller only about its own organization.
    """
    if not principal.is_centre_staff and principal.org != query.partner_org:
        raise OperationForbidden("Ask only about your own organization.")
    now = query.at or utcnow()
    item = SharedItem(
        country=query.country,
        category=query.category,
        sensitivity=query.sensitivity,
        available_at=query.available_at,
    )
    result = decide(
        item,
        partner_org=query.partner_org,
        agreements=await agreements.terms_for(session, partner_org=query.partner_org),
        consents=await consents.terms_for(session, party_org=query.partner_org),
        now=now,
    )
    return SharingDecisionRead(
        allowed=result.allowed,
        partner_org=query.partner_org,
        decided_at=now,
        reasons=[SharingReasonRead(code=r.code, ok=r.ok, detail=r.detail) for r in result.reasons],
        agreement_id=result.agreement_id,
        consent_id=result.consent_id,
    )
