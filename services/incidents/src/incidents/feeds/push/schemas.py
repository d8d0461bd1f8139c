"""API models of the partner webhooks and their delivery log."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from incidents.feeds.outbound.vocabulary import FeedFormat


class WebhookCreate(BaseModel):
    """A partner endpoint to register."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"partner_org": "OSCE", "url": "https://hooks.osce.example/pdp", "format": "cap"}
            ]
        },
    )

    partner_org: str = Field(min_length=2, max_length=32, description="The partner's org code.")
    url: str = Field(min_length=8, max_length=2000, description="An https URL on a public host.")
    format: FeedFormat = Field(default=FeedFormat.JSON, description="The body's feed format.")
    enabled: bool = True


class WebhookUpdate(BaseModel):
    """Changes to a webhook (omitted fields stay)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"url": "https://hooks.osce.example/pdp/v2", "enabled": True}]
        },
    )

    url: str | None = Field(default=None, min_length=8, max_length=2000)
    format: FeedFormat | None = None
    enabled: bool | None = None


class WebhookRead(BaseModel):
    """A partner webhook (its secret is never shown again after creation or rotation)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_org: str
    url: str
    format: FeedFormat
    is_enabled: bool
    is_suspended: bool
    suspended_reason: str | None
    suspended_at: datetime | None
    suspensions: int = Field(description="How many times it was suspended after failures.")
    created_by: str
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookRead):
    """A webhook just created, or whose secret was just rotated, with the secret to verify with."""

    secret: str = Field(description="`whsec_...`: shown once; verify `webhook-signature` with it.")


class DeliveryRead(BaseModel):
    """One message to a webhook: what it carried, where it stands, its last attempt."""

    id: uuid.UUID
    message_id: str = Field(description="`webhook-id`, the same on every retry.")
    event_type: str
    content_type: str
    status: str = Field(description="pending | delivered | failed | held | cancelled.")
    attempts: int
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
