"""API schemas of the inbound feed: the per-item report."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

REPORT_EXAMPLE: dict[str, Any] = {
    "created": 1, "updated": 0, "retracted": 0, "unchanged": 0, "duplicate_of": 0, "rejected": 1,
    "items": [
        {"index": 0, "pointer": "/items/0", "item_id": "unama-2026-0413", "version": "3",
         "outcome": "created", "incident_id": "019b0c5e-7a4e-7c1d-9a55-0f2b7d9e8a10",
         "reference": "INC-AFG-2026-000042", "note": None, "problem": None},
        {"index": 1, "pointer": "/items/1", "item_id": "unama-2026-0414", "version": None,
         "outcome": "rejected", "incident_id": None, "reference": None, "note": None,
         "problem": {"type": "/problems/incident-location-invalid",
                     "title": "Coordinates do not match the stated country", "status": 422,
                     "detail": "Coordinates refused: the point lies in UZB, not AFG.",
                     "pointer": "/items/1"}},
    ],
}  # fmt: skip


class FeedItemOutcome(StrEnum):
    """What happened to one item."""

    CREATED = "created"
    UPDATED = "updated"
    RETRACTED = "retracted"
    UNCHANGED = "unchanged"
    DUPLICATE_OF = "duplicate_of"
    REJECTED = "rejected"


class FeedItemProblem(BaseModel):
    """Why an item was refused, as an RFC 9457 problem with a pointer into the batch."""

    type: str
    title: str
    status: int
    detail: str
    pointer: str


class FeedItemResult(BaseModel):
    """The outcome of one item."""

    index: int
    pointer: str
    item_id: str | None
    version: str | None
    outcome: FeedItemOutcome
    incident_id: uuid.UUID | None = None
    reference: str | None = None
    note: str | None = None
    problem: FeedItemProblem | None = None


class FeedItemsReport(BaseModel):
    """How many items had each outcome, and each item's outcome in batch order."""

    model_config = ConfigDict(json_schema_extra={"examples": [REPORT_EXAMPLE]})

    created: int = 0
    updated: int = 0
    retracted: int = 0
    unchanged: int = 0
    duplicate_of: int = 0
    rejected: int = 0
    items: list[FeedItemResult]
