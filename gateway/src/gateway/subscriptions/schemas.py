"""API models of event subscriptions and their delivery log."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field

from gateway.subscriptions import examples
from gateway.subscriptions.models import SubscriptionStatus

URL_FIELD = Field(min_length=8, max_length=2000, description="An https URL on a public host.")
TYPES_DESCRIPTION = "Event types to receive (`pdp.incidents.incident.verified.v1`); none: all."
COUNTRIES_DESCRIPTION = "ISO 3166-1 alpha-3 codes the event is about (`_`: none or several)."
CATEGORIES_DESCRIPTION = "Threat categories the event is about (`_`: none or several)."


class SubscriptionCreate(Strict):
    """A URL to receive events, and which events."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SUBSCRIPTION_CREATE]})

    url: str = URL_FIELD
    types: list[str] = Field(default_factory=list, max_length=50, description=TYPES_DESCRIPTION)
    countries: list[str] = Field(
        default_factory=list, max_length=50, description=COUNTRIES_DESCRIPTION
    )
    categories: list[str] = Field(
        default_factory=list, max_length=50, description=CATEGORIES_DESCRIPTION
    )
    description: str | None = Field(default=None, max_length=500)
    enabled: bool = Field(default=True, description="false: registered disabled.")


class SubscriptionUpdate(Strict):
    """Changes to a subscription (omitted fields stay); `enabled` false disables it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SUBSCRIPTION_UPDATE]})

    url: str | None = Field(default=None, min_length=8, max_length=2000)
    types: list[str] | None = Field(default=None, max_length=50, description=TYPES_DESCRIPTION)
    countries: list[str] | None = Field(
        default=None, max_length=50, description=COUNTRIES_DESCRIPTION
    )
    categories: list[str] | None = Field(
        default=None, max_length=50, description=CATEGORIES_DESCRIPTION
    )
    description: str | None = Field(default=None, max_length=500)
    enabled: bool | None = Field(
        default=None, description="false: stop receiving; true: receive again (not a resume)."
    )


class SubscriptionRead(BaseModel):
    """An event subscription (its secret is never shown again after creation or rotation)."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.SUBSCRIPTION_READ]}
    )

    id: uuid.UUID
    url: str
    types: list[str]
    countries: list[str]
    categories: list[str]
    description: str | None
    status: SubscriptionStatus
    status_reason: str | None = Field(description="Why it was suspended or disabled.")
    status_changed_at: datetime | None
    suspensions: int = Field(description="How many times the platform suspended it.")
    owner_org: str
    owner_subject: str = Field(description="Who registered it; events are filtered for them.")
    previous_secret_expires_at: datetime | None = Field(
        description="Until then messages are also signed with the secret before the rotation."
    )
    created_at: datetime
    updated_at: datetime


class SubscriptionWithSecret(SubscriptionRead):
    """A subscription just created, or whose secret was just rotated, with its secret."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SUBSCRIPTION_WITH_SECRET]})

    secret: str = Field(description="`whsec_...`: shown once; verify `webhook-signature` with it.")


class DeliveryAttemptRead(BaseModel):
    """One attempt at a delivery."""

    attempt: int
    started_at: datetime
    duration_ms: int
    status_code: int | None = Field(description="What the receiver answered; none: no answer.")
    error: str | None


class EventDeliveryRead(BaseModel):
    """One event sent to a subscription: where it stands, and each attempt made."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DELIVERY_READ]})

    id: uuid.UUID
    message_id: str = Field(description="`webhook-id`: the event id, the same on every retry.")
    event_type: str
    status: str = Field(description="pending | delivered | failed | held | cancelled.")
    attempts: int
    next_attempt_at: datetime | None = Field(description="When a pending one is tried next.")
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    attempt_log: list[DeliveryAttemptRead]


class PingQueued(BaseModel):
    """A test message queued for a subscription."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PING_QUEUED]})

    delivery_id: uuid.UUID = Field(description="Follow it in the delivery log.")
    message_id: str
