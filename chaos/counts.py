"""The reckoning after a case: what was committed, published, delivered and applied, read from
the services' databases and from the broker."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import nats
from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.contracts import incidents as incident_events
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from chaos.platform import CONSUMERS, INCIDENTS, ServiceKind, Storage

STREAM = incident_events.STREAM
REPORTED = incident_events.IncidentReported.event_type


def _uuid(value: Any) -> str:
    return str(uuid.UUID(str(value)))


async def _column(storage: Storage, kind: ServiceKind, sql: str) -> list[Any]:
    engine = create_async_engine(storage.url(kind))
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(sql))).scalars())
    finally:
        await engine.dispose()


async def committed(storage: Storage) -> set[str]:
    """Return the ids of the incidents in the incidents service's database."""
    rows = await _column(
        storage, INCIDENTS, f"SELECT id FROM {storage.table(INCIDENTS, 'incidents')}"
    )
    return {_uuid(r) for r in rows}


async def outbox_left(storage: Storage) -> int:
    """Return how many events wait in the incidents service's outbox."""
    sql = f"SELECT count(*) FROM {storage.table(INCIDENTS, 'outbox')}"
    return int((await _column(storage, INCIDENTS, sql))[0])


@dataclass
class Applied:
    """What one consumer holds: event ids in its inbox, incident ids in its read model."""

    inbox: set[str]
    read_model: set[str]


async def applied(storage: Storage, kind: ServiceKind) -> Applied:
    """Return what ``kind`` applied of the reported incidents."""
    assert kind.durable
    assert kind.read_model
    inbox = await _column(
        storage,
        kind,
        f"SELECT event_id FROM {storage.table(kind, 'inbox')} "
        f"WHERE consumer = '{kind.durable}' AND event_type = '{REPORTED}'",
    )
    model = await _column(
        storage,
        kind,
        f"SELECT incident_id FROM {storage.table(kind, kind.read_model)}",
    )
    return Applied({str(e) for e in inbox}, {_uuid(i) for i in model})


@dataclass
class Published:
    """What the stream holds: each stored message's event id, and reported events per incident."""

    messages: int
    event_ids: set[str]
    reports: Counter[str]
    deliveries: dict[str, int]
    pending: dict[str, int]


async def connect(nats_url: str) -> Client:
    """Connect to the broker, or to any node of a cluster given as a comma-separated list."""
    return await nats.connect(
        servers=nats_url.split(","), connect_timeout=5, max_reconnect_attempts=5
    )


async def published(nats_url: str) -> Published:
    """Read every message of the incidents stream, and each consumer's delivery counters."""
    nc = await connect(nats_url)
    try:
        js = nc.jetstream()
        config = ConsumerConfig(ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL)
        sub = await js.pull_subscribe("pdp.incidents.>", stream=STREAM, config=config)
        total = (await js.stream_info(STREAM)).state.messages
        event_ids: set[str] = set()
        reports: Counter[str] = Counter()
        seen = 0
        while seen < total:
            for msg in await sub.fetch(min(512, total - seen), timeout=5.0):
                seen += 1
                event = json.loads(msg.data)
                event_ids.add(str(event["id"]))
                if event["type"] == REPORTED:
                    reports[_uuid(event["data"]["incident_id"])] += 1
        await sub.unsubscribe()
        deliveries: dict[str, int] = {}
        pending: dict[str, int] = {}
        for kind in CONSUMERS:
            assert kind.durable
            info = await js.consumer_info(STREAM, kind.durable)
            deliveries[kind.name] = int(info.delivered.consumer_seq or 0)
            pending[kind.name] = int((info.num_pending or 0) + (info.num_ack_pending or 0))
        return Published(total, event_ids, reports, deliveries, pending)
    finally:
        await nc.close()


async def converged(storage: Storage, expected: int) -> bool:
    """Tell whether every consumer's read model holds ``expected`` incidents and the outbox is
    empty."""
    if await outbox_left(storage):
        return False
    for kind in CONSUMERS:
        if len((await applied(storage, kind)).read_model) < expected:
            return False
    return True


async def wait_converged(storage: Storage, expected: int, *, timeout: float) -> float:
    """Wait until :func:`converged` holds or ``timeout`` passes; return the seconds waited."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while loop.time() - started < timeout:
        try:
            if await converged(storage, expected):
                break
        except Exception:  # a database briefly unavailable: ask again
            pass
        await asyncio.sleep(0.5)
    return round(loop.time() - started, 1)


async def acked(nats_url: str, durable: str) -> int:
    """Return the stream sequence below which ``durable`` has acknowledged every message."""
    nc = await connect(nats_url)
    try:
        info = await nc.jetstream().consumer_info(STREAM, durable)
        return int(info.ack_floor.stream_seq or 0)
    finally:
        await nc.close()
