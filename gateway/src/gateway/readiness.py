"""Readiness of the gateway and of each upstream service."""

from __future__ import annotations

import asyncio

import aiohttp

from gateway.proxy import Upstreams


async def check_upstream(upstreams: Upstreams, name: str, *, timeout_seconds: float) -> str:
    """Return "ok" when service ``name`` answers its ``/readyz`` with 200, else why not."""
    upstream = upstreams.get(name)
    try:
        async with upstream.session.get(
            upstream.base_url + "/readyz", timeout=aiohttp.ClientTimeout(total=timeout_seconds)
        ) as response:
            await response.read()
            return "ok" if response.status == 200 else f"failing: status {response.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        return f"unreachable: {type(exc).__name__}"


async def check_upstreams(upstreams: Upstreams, *, timeout_seconds: float) -> dict[str, str]:
    """Return the readiness of every upstream, checked concurrently."""
    names = upstreams.names()
    states = await asyncio.gather(
        *(check_upstream(upstreams, n, timeout_seconds=timeout_seconds) for n in names)
    )
    return dict(zip(names, states, strict=True))
