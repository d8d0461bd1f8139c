"""Situation-feed events, published by the incidents service (stream ``PDP_INCIDENTS``).

Every response of the outbound feed that gives a partner at least one item is recorded (the
accounting of shares) and announced by one ``ShareRecorded`` event listing the incidents and
versions served, written to the outbox in the transaction of the record. The event names
incidents by id only: their content stays behind the API, which checks need-to-know.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from pdp_common.events.envelope import EventData
from pdp_common.events.registry import event
from pdp_common.events.streams import stream_name

STREAM = stream_name("incidents")
"""The stream the incidents service publishes these events to."""


class SharedIncident(EventData):
    """One incident served in a share, at one version."""

    incident_id: uuid.UUID
    version: int = Field(ge=1)
    kind: str = Field(description="incident (the redacted record) | tombstone.")


@event("pdp.incidents.share.recorded.v1")
class ShareRecorded(EventData):
    """Incidents were served to a partner organization through an outbound feed."""

    share_id: uuid.UUID = Field(description="Id of the response's batch of share records.")
    partner_org: str = Field(description="Organization code of the partner served.")
    format: str = Field(description="json | geojson | atom | json_feed | cap.")
    served_at: datetime
    cursor: str | None = Field(default=None, description="The cursor the partner sent, if any.")
    items: list[SharedIncident]

    def event_subject(self) -> str:
        """Return the partner organization."""
        return self.partner_org
