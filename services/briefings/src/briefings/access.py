"""Who may read a briefing: the Centre by clearance; anyone else only what was released to it and
what its sharing agreements and the states' consents allow.

A caller of the Centre sees the briefings at or below its clearance. Any other caller sees a
briefing only when all of these hold:

* the briefing is released, and the caller's organization is in its audience;
* its classification is at or below the caller's clearance;
* for every country of the briefing and every threat category it speaks of (its theme, or all of
  them when it has none: a situation brief may report any threat), :func:`pdp_common.sharing.decide`
  allows the item (country, category, classification, available since the release) under the
  organization's agreements that list the ``briefing`` format, with the states' consents.

The audience says whom the Centre meant a briefing for; the agreements say what may flow to them.
Default deny: a briefing the caller may not see answers 404 and never appears in lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from pdp_common.db import utcnow
from pdp_common.identity import Clearance, Principal
from pdp_common.sharing import (
    THREAT_CATEGORIES,
    AgreementTerms,
    ConsentTerms,
    DeliveryFormat,
    SharedItem,
    decide,
    delivering,
)
from pdp_common.sharing_copy import SharingCopy
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import Briefing, sharing
from briefings.vocabulary import BriefingStatus


@dataclass(frozen=True)
class Reader:
    """A caller, with the sharing terms that apply to its organization at one instant."""

    principal: Principal
    agreements: tuple[AgreementTerms, ...]
    """The organization's agreements that list the briefing format."""
    consents: tuple[ConsentTerms, ...]
    now: datetime

    def may_see(self, briefing: Briefing) -> bool:
        """Tell whether the caller may read ``briefing``."""
        if not self.principal.clearance.allows(Clearance(briefing.classification)):
            return False
        if self.principal.is_centre_staff:
            return True
        if briefing.status != BriefingStatus.RELEASED or briefing.released_at is None:
            return False
        if self.principal.org not in briefing.audience or not briefing.countries:
            return False
        return all(
            decide(
                item,
                partner_org=self.principal.org,
                agreements=self.agreements,
                consents=self.consents,
                now=self.now,
            ).allowed
            for item in shared_items(briefing)
        )


def shared_items(briefing: Briefing) -> Iterator[SharedItem]:
    """Yield what a released briefing shares: one item per country and threat category."""
    assert briefing.released_at is not None
    categories = (briefing.theme,) if briefing.theme else THREAT_CATEGORIES
    sensitivity = Clearance(briefing.classification)
    for country in briefing.countries:
        for category in categories:
            yield SharedItem(country, category, sensitivity, briefing.released_at)


async def reader_for(session: AsyncSession, principal: Principal) -> Reader:
    """Return the caller with its organization's sharing terms (none for the Centre), as of now."""
    now = utcnow()
    if principal.is_centre_staff:
        return Reader(principal, agreements=(), consents=(), now=now)
    copy = SharingCopy(session, sharing)
    agreements = await copy.agreements_of(principal.org)
    return Reader(
        principal,
        agreements=delivering(agreements, DeliveryFormat.BRIEFING),
        consents=tuple(await copy.consents_for(principal.org)),
        now=now,
    )
