"""The delivery tables a service declares on its own metadata: one row per message to deliver,
and one per attempt made (the delivery log)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from pdp_common.db import UTCDateTime, UUIDPk, make_metadata


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"  # due at next_attempt_at (or leased by a worker until then)
    DELIVERED = "delivered"  # the target answered 2xx
    FAILED = "failed"  # every attempt failed; no more are made
    HELD = "held"  # the target is suspended; released when it is resumed
    CANCELLED = "cancelled"  # the target no longer exists


@dataclass(frozen=True, slots=True)
class DeliveryTables:
    """A service's delivery table and attempt table."""

    deliveries: Table
    attempts: Table


def delivery_tables(metadata: MetaData, *, prefix: str = "webhook") -> DeliveryTables:
    """Declare ``<prefix>_deliveries`` and ``<prefix>_delivery_attempts`` on ``metadata``.

    ``target_id`` is the id of the service's own target row (a subscription, a partner endpoint);
    the service's migration creates the tables with the rest of its schema."""
    deliveries = Table(
        f"{prefix}_deliveries",
        metadata,
        Column("id", UUIDPk, primary_key=True),
        Column("target_id", UUIDPk, nullable=False),
        Column(
            "message_id", String(120), nullable=False, comment="webhook-id: the same on retries"
        ),
        Column("event_type", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("content_type", String(100), nullable=False),
        Column("status", String(20), nullable=False),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("next_attempt_at", UTCDateTime, nullable=False),
        Column("last_attempt_at", UTCDateTime),
        Column("last_status_code", Integer),
        Column("last_error", Text),
        Column("last_duration_ms", Integer),
        Column("created_at", UTCDateTime, nullable=False),
        Column("delivered_at", UTCDateTime),
        Index(f"ix_{prefix}_deliveries_due", "status", "next_attempt_at"),
        Index(f"ix_{prefix}_deliveries_target", "target_id", "created_at"),
    )
    attempts = Table(
        f"{prefix}_delivery_attempts",
        metadata,
        Column("id", UUIDPk, primary_key=True),
        Column(
            "delivery_id",
            UUIDPk,
            ForeignKey(deliveries.c.id, ondelete="CASCADE"),
            nullable=False,
        ),
        Column("target_id", UUIDPk, nullable=False),
        Column("attempt", Integer, nullable=False),
        Column("started_at", UTCDateTime, nullable=False),
        Column("duration_ms", Integer, nullable=False),
        Column("status_code", Integer),
        Column("error", Text),
        Column("is_success", Boolean, nullable=False),
        Index(f"ix_{prefix}_delivery_attempts_target", "target_id", "started_at"),
        Index(f"ix_{prefix}_delivery_attempts_delivery", "delivery_id", "attempt"),
    )
    return DeliveryTables(deliveries, attempts)


def create_delivery_tables(prefix: str = "webhook") -> None:
    """Create the delivery tables of ``prefix`` in a migration, as this library defines them
    today (a later change to them comes as a helper a later migration calls)."""
    from alembic import op

    metadata = make_metadata()
    delivery_tables(metadata, prefix=prefix)
    metadata.create_all(bind=op.get_bind())


def drop_delivery_tables(prefix: str = "webhook") -> None:
    """Drop the tables :func:`create_delivery_tables` made (a migration's downgrade)."""
    from alembic import op

    metadata = make_metadata()
    delivery_tables(metadata, prefix=prefix)
    metadata.drop_all(bind=op.get_bind())
