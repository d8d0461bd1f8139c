"""Events published by the incidents service (stream ``PDP_INCIDENTS``).

Every event carries the incident's identity and classification after the change: ids, reference,
country, admin1, category, ACLED event type (``acled_event_type``, since ``event_type`` names the
CloudEvents type), severity, best casualty estimate, confidence in the sources, sensitivity,
status and time. They never carry the incident's text when it is strictly confidential: ``title``
is present only for incidents below ``strictly_confidential`` and the summary, sources, actors and
transition reasons never travel in events. A consumer that needs the body reads it over the API,
which checks the caller's need-to-know. ``version`` grows with every change; a consumer ignores an
event older than the version it holds.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from pdp_common.events.envelope import EventData
from pdp_common.events.registry import event
from pdp_common.events.streams import stream_name
from pdp_common.identity import Clearance

STREAM = stream_name("incidents")
"""The stream the incidents service publishes these events to."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class ThreatCategory(StrEnum):
    """The threat categories the Centre monitors: the values of ``category`` today.

    Events carry the category as an open code (:data:`CategoryCode`), so that a consumer keeps
    working when a category is added; a service that validates categories in its own API uses
    this vocabulary."""

    TERRORISM = "terrorism"
    VIOLENT_EXTREMISM = "violent_extremism"
    DRUG_TRAFFICKING = "drug_trafficking"
    ORGANIZED_CRIME = "organized_crime"
    ENVIRONMENTAL_DEGRADATION = "environmental_degradation"
    WATER_ENERGY_DISPUTE = "water_energy_dispute"
    BORDER_INCIDENT = "border_incident"
    INTERCOMMUNAL_TENSION = "intercommunal_tension"
    POLITICAL_UNREST = "political_unrest"
    OTHER = "other"


CategoryCode = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]


class IncidentSnapshot(EventData):
    """The shareable state of an incident after a change."""

    incident_id: uuid.UUID
    reference: str = Field(description="Human reference, e.g. INC-KGZ-2026-000123.")
    country: CountryCode
    admin1: str | None = None
    category: CategoryCode
    acled_event_type: str = Field(description="ACLED event type (the incident's event_type).")
    acled_sub_event_type: str = Field(description="ACLED sub-event type.")
    severity: int = Field(ge=1, le=5)
    casualties_best: int | None = Field(
        default=None, ge=0, description="Best estimate of casualties; null when not known."
    )
    confidence_score: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description=(
            "Confidence in the incident from its graded sources, 0 to 1 (1 - prod(1 - w) over "
            "independent sources' reliability x credibility weights); null when not known."
        ),
    )
    sensitivity: Clearance
    status: str = Field(
        description="reported | under_review | verified | rejected | corrected | retracted."
    )
    occurred_at: datetime
    latitude: float
    longitude: float
    title: str | None = Field(
        default=None, description="Present only when the incident is not strictly confidential."
    )
    origin_org: str = Field(description="Organization whose report the incident came from.")
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the incident id."""
        return str(self.incident_id)


@event("pdp.incidents.incident.reported.v1")
class IncidentReported(IncidentSnapshot):
    """An incident was recorded (by hand, by a partner's push or by a bulk import)."""


@event("pdp.incidents.incident.updated.v1")
class IncidentUpdated(IncidentSnapshot):
    """An incident's fields changed, or it was taken under review."""


@event("pdp.incidents.incident.verified.v1")
class IncidentVerified(IncidentSnapshot):
    """An officer verified an incident."""


@event("pdp.incidents.incident.rejected.v1")
class IncidentRejected(IncidentSnapshot):
    """An officer rejected a reported incident after review."""


@event("pdp.incidents.incident.corrected.v1")
class IncidentCorrected(IncidentSnapshot):
    """A verified incident was corrected."""


@event("pdp.incidents.incident.retracted.v1")
class IncidentRetracted(IncidentSnapshot):
    """A verified incident was retracted; consumers withdraw it (a tombstone)."""


@event("pdp.incidents.incident.merged.v1")
class IncidentMerged(IncidentSnapshot):
    """Duplicates were merged into this incident, which keeps every provenance."""

    merged_ids: list[uuid.UUID] = Field(description="Incidents now merged into this one.")
    merged_references: list[str]


SNAPSHOT_EVENTS: tuple[type[IncidentSnapshot], ...] = (
    IncidentReported,
    IncidentUpdated,
    IncidentVerified,
    IncidentRejected,
    IncidentCorrected,
    IncidentRetracted,
    IncidentMerged,
)
"""Every incident event: each carries the incident's snapshot after the change."""
