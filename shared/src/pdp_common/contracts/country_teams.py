"""Events published by the country-teams service (stream ``PDP_COUNTRY_TEAMS``).

Each activity event carries the activity's full public state (its IATI-shaped who, what, where,
when), so a consumer can keep a read model from events alone. ``version`` grows by one on every
change; a consumer ignores an event older than the version it holds.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from pdp_common.events.envelope import EventData
from pdp_common.events.registry import event
from pdp_common.events.streams import stream_name

STREAM = stream_name("country-teams")
"""The stream the country-teams service publishes these events to."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
AgencyCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9_.-]*$")
]
CategoryCode = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]


class ActivitySnapshot(EventData):
    """The public state of a preventive activity after a change."""

    activity_id: uuid.UUID
    country_team_id: uuid.UUID
    iati_identifier: str | None = None
    title: str
    country: CountryCode
    admin1: str | None = None
    lead_agency: AgencyCode
    agencies: list[AgencyCode] = Field(description="Lead and participating agencies.")
    status: str = Field(description="IATI activity status name (pipeline, implementation, ...).")
    categories: list[CategoryCode]
    sectors: list[str] = Field(description="OECD DAC 5-digit purpose codes.")
    start_on: date | None = None
    end_on: date | None = None
    budget_amount: Decimal | None = None
    budget_currency: str | None = None
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the activity id."""
        return str(self.activity_id)


@event("pdp.country_teams.activity.created.v1")
class ActivityCreated(ActivitySnapshot):
    """A preventive activity was recorded."""


@event("pdp.country_teams.activity.updated.v1")
class ActivityUpdated(ActivitySnapshot):
    """A preventive activity changed; ``changed`` names the fields that did."""

    changed: list[str] = Field(default_factory=list)
