"""Table of the partner items received: one row per (partner, item id), for idempotency and
version ordering."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from pdp_common.db import UUIDPk
from sqlalchemy import Boolean, PrimaryKeyConstraint, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class InboundItem(Base):
    """A partner's item and the incident it became (or was linked to as a duplicate)."""

    __tablename__ = "feed_inbound_items"
    __table_args__ = (PrimaryKeyConstraint("partner_org", "item_id"),)

    partner_org: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk)
    version: Mapped[str | None] = mapped_column(String(64))
    version_key: Mapped[str] = mapped_column(String(80))
    payload_hash: Mapped[str] = mapped_column(String(64))
    is_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    is_retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


inbound_items_table = cast(Table, InboundItem.__table__)
