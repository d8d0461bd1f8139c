"""Request and response bodies of the pulled-feed endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from incidents.feeds.inbound.parsing import MEDIA_TYPES
from incidents.feeds.inbound.schemas import FeedItemResult

Media = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=32)]


class PulledFeedCreate(BaseModel):
    """A partner feed to fetch on a schedule."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "partner_org": "UNAMA",
                    "url": "https://feeds.unama.example.org/incidents.atom",
                    "media": None,
                    "interval_seconds": 900,
                }
            ]
        },
    )

    partner_org: Annotated[str, StringConstraints(min_length=2, max_length=32)]
    url: Annotated[str, StringConstraints(min_length=8, max_length=2048)]
    media: Media | None = Field(
        None,
        description="The feed's format, one of " + ", ".join(MEDIA_TYPES) + "; "
        "null: by the Content-Type of each answer.",
    )
    interval_seconds: int | None = Field(None, description="Seconds between fetches.")
    enabled: bool = True


class PulledFeedUpdate(BaseModel):
    """What may change on a registered feed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enabled": False}, {"interval_seconds": 1800}]},
    )

    enabled: bool | None = None
    interval_seconds: int | None = None


class PulledFeedOut(BaseModel):
    """A registered feed and how its last fetch went."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_org: str
    url: str
    media: str | None
    interval_seconds: int
    enabled: bool
    etag: str | None
    last_modified: str | None
    last_fetched_at: datetime | None
    last_status: str | None
    last_error: str | None
    next_due_at: datetime
    consecutive_failures: int
    created_at: datetime
    updated_at: datetime


class PulledFetchOut(BaseModel):
    """One fetch, a job. ``status``: ``queued`` (asked for, waiting for a worker), ``running``,
    then ``succeeded``, ``not_modified`` (the feed answered 304), ``failed`` (see ``error``) or
    ``cancelled``. ``trigger`` is ``requested`` (fetch-now) or ``scheduled`` (its interval).
    ``counts`` holds the items per outcome: read, created, updated, retracted, unchanged,
    duplicate_of, rejected."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source_id: uuid.UUID
    trigger: str
    requested_by: str | None
    queued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    http_status: int | None
    media: str | None
    size_bytes: int
    counts: dict[str, int]
    error: str | None


class PulledFetchReport(BaseModel):
    """A fetch's outcome per item, in feed order, with the problem of each rejected item.
    At most 1000 items are kept (rejected ones first); ``truncated`` says some were left out."""

    fetch_id: uuid.UUID
    status: str
    counts: dict[str, int]
    truncated: bool
    items: list[FeedItemResult]
