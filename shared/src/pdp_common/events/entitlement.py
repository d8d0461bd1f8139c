"""Which events a caller may receive outside NATS (server-sent events, webhook deliveries).

The same rule as every read path, applied to the data an event carries:

- An event's sensitivity is its data's ``sensitivity``; an event without one is ``internal`` (it
  speaks of the platform's own work: organizations, country teams, briefings, share records).
  A caller receives no event above its clearance.
- The Centre's own staff (:attr:`pdp_common.identity.Principal.is_centre_staff`) receive every
  event within their clearance.
- Anyone else (a partner organization's person or system) receives only the events of an
  incident (:data:`SHAREABLE_TYPES`), and only when :func:`pdp_common.sharing.decide` allows the
  incident to its organization under agreements that allow the ``json`` delivery format, with the
  government's consent where one is required. The embargo counts from the event's ``time``: an
  event under embargo is not delivered when it happens and is not delivered later either (the
  partner's incident feed carries the incident once the embargo has passed).

Default deny: an event whose data does not have the fields the rule needs is not delivered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pdp_common.identity import Clearance, Principal
from pdp_common.sharing import (
    AgreementTerms,
    ConsentTerms,
    DeliveryFormat,
    SharedItem,
    decide,
    delivering,
)

UNLABELLED = Clearance.INTERNAL
"""The sensitivity of an event whose data carries none."""

SHAREABLE_TYPES: frozenset[str] = frozenset(
    f"pdp.incidents.incident.{action}.v1"
    for action in (
        "reported",
        "updated",
        "verified",
        "corrected",
        "rejected",
        "retracted",
        "merged",
    )
)
"""The event types a caller outside the Centre may receive: the changes of an incident."""


def sensitivity_of(data: Mapping[str, Any]) -> Clearance | None:
    """Return the sensitivity an event's data declares (``internal`` when none), or None when it
    declares one the platform does not know."""
    value = data.get("sensitivity")
    if value is None:
        return UNLABELLED
    try:
        return Clearance(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Recipient:
    """A caller and the sharing terms of its organization, at the time they were read."""

    principal: Principal
    agreements: Sequence[AgreementTerms] = ()
    consents: Sequence[ConsentTerms] = ()

    def may_receive(
        self, event_type: str, data: Mapping[str, Any], *, time: datetime, now: datetime
    ) -> bool:
        """Tell whether this caller may receive the event of ``event_type`` with ``data``,
        which happened at ``time``, at the instant ``now``."""
        sensitivity = sensitivity_of(data)
        if sensitivity is None or not self.principal.clearance.allows(sensitivity):
            return False
        if self.principal.is_centre_staff:
            return True
        if event_type not in SHAREABLE_TYPES:
            return False
        country, category = data.get("country"), data.get("category")
        if not isinstance(country, str) or not isinstance(category, str):
            return False
        item = SharedItem(
            country=country, category=category, sensitivity=sensitivity, available_at=time
        )
        return decide(
            item,
            partner_org=self.principal.org,
            agreements=delivering(self.agreements, DeliveryFormat.JSON),
            consents=self.consents,
            now=now,
        ).allowed
