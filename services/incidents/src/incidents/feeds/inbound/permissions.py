"""Who may push items: partners whose organization has a sharing agreement in force."""

from __future__ import annotations

from pdp_common.db import utcnow
from pdp_common.identity import Principal, Role
from pdp_common.sharing_copy import SharingCopy
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.inbound.errors import FeedPartnerForbidden
from incidents.models import sharing


async def require_partner(session: AsyncSession, principal: Principal) -> None:
    """Refuse a caller without the partner role or whose organization has no agreement in force."""
    if Role.PARTNER not in principal.roles:
        raise FeedPartnerForbidden("Pushing feed items needs the partner role.")
    now = utcnow()
    agreements = await SharingCopy(session, sharing).agreements_of(principal.org)
    if not any(agreement.in_force(now) for agreement in agreements):
        raise FeedPartnerForbidden(
            f"{principal.org} has no information-sharing agreement in force with the Centre."
        )
