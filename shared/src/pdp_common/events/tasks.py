"""Background tasks that stop within a bounded time, whatever the library they wait on does."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog

log = structlog.get_logger(__name__)


async def unsubscribe(subscription: Any) -> None:
    """Drop a NATS subscription so that draining the connection does not wait on it."""
    if subscription is None:
        return
    try:
        await subscription.unsubscribe()
    except Exception as exc:
        log.debug("unsubscribe failed", error=str(exc))


async def stop_task(task: asyncio.Task[None] | None, *, timeout: float = 5.0) -> None:
    """Cancel ``task`` and wait for it at most ``timeout`` seconds."""
    if task is None or task.done():
        return
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        log.warning("background task did not stop in time", task=task.get_name())
