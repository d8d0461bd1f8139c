"""API models of the briefings feed: its JSON pages and the record of shares."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from briefings.feed import examples
from briefings.schemas import BriefingRead


class BriefingFeedItemRead(BaseModel):
    """One released briefing, with its text as Markdown and HTML."""

    position: int = Field(description="The release's position in the feed (increasing).")
    url: str = Field(description="Where to read the briefing alone.")
    briefing: BriefingRead
    content_text: str = Field(description="The briefing as Markdown.")
    content_html: str = Field(description="The briefing as an HTML document.")


class BriefingFeedPageRead(BaseModel):
    """A page of the briefings feed in JSON."""

    reader: str = Field(description="The organization the page was served to.")
    served_at: datetime
    items: list[BriefingFeedItemRead]
    next_cursor: str = Field(description="Send as `cursor` next time; store it durably.")
    has_more: bool = Field(description="True when more releases are waiting: fetch again now.")


class BriefingFeedShareRead(BaseModel):
    """One briefing served to an organization through the briefings feed."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [examples.BRIEFING_FEED_SHARE_READ]},
    )

    id: uuid.UUID
    partner_org: str = Field(description="The organization the briefing was served to.")
    briefing_id: uuid.UUID
    version: int = Field(description="The briefing's version when served.")
    format: str = Field(description="json | atom | json_feed.")
    served_at: datetime
    cursor: str | None = Field(description="The cursor the reader sent (null: the start).")
