"""Readiness of the gateway and of each upstream service."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from gateway.forwarding.proxy import Upstreams


def upstream_state(status: int, body: bytes) -> str:
    """Summarise one service's ``/readyz`` answer: "ok", "degraded: ..." or "failing: ...".

    A service answers 200 with ``"status": "degraded"`` while it serves without the broker; its
    failing checks and its outbox backlog are named, e.g.
    ``"degraded: nats unavailable: disconnected; outbox backlog 5"``.
    """
    if status != 200:
        return f"failing: status {status}"
    try:
        content: Any = json.loads(body)
    except ValueError:
        return "ok"
    if not isinstance(content, dict) or content.get("status") != "degraded":
        return "ok"
    checks = content.get("checks")
    named = [
        f"{name} {value}"
        for name, value in (checks.items() if isinstance(checks, dict) else ())
        if value != "ok"
    ]
    outbox = content.get("outbox")
    backlog = outbox.get("backlog") if isinstance(outbox, dict) else None
    if isinstance(backlog, int):
        named.append(f"outbox backlog {backlog}")
    return "degraded: " + ("; ".join(named) or "no reason given")


async def check_upstream(upstreams: Upstreams, name: str, *, timeout_seconds: float) -> str:
    """Return "ok" when service ``name`` is ready, "degraded: ..." or why it is not."""
    upstream = upstreams.get(name)
    try:
        async with upstream.session.get(
            upstream.base_url + "/readyz", timeout=aiohttp.ClientTimeout(total=timeout_seconds)
        ) as response:
            return upstream_state(response.status, await response.read())
    except (aiohttp.ClientError, TimeoutError) as exc:
        return f"unreachable: {type(exc).__name__}"


async def check_upstreams(upstreams: Upstreams, *, timeout_seconds: float) -> dict[str, str]:
    """Return the readiness of every upstream, checked concurrently."""
    names = upstreams.names()
    states = await asyncio.gather(
        *(check_upstream(upstreams, n, timeout_seconds=timeout_seconds) for n in names)
    )
    return dict(zip(names, states, strict=True))
