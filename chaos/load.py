"""The ingest: thousands of incidents written through the incidents API, each with an
Idempotency-Key and retried with it until acknowledged, and every answer tallied."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pdp_common.errors import PROBLEM_JSON
from pdp_common.identity import IDENTITY_HEADER

PLACES = (
    ("KGZ", "Osh", "Osh", 72.798, 40.528),
    ("KAZ", "Almaty", "Almaty", 76.886, 43.238),
    ("TJK", "Sughd", "Isfara", 70.625, 40.126),
    ("UZB", "Fergana", "Fergana", 71.784, 40.384),
    ("TKM", "Ahal", "Ashgabat", 58.383, 37.950),
)
RETRY_DEADLINE = 120.0
"""How long one incident is retried before the ingest gives it up."""


def incident(index: int) -> dict[str, Any]:
    """Return the create payload of the ``index``-th incident of an ingest."""
    country, admin1, location, lon, lat = PLACES[index % len(PLACES)]
    return {
        "title": f"Chaos ingest incident {index} near {location}",
        "summary": "A dispute over irrigation water, recorded by the fault-injection suite.",
        "language": "en",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=1 + index % 240)).isoformat(),
        "time_precision": "day",
        "country": country,
        "admin1": admin1,
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": 1,
        "category": "water_energy_dispute",
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "actor1": "Rioters",
        "severity": 1 + index % 5,
        "sensitivity": "internal",
        "sources": [{"name": "Chaos feed", "type": "media", "reliability": "B", "credibility": 2}],
    }


@dataclass
class Tally:
    """What the clients saw: every answer by status, and the incidents acknowledged (201)."""

    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    given_up: int = 0
    not_problem_json: int = 0

    @property
    def server_errors(self) -> int:
        """Return how many answers were a 500 (an error the service did not expect)."""
        return self.statuses["500"]

    def as_dict(self) -> dict[str, Any]:
        """Return the tally as plain JSON values."""
        return {
            "statuses": dict(sorted(self.statuses.items())),
            "acknowledged": len(self.acknowledged),
            "given_up": self.given_up,
            "errors_not_problem_json": self.not_problem_json,
        }


class Ingest:
    """Write ``count`` incidents with ``concurrency`` clients to the URL ``target()`` returns."""

    def __init__(
        self,
        target: Callable[[], str],
        identity: Callable[[], str],
        *,
        count: int,
        concurrency: int,
    ) -> None:
        self.target = target
        self.identity = identity
        self.count = count
        self.concurrency = concurrency
        self.tally = Tally()
        self._next = 0

    async def run(self) -> Tally:
        """Write every incident; return what the clients saw."""
        async with httpx.AsyncClient(timeout=15.0) as client:
            await asyncio.gather(*(self._worker(client) for _ in range(self.concurrency)))
        return self.tally

    async def _worker(self, client: httpx.AsyncClient) -> None:
        while self._next < self.count:
            index = self._next
            self._next += 1
            await self._write(client, index)

    async def _write(self, client: httpx.AsyncClient, index: int) -> None:
        body = incident(index)
        key = str(uuid.uuid4())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RETRY_DEADLINE
        delay = 0.05
        while loop.time() < deadline:
            headers = {IDENTITY_HEADER: self.identity(), "Idempotency-Key": key}
            try:
                response = await client.post(
                    self.target() + "/api/v1/incidents", json=body, headers=headers
                )
            except httpx.HTTPError as exc:
                self.tally.statuses[type(exc).__name__] += 1
            else:
                self.tally.statuses[str(response.status_code)] += 1
                if response.status_code == 201:
                    self.tally.acknowledged.add(str(response.json()["id"]))
                    return
                if response.headers.get("content-type", "").split(";")[0] != PROBLEM_JSON:
                    self.tally.not_problem_json += 1
                if response.status_code < 500 and response.status_code != 409:
                    self.tally.given_up += 1
                    return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)
        self.tally.given_up += 1
