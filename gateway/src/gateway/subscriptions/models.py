"""Tables of event subscriptions: the subscription and its delivery tables.

A subscription's secrets are kept as they are (the current one, and the previous one until its
overlap after a rotation ends): the worker signs every message with them, so they cannot be stored
as a one-way hash. They are returned once, when created or rotated, and never read back.

The owner is the principal that registered the subscription, as it was then: events are filtered
for what that principal may receive (its organization's sharing terms, its clearance).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pdp_common.db import JSONDoc, UUIDPk, new_id
from pdp_common.webhook_delivery import delivery_tables
from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.base import Base

DELIVERIES = delivery_tables(Base.metadata, prefix="event_subscription")
"""``event_subscription_deliveries`` and ``event_subscription_delivery_attempts``."""


class SubscriptionStatus(StrEnum):
    """Whether a subscription receives events."""

    ACTIVE = "active"  # receives and is delivered to
    SUSPENDED = "suspended"  # by the platform (failures, credential gone); the owner resumes it
    DISABLED = "disabled"  # by its owner; enabling it again releases what it holds


class EventSubscription(Base):
    """A URL that receives the events matching a filter, for one owner."""

    __tablename__ = "event_subscriptions"
    __table_args__ = (
        Index("ix_event_subscriptions_owner_org", "owner_org", "id"),
        Index("ix_event_subscriptions_status", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    owner_org: Mapped[str] = mapped_column(String(32))
    owner_subject: Mapped[str] = mapped_column(String(200))
    owner_roles: Mapped[list[str]] = mapped_column(JSONDoc)
    owner_clearance: Mapped[str] = mapped_column(String(32))
    owner_credential: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    types: Mapped[list[str]] = mapped_column(JSONDoc)
    countries: Mapped[list[str]] = mapped_column(JSONDoc)
    categories: Mapped[list[str]] = mapped_column(JSONDoc)
    description: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    suspensions: Mapped[int] = mapped_column(Integer, default=0)
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self) -> bool:
        """Tell whether the subscription receives events now."""
        return self.status == SubscriptionStatus.ACTIVE
