"""Tables of the outbound push: partner webhook endpoints and their delivery tables.

A webhook's secrets are kept as they are (newest first, the previous one while it is rotated):
the worker signs every message with them, so they cannot be stored as a one-way hash. They are
returned once, when created or rotated, and never read back through the API.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.db import JSONDoc, UUIDPk, new_id
from pdp_common.webhook_delivery import delivery_tables
from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base

DELIVERIES = delivery_tables(Base.metadata, prefix="feed_webhook")
"""``feed_webhook_deliveries`` and ``feed_webhook_delivery_attempts``."""


class FeedWebhook(Base):
    """A partner's endpoint that receives its feed items, in one format, as they change."""

    __tablename__ = "feed_webhooks"
    __table_args__ = (Index("ix_feed_webhooks_partner", "partner_org", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    partner_org: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    secrets: Mapped[list[str]] = mapped_column(JSONDoc)
    is_enabled: Mapped[bool] = mapped_column(Boolean)
    is_suspended: Mapped[bool] = mapped_column(Boolean)
    suspended_reason: Mapped[str | None] = mapped_column(Text)
    suspended_at: Mapped[datetime | None]
    suspensions: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
