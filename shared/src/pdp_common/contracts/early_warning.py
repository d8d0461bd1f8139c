"""Early-warning events, published by the incidents service (stream ``PDP_INCIDENTS``).

The incidents service keeps indicators per country, admin1 and threat category over rolling
windows against a longer baseline, fed by its own incident events. When an indicator departs from
its baseline beyond the configured threshold an escalation *episode* opens: one ``raised`` event,
then ``updated`` events while it grows, and one ``subsided`` event when it falls back. Each event
carries the alert's full state after the change, so a consumer keeps its copy from events alone;
``version`` grows with every change and a consumer ignores an event older than the one it holds.

Alerts name their contributing incidents by id only. ``sensitivity`` is the highest sensitivity
among them: a consumer shows the alert only to readers cleared for it, and reads the incidents
themselves over the API, which checks need-to-know.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from pdp_common.events.envelope import EventData
from pdp_common.events.registry import event
from pdp_common.events.streams import stream_name
from pdp_common.identity import Clearance

STREAM = stream_name("incidents")
"""The stream the incidents service publishes these events to."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
CategoryCode = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]


class AlertFactor(EventData):
    """One reason an alert fired, with its value and, where one exists, its baseline."""

    name: str = Field(
        description="incidents, weighted_score, casualties, severity, confidence, ..."
    )
    value: float
    baseline: float | None = Field(default=None, description="The expected value; null if none.")
    description: str = Field(description="The factor in words, for a reader of the alert.")


class EscalationAlert(EventData):
    """The state of an escalation alert after a change."""

    alert_id: uuid.UUID
    country: CountryCode
    admin1: str | None = Field(default=None, description="Null for the whole country.")
    category: CategoryCode | None = Field(default=None, description="Null for every threat.")
    window_days: int = Field(ge=1, description="The rolling window the indicator covers.")
    observed: float = Field(description="Weighted incident score in the window.")
    expected: float = Field(description="What the baseline expects in a window of that length.")
    score: float = Field(description="Departure from the baseline (see docs/early-warning.md).")
    threshold: float = Field(description="The departure that raises an alert.")
    peak_score: float = Field(description="Highest departure of the episode so far.")
    status: str = Field(description="open | subsided.")
    raised_at: datetime
    subsided_at: datetime | None = None
    factors: list[AlertFactor]
    contributing_incident_ids: list[uuid.UUID] = Field(
        description="Incidents in the window, heaviest first (at most 50)."
    )
    sensitivity: Clearance = Field(description="Highest sensitivity of a contributing incident.")
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the alert id."""
        return str(self.alert_id)


@event("pdp.incidents.alert.raised.v1")
class AlertRaised(EscalationAlert):
    """An indicator departed from its baseline beyond the threshold: an escalation opened."""


@event("pdp.incidents.alert.updated.v1")
class AlertUpdated(EscalationAlert):
    """An open escalation grew or changed its contributing incidents."""


@event("pdp.incidents.alert.subsided.v1")
class AlertSubsided(EscalationAlert):
    """The indicator fell back below the threshold's release level: the episode closed."""


ALERT_EVENTS: tuple[type[EscalationAlert], ...] = (AlertRaised, AlertUpdated, AlertSubsided)
"""Every alert event: each carries the alert's state after the change."""
