"""Events published by the briefings service (stream ``PDP_BRIEFINGS``).

They carry a briefing's identity, kind, classification, countries and audience, never its text: a
consumer that needs the body reads it over the API, which checks the caller's clearance and the
briefing's audience. ``version`` is the briefing's version after the change.
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

STREAM = stream_name("briefings")
"""The stream the briefings service publishes these events to."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
OrgCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9_.-]*$")
]


class BriefingSnapshot(EventData):
    """What may be said about a briefing outside the service."""

    briefing_id: uuid.UUID
    kind: str = Field(
        description="daily_situation_brief | weekly_regional_analysis | flash_alert "
        "| thematic_note."
    )
    classification: Clearance
    countries: list[CountryCode]
    audience: list[OrgCode]
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the briefing id."""
        return str(self.briefing_id)


@event("pdp.briefings.briefing.drafted.v1")
class BriefingDrafted(BriefingSnapshot):
    """A briefing draft was created (by a person, or automatically for a grave incident)."""

    source_incident_id: uuid.UUID | None = Field(
        default=None, description="The incident a flash alert was drafted for."
    )


@event("pdp.briefings.briefing.cleared.v1")
class BriefingCleared(BriefingSnapshot):
    """The Head of Centre cleared a briefing for release."""

    cleared_by: str


@event("pdp.briefings.briefing.released.v1")
class BriefingReleased(BriefingSnapshot):
    """A cleared briefing was released to its audience; it no longer changes."""

    released_at: datetime


class SharedBriefing(EventData):
    """One briefing served in a share, at one version."""

    briefing_id: uuid.UUID
    version: int = Field(ge=1)


@event("pdp.briefings.share.recorded.v1")
class BriefingShareRecorded(EventData):
    """Released briefings were served to an organization through the briefings feed.

    It names briefings by id only: their text stays behind the API, which checks who may read
    them."""

    share_id: uuid.UUID = Field(description="Id of the response's batch of share records.")
    partner_org: OrgCode = Field(description="Organization code of the caller served.")
    format: str = Field(description="json | atom | json_feed.")
    served_at: datetime
    cursor: str | None = Field(default=None, description="The cursor the caller sent, if any.")
    items: list[SharedBriefing]

    def event_subject(self) -> str:
        """Return the organization served."""
        return self.partner_org
