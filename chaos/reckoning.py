"""The counts and checks shared by the cases that ingest incidents: every acknowledged incident
committed, published once, and applied exactly once by every consumer."""

from __future__ import annotations

import asyncio
from typing import Any

from chaos import counts
from chaos.load import Tally
from chaos.platform import CONSUMERS, Storage

ACK_SETTLE_SECONDS = 15.0
"""How long the last acknowledgements may take to reach the broker before the count."""


async def _settled_stream(nats_url: str) -> counts.Published:
    """Read the stream once no consumer has messages pending (or the wait is over)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ACK_SETTLE_SECONDS
    stream = await counts.published(nats_url)
    while any(stream.pending.values()) and loop.time() < deadline:
        await asyncio.sleep(0.2)
        stream = await counts.published(nats_url)
    return stream


async def reckon(
    storage: Storage, nats_url: str, tally: Tally
) -> tuple[dict[str, Any], dict[str, bool]]:
    """Count what was committed, published, delivered and applied; return (counts, checks)."""
    committed = await counts.committed(storage)
    stream = await _settled_stream(nats_url)
    reported = set(stream.reports)
    found: dict[str, Any] = {
        "clients": tally.as_dict(),
        "committed": len(committed),
        "acknowledged_not_committed": len(tally.acknowledged - committed),
        "outbox_left": await counts.outbox_left(storage),
        "stream_messages": stream.messages,
        "stream_duplicate_messages": stream.messages - len(stream.event_ids),
        "published_incidents": len(reported),
        "incidents_reported_twice": sum(1 for n in stream.reports.values() if n > 1),
    }
    checks: dict[str, bool] = {
        "no acknowledged write lost": found["acknowledged_not_committed"] == 0,
        "no 500 answer": tally.server_errors == 0,
        "every error is problem+json": tally.not_problem_json == 0,
        "no write given up": tally.given_up == 0,
        "every committed incident published": reported == committed,
        "each incident reported once": found["incidents_reported_twice"] == 0,
    }
    for kind in CONSUMERS:
        got = await counts.applied(storage, kind)
        found[kind.name] = {
            "deliveries": stream.deliveries[kind.name],
            "applied": len(got.inbox),
            "read_model": len(got.read_model & committed),
            "missing": len(committed - got.read_model),
            "not_committed": len(got.read_model - committed),
            "redeliveries_absorbed": stream.deliveries[kind.name] - len(stream.event_ids),
            "left_pending": stream.pending[kind.name],
        }
        checks[f"{kind.name}: every committed incident applied"] = got.read_model >= committed
        checks[f"{kind.name}: nothing applied that was not committed"] = got.read_model <= committed
        checks[f"{kind.name}: each event applied once"] = len(got.inbox) == len(
            got.inbox & stream.event_ids
        ) and len(got.inbox) == len(reported)
    return found, checks


async def settle_and_reckon(
    storage: Storage, nats_url: str, tally: Tally, *, timeout: float
) -> tuple[dict[str, Any], dict[str, bool]]:
    """Wait (up to ``timeout``) until every consumer holds what was acknowledged, then reckon;
    the counts open with the wait's length, ``settle_seconds``."""
    settled = await counts.wait_converged(storage, len(tally.acknowledged), timeout=timeout)
    found, checks = await reckon(storage, nats_url, tally)
    return {"settle_seconds": settled} | found, checks
