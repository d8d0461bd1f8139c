"""Failovers seen from outside: each service's ``/readyz`` names the NATS server it is connected
to, and a change of that name while the platform runs is one failover of that service."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from chaos.platform import base_url
from chaos.processes import Restartable

WATCH_SECONDS = 0.2
"""How often each service's readiness is read."""


class FailoverWatch:
    """Polls each service's readiness and counts when the node it is connected to changes."""

    def __init__(self, services: list[Restartable]) -> None:
        self._urls = {process.name: base_url(process) + "/readyz" for process in services}
        self._last: dict[str, str] = {}
        self.failovers: Counter[str] = Counter()
        self.disconnected_seen: Counter[str] = Counter()
        self.servers: dict[str, set[str]] = {name: set() for name in self._urls}

    async def run(self, done: asyncio.Event) -> None:
        """Poll every :data:`WATCH_SECONDS` until ``done`` is set."""
        async with httpx.AsyncClient(timeout=2.0) as client:
            while not done.is_set():
                for name, url in self._urls.items():
                    await self._look(client, name, url)
                try:
                    await asyncio.wait_for(done.wait(), WATCH_SECONDS)
                except TimeoutError:
                    continue

    async def _look(self, client: httpx.AsyncClient, name: str, url: str) -> None:
        try:
            server = (await client.get(url)).json().get("nats", {}).get("server")
        except (httpx.HTTPError, ValueError, AttributeError):
            return
        if server is None:
            self.disconnected_seen[name] += 1
            return
        self.servers[name].add(server)
        if self._last.get(name, server) != server:
            self.failovers[name] += 1
        self._last[name] = server

    def as_dict(self) -> dict[str, object]:
        """Return the counts as plain JSON values."""
        return {
            "failovers": dict(sorted(self.failovers.items())),
            "disconnected_readiness_polls": dict(sorted(self.disconnected_seen.items())),
            "nodes_used": {name: len(seen) for name, seen in sorted(self.servers.items())},
        }
