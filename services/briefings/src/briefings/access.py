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
Default deny: a briefing the caller may not see answers 404 and never appears in lists. Centre
staff can ask, before or after release, which organizations of the audience the terms let a
briefing reach (:func:`reach`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from pdp_common.db import utcnow
from pdp_common.identity import CENTRE_ORG, Clearance, Principal
from pdp_common.sharing import (
    THREAT_CATEGORIES,
    AgreementTerms,
    ConsentTerms,
    DeliveryFormat,
    SharedItem,
    SharingDecision,
    decide,
    delivering,
)
from pdp_common.sharing_copy import SharingCopy
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import Briefing, sharing
from briefings.repository import Visibility
from briefings.schemas import BriefingReach, FailedCondition, HeldBackItem, OrganizationReach
from briefings.vocabulary import BriefingStatus


@dataclass(frozen=True)
class Terms:
    """An organization's sharing terms for briefings: its agreements that list the briefing
    format, and the consents given to it."""

    org: str
    agreements: tuple[AgreementTerms, ...]
    consents: tuple[ConsentTerms, ...]

    def decisions(
        self, briefing: Briefing, now: datetime
    ) -> Iterator[tuple[SharedItem, SharingDecision]]:
        """Yield the decision on each item ``briefing`` shares, as released or if released now."""
        for item in shared_items(briefing, briefing.released_at or now):
            decision = decide(
                item,
                partner_org=self.org,
                agreements=self.agreements,
                consents=self.consents,
                now=now,
            )
            yield item, decision

    def let_through(self, briefing: Briefing, now: datetime) -> bool:
        """Tell whether these terms let every item of ``briefing`` through at ``now``."""
        return bool(briefing.countries) and all(
            decision.allowed for _, decision in self.decisions(briefing, now)
        )


@dataclass(frozen=True)
class Reader:
    """A caller, with the sharing terms of its organization (none for the Centre) at one instant."""

    principal: Principal
    terms: Terms | None
    now: datetime

    def may_see(self, briefing: Briefing) -> bool:
        """Tell whether the caller may read ``briefing``."""
        if not self.principal.clearance.allows(Clearance(briefing.classification)):
            return False
        if self.principal.is_centre_staff:
            return True
        if briefing.status != BriefingStatus.RELEASED or briefing.released_at is None:
            return False
        if self.terms is None or self.principal.org not in briefing.audience:
            return False
        return self.terms.let_through(briefing, self.now)


def visibility(principal: Principal) -> Visibility:
    """Return which briefings ``principal`` may see, as far as SQL tells (the sharing terms are
    then checked by :func:`reader_for`)."""
    allowed = tuple(c.value for c in Clearance.up_to(principal.clearance))
    return Visibility(allowed, None if principal.is_centre_staff else principal.org)


def shared_items(briefing: Briefing, available_at: datetime) -> Iterator[SharedItem]:
    """Yield what a briefing shares: one item per country and threat category."""
    categories = (briefing.theme,) if briefing.theme else THREAT_CATEGORIES
    sensitivity = Clearance(briefing.classification)
    for country in briefing.countries:
        for category in categories:
            yield SharedItem(country, category, sensitivity, available_at)


async def terms_of(session: AsyncSession, org: str) -> Terms:
    """Return an organization's sharing terms for briefings, from the local copy."""
    copy = SharingCopy(session, sharing)
    return Terms(
        org,
        agreements=delivering(await copy.agreements_of(org), DeliveryFormat.BRIEFING),
        consents=tuple(await copy.consents_for(org)),
    )


async def reader_for(session: AsyncSession, principal: Principal) -> Reader:
    """Return the caller with its organization's sharing terms (none for the Centre), as of now."""
    now = utcnow()
    if principal.is_centre_staff:
        return Reader(principal, terms=None, now=now)
    return Reader(principal, terms=await terms_of(session, principal.org), now=now)


async def reach(session: AsyncSession, briefing: Briefing) -> BriefingReach:
    """Tell, for each organization of the audience, whether the sharing terms let the briefing
    reach it now (as released, or as if released now), and which items they hold back and why."""
    now = utcnow()
    audience: list[OrganizationReach] = []
    for org in briefing.audience:
        if org == CENTRE_ORG:
            audience.append(OrganizationReach(org=org, reaches=True, held_back=[]))
            continue
        terms = await terms_of(session, org)
        held_back = [
            HeldBackItem(
                country=item.country,
                category=item.category,
                failed=[
                    FailedCondition(condition=reason.code.value, detail=reason.detail)
                    for reason in decision.reasons
                    if not reason.ok
                ],
            )
            for item, decision in terms.decisions(briefing, now)
            if not decision.allowed
        ]
        reaches = bool(briefing.countries) and not held_back
        audience.append(OrganizationReach(org=org, reaches=reaches, held_back=held_back))
    return BriefingReach(briefing_id=briefing.id, as_of=now, audience=audience)
