"""The aggregated OpenAPI document: fetched from every service at start and on an interval.

Fetching runs in the background, so a slow or absent service never delays the gateway's start; a
service whose document is still missing is asked again every few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog

from gateway.forwarding.proxy import Upstreams
from gateway.openapi.merge import merge

log = structlog.get_logger(__name__)

RETRY_SECONDS = 5.0


@dataclass(slots=True)
class SourceState:
    """What the gateway last obtained from one service's ``/openapi.json``."""

    document: dict[str, Any] | None = None
    fetched_at: float | None = None
    error: str | None = None


class OpenApiAggregator:
    """Keep the merged document of the gateway and every service up to date."""

    def __init__(
        self,
        upstreams: Upstreams,
        local: Callable[[], dict[str, Any]],
        *,
        refresh_seconds: float,
        timeout_seconds: float,
    ) -> None:
        self._upstreams = upstreams
        self._local = local
        self._refresh_seconds = refresh_seconds
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self.sources: dict[str, SourceState] = {name: SourceState() for name in upstreams.names()}
        self._merged: dict[str, Any] | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Keep every service's document fresh in the background, starting now."""
        self._task = asyncio.create_task(self._loop(), name="openapi-refresh")

    async def stop(self) -> None:
        """Stop refreshing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def document(self) -> dict[str, Any]:
        """Return the merged document."""
        if self._merged is None:
            self._merged = self._build()
        return self._merged

    async def refresh(self) -> None:
        """Fetch every service's document now; keep the previous one of a service that fails."""
        names = self._upstreams.names()
        results = await asyncio.gather(*(self._fetch(name) for name in names))
        for name, (document, error) in zip(names, results, strict=True):
            state = self.sources[name]
            state.error = error
            if document is not None:
                state.document, state.fetched_at = document, time.time()
        self._merged = self._build()

    async def _loop(self) -> None:
        while True:
            await self.refresh()
            missing = any(state.document is None for state in self.sources.values())
            await asyncio.sleep(
                min(self._refresh_seconds, RETRY_SECONDS) if missing else self._refresh_seconds
            )

    async def _fetch(self, name: str) -> tuple[dict[str, Any] | None, str | None]:
        upstream = self._upstreams.get(name)
        url = upstream.base_url + "/openapi.json"
        try:
            async with upstream.session.get(url, timeout=self._timeout) as response:
                if response.status != 200:
                    return None, f"status {response.status}"
                document = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.info("openapi fetch failed", upstream=name, error=type(exc).__name__)
            return None, type(exc).__name__
        if not isinstance(document, dict):
            return None, "not a JSON object"
        return document, None

    def _build(self) -> dict[str, Any]:
        documents = {name: state.document for name, state in self.sources.items() if state.document}
        return merge(self._local(), documents)
