"""The read access rule, for one incident (Python) — its SQL twin is in access/repository.py.

A caller of the Centre (organization ``UNRCCA`` without the partner role) sees incidents whose
sensitivity is at or below its clearance. Any other caller sees an incident only when its
sensitivity is at or below the caller's clearance AND :func:`pdp_common.sharing.decide` allows it
for the caller's organization, using the local copy of agreements and consents, with the incident's
``created_at`` as the instant it became available (the embargo counts from it). Default deny: an
incident the caller may not see answers 404 and never appears in lists, counts or exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pdp_common.identity import Clearance, Principal
from pdp_common.sharing import AgreementTerms, ConsentTerms, SharedItem, SharingDecision, decide
from sqlalchemy import Row

from incidents.models import Incident


@dataclass(frozen=True)
class Viewer:
    """A caller, with the sharing terms that apply to its organization at one instant."""

    principal: Principal
    agreements: Sequence[AgreementTerms]
    consents: Sequence[ConsentTerms]
    now: datetime

    @property
    def is_centre(self) -> bool:
        """Tell whether the caller is the Centre's own staff."""
        return self.principal.is_centre_staff

    @property
    def clearance(self) -> Clearance:
        """Return the caller's clearance."""
        return self.principal.clearance

    @property
    def org(self) -> str:
        """Return the caller's organization code."""
        return self.principal.org

    def decision(self, incident: Incident | Row[Any]) -> SharingDecision:
        """Return the sharing decision for this caller's organization on ``incident``."""
        item = SharedItem(
            country=incident.country,
            category=incident.category,
            sensitivity=Clearance(incident.sensitivity),
            available_at=incident.created_at,
        )
        return decide(
            item,
            partner_org=self.org,
            agreements=self.agreements,
            consents=self.consents,
            now=self.now,
        )

    def may_see(self, incident: Incident | Row[Any]) -> bool:
        """Tell whether the caller may see ``incident`` (a loaded incident or its read row)."""
        if not self.clearance.allows(Clearance(incident.sensitivity)):
            return False
        if self.is_centre:
            return True
        return self.decision(incident).allowed
