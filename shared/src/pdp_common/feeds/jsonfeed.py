"""JSON Feed 1.1 documents (https://jsonfeed.org/version/1.1); platform data under ``_pdp``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"


class JSONFeedAuthor(BaseModel):
    """The feed's author."""

    name: str
    url: str | None = None


class JSONFeedItem(BaseModel):
    """One item of a JSON Feed (``content_text`` and/or ``content_html``)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    url: str | None = None
    title: str
    content_text: str | None = None
    content_html: str | None = None
    summary: str | None = None
    date_published: str | None = None
    date_modified: str
    tags: list[str] = Field(default_factory=list)
    language: str | None = None
    pdp: dict[str, Any] = Field(alias="_pdp")


class JSONFeed(BaseModel):
    """A JSON Feed 1.1 document."""

    model_config = ConfigDict(populate_by_name=True)

    version: str = VERSION
    title: str
    feed_url: str
    next_url: str
    description: str
    authors: list[JSONFeedAuthor]
    language: str = "en"
    items: list[JSONFeedItem]
    pdp: dict[str, Any] = Field(alias="_pdp")

    def document(self) -> dict[str, Any]:
        """Return the feed as a JSON document (absent fields left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
