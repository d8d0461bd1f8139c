"""Escalation alert events for the briefings tests, published as the incidents service does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Clearance

from tests.country_teams.incident_feed import IncidentFeed, incident_feed


class AlertFeed:
    """Publish alert events through a real outbox and relay to the incidents stream."""

    def __init__(self, feed: IncidentFeed) -> None:
        self.feed = feed

    async def publish(self, *events: alert_events.EscalationAlert) -> None:
        """Record ``events`` in one transaction; the relay publishes them after the commit."""
        async with self.feed.platform.db.transaction() as session:
            for data in events:
                await record_event(session, data)


@asynccontextmanager
async def alert_feed(nats_url: str, directory: Path) -> AsyncIterator[AlertFeed]:
    """Run a stand-in incidents producer of alert events."""
    async with incident_feed(nats_url, directory) as feed:
        yield AlertFeed(feed)


def factor(name: str, value: float, baseline: float | None, description: str) -> dict[str, Any]:
    """Return one factor of an alert."""
    return {"name": name, "value": value, "baseline": baseline, "description": description}


def alert(
    kind: type[alert_events.EscalationAlert] = alert_events.AlertRaised, **fields: Any
) -> alert_events.EscalationAlert:
    """Return an alert event with plausible defaults for the fields not given."""
    values: dict[str, Any] = {
        "alert_id": new_id(),
        "country": "KGZ",
        "admin1": "Batken",
        "category": "border_incident",
        "window_days": 7,
        "observed": 12.5,
        "expected": 3.0,
        "score": 3.2,
        "threshold": 2.5,
        "peak_score": 3.2,
        "status": "open",
        "raised_at": utcnow() - timedelta(hours=6),
        "subsided_at": None,
        "factors": [
            factor("incidents", 6, 1.5, "6 verified incidents in 7 days against 1.5 expected"),
            factor("casualties", 4, 0.5, "4 casualties against 0.5 expected"),
            factor("severity", 4.0, 2.5, "mean severity 4.0 against 2.5"),
            factor("confidence", 0.9, None, "sources mostly confirmed"),
        ],
        "contributing_incident_ids": [new_id(), new_id()],
        "sensitivity": Clearance.INTERNAL,
        "version": 1,
    }
    values.update(fields)
    return kind(**values)


def followed(
    previous: alert_events.EscalationAlert,
    kind: type[alert_events.EscalationAlert] = alert_events.AlertUpdated,
    **fields: Any,
) -> alert_events.EscalationAlert:
    """Return the next event of ``previous``'s episode, one version later."""
    values = previous.model_dump() | {"version": previous.version + 1} | fields
    return kind(**values)
