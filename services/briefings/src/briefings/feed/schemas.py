"""API models of the briefings feed in JSON."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

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
