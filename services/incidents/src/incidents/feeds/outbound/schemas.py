"""API models of the outbound feed: the share records, and the JSON feed's shape for OpenAPI."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class FeedShareRead(BaseModel):
    """One item served to a partner through the outbound feed."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_org: str
    incident_id: uuid.UUID
    version: int
    kind: Literal["incident", "tombstone"]
    format: str = Field(description="json | geojson | atom | json_feed | cap.")
    served_at: datetime
    cursor: str | None = Field(description="The cursor the partner sent (null: the start).")


class FeedEntryRead(BaseModel):
    """One change: the redacted incident, or a tombstone saying why it left the feed."""

    position: int = Field(description="The change's position in the feed (increasing).")
    kind: Literal["incident", "tombstone"]
    id: uuid.UUID
    reference: str
    version: int
    changed_at: datetime
    incident: dict[str, Any] | None = Field(
        default=None,
        description="The incident read model without sources, origin, provenances, created_by "
        "and updated_by (items only).",
    )
    reason: Literal["retracted", "rejected", "merged", "withdrawn"] | None = None
    merged_into: uuid.UUID | None = None


class FeedPageRead(BaseModel):
    """A page of the outbound feed in JSON."""

    partner: str
    served_at: datetime
    items: list[FeedEntryRead]
    next_cursor: str = Field(description="Send as `cursor` next time; store it durably.")
    has_more: bool = Field(description="True when more changes are waiting: fetch again now.")
