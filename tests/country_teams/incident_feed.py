"""A stand-in incidents producer: records incident events in a real outbox and relays them to NATS.

Tests use it to publish ``pdp.incidents.incident.*`` events the way the incidents service does
(outbox row in a transaction, relay to the ``PDP_INCIDENTS`` stream with ``Nats-Msg-Id``).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.events.streams import StreamSpec
from pdp_common.identity import Clearance
from pdp_common.platform import Platform
from pdp_common.platform_tables import platform_metadata
from pdp_common.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class FeedSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_TEST_FEED_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "incidents"


class IncidentFeed:
    """Publish incident events through a real outbox and relay."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform

    async def publish(self, *events: incident_events.IncidentSnapshot) -> None:
        """Record ``events`` in one transaction; the relay publishes them after the commit."""
        async with self.platform.db.transaction() as session:
            for data in events:
                await record_event(session, data)


@asynccontextmanager
async def incident_feed(nats_url: str, directory: Path) -> AsyncIterator[IncidentFeed]:
    """Run a stand-in incidents producer with its own SQLite outbox."""
    settings = FeedSettings(
        database_url=f"sqlite+aiosqlite:///{directory / 'incidents-feed.db'}",
        nats_url=nats_url,
        relay_poll_seconds=0.2,
    )
    platform = Platform(settings, producer=StreamSpec.for_producer("incidents"))
    async with platform.db.engine.begin() as conn:
        await conn.run_sync(platform_metadata.create_all)
    await platform.start()
    try:
        yield IncidentFeed(platform)
    finally:
        await platform.stop()


def incident(
    kind: type[incident_events.IncidentSnapshot] = incident_events.IncidentVerified,
    **fields: Any,
) -> incident_events.IncidentSnapshot:
    """Return an incident event with plausible defaults for the fields not given."""
    values: dict[str, Any] = {
        "incident_id": new_id(),
        "reference": "INC-KGZ-2026-000001",
        "country": "KGZ",
        "admin1": "Batken",
        "category": "border_incident",
        "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash",
        "severity": 3,
        "sensitivity": Clearance.INTERNAL,
        "status": "verified",
        "occurred_at": utcnow() - timedelta(days=3),
        "latitude": 39.9,
        "longitude": 70.8,
        "title": "Exchange of fire at a border post",
        "origin_org": "UNRCCA",
        "version": 2,
    }
    values.update(fields)
    return kind(**values)


def days_ago(days: int) -> datetime:
    """Return the time ``days`` days ago."""
    return utcnow() - timedelta(days=days)


__all__ = ["IncidentFeed", "days_ago", "incident", "incident_feed", "uuid"]
